import { describe, expect, it } from 'vitest';
import { createProgressBar, type ProgressStream } from '../../src/cli/progress.js';

function terminal(isTTY: boolean): ProgressStream & { output: string; screen(): string } {
  const stream = {
    isTTY,
    columns: 100,
    output: '',
    write(text: string) {
      stream.output += text;
    },
    /** What the terminal shows: each carriage return and line clear redraws the line. */
    screen: () =>
      stream.output
        .split('\n')
        .map((line) => line.split('\r\x1b[2K').at(-1))
        .join('\n'),
  };
  return stream;
}

describe('the reindex progress bar', () => {
  it('redraws one line on a terminal: files read, chunks indexed, then the phases without counts', () => {
    const stream = terminal(true);
    let clock = 0;
    const progress = createProgressBar(stream, () => clock);

    progress.onProgress({ phase: 'read', done: 1, total: 4 });
    expect(stream.screen()).toMatch(/^Reading seeds +\[█{6}░{18}\] 1\/4 files$/);
    progress.onProgress({ phase: 'read', done: 2, total: 4 });
    expect(stream.screen(), 'redrawn at most every 100 ms').toMatch(/ 1\/4 files$/);
    clock = 150;
    progress.onProgress({ phase: 'read', done: 3, total: 4 });
    expect(stream.screen()).toMatch(/ 3\/4 files$/);
    progress.onProgress({ phase: 'index', done: 12_000, total: 24_000 });
    expect(stream.screen()).toMatch(/^Indexing +\[█{12}░{12}\] 12,000\/24,000 chunks$/);
    progress.onProgress({ phase: 'index', done: 24_000, total: 24_000 });
    expect(stream.screen()).toBe('Extracting figures…');
    progress.onProgress({ phase: 'figures', done: 1, total: 1 });
    expect(stream.screen()).toBe('Saving the index…');
    progress.onProgress({ phase: 'save', done: 1, total: 1 });
    expect(stream.screen()).toBe('');
  });

  it('prints log lines above the bar, not across it', () => {
    const stream = terminal(true);
    const progress = createProgressBar(stream, () => 0);
    const log = progress.logger({
      debug() {},
      info() {},
      error() {},
      warn: (message) => stream.write(`warn: ${message}\n`),
    });
    progress.onProgress({ phase: 'read', done: 1, total: 2 });
    log.warn('Skipped seed bad.txt: file is binary, not text');
    expect(stream.screen()).toMatch(
      /^warn: Skipped seed bad\.txt: file is binary, not text\nReading seeds +\[.+\] 1\/2 files$/,
    );
    progress.finish();
    expect(stream.screen()).toMatch(/^warn: Skipped seed bad\.txt.*\n$/);
  });

  it('prints nothing when stderr is not a terminal', () => {
    const stream = terminal(false);
    const progress = createProgressBar(stream, () => 0);
    progress.onProgress({ phase: 'read', done: 1, total: 2 });
    progress.onProgress({ phase: 'save', done: 1, total: 1 });
    progress.finish();
    expect(stream.output).toBe('');
  });
});
