import { describe, expect, it } from 'vitest';
import { boundedLines } from '../../src/cli/boundedLines.js';

async function* pieces(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe('boundedLines', () => {
  it('keeps each line to its first characters, counts its whole length, and reads CRLF, UTF-8 split across reads', async () => {
    const euro = Buffer.from('€');
    async function* input(): AsyncGenerator<Buffer> {
      yield Buffer.from('short\r\nab');
      for (let index = 0; index < 1000; index++) yield Buffer.from('x'.repeat(10_000));
      yield Buffer.concat([Buffer.from('\n'), euro.subarray(0, 1)]);
      yield Buffer.concat([euro.subarray(1), Buffer.from('\n\nlast')]);
    }
    const lines = [];
    for await (const line of boundedLines(input(), 10)) lines.push(line);
    expect(lines).toEqual([
      { text: 'short', length: 5 },
      { text: 'abxxxxxxxx', length: 10_000_002 },
      { text: '€', length: 1 },
      { text: '', length: 0 },
      { text: 'last', length: 4 },
    ]);
  });

  it('gives nothing for no input', async () => {
    const lines = [];
    for await (const line of boundedLines(pieces(), 10)) lines.push(line);
    expect(lines).toEqual([]);
  });
});
