import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/chunking/types.js';
import { extractFigures } from '../../src/figures/index.js';

/** Text built from the pieces figures are made of, so the extractor's paths are all exercised. */
const pieces = [
  '10,000',
  '1.3 million',
  '$5.5 billion',
  '15k',
  '90 per cent',
  'Three thousand',
  'or even',
  'ten thousand',
  'forty',
  'to',
  'fifty',
  'between',
  'and',
  'up to',
  'at least',
  'roughly',
  'some',
  'troops',
  'North Korean',
  'soldiers',
  'Russia',
  'killed',
  'said',
  'According to',
  'could',
  'per month',
  '1953',
  'October 18',
  '122mm',
  '11th',
  '–',
  ',',
  '.',
  '“',
  '”',
  '-',
  ' ',
  '\n',
  'the',
  'GUR',
  'claimed',
  'that',
];
const figureText = fc
  .array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 6 })), { maxLength: 60 })
  .map((parts) => parts.join(' '));
const anyText = fc.oneof(fc.string({ maxLength: 400 }), fc.string({ unit: 'grapheme', maxLength: 200 }), figureText);

const chunk = (text: string, paragraph = 1): Chunk => ({ id: `s#${paragraph}`, sourceId: 's', paragraph, text });

describe('extractFigures on arbitrary text', () => {
  it('never throws, and every figure, qualifier and sentence is really in the text', () => {
    fc.assert(
      fc.property(fc.array(anyText, { minLength: 1, maxLength: 4 }), (texts) => {
        const chunks = texts.map((text, index) => chunk(text, index + 1));
        for (const figure of extractFigures(chunks)) {
          const text = chunks.find((candidate) => candidate.id === figure.chunkId)!.text;
          expect(text.slice(figure.start, figure.end)).toBe(figure.text);
          expect(figure.text.length).toBeGreaterThan(0);
          expect(text.slice(figure.sentenceStart, figure.sentenceStart + figure.sentence.length)).toBe(figure.sentence);
          expect(figure.writtenStart).toBeLessThanOrEqual(figure.start);
          expect(figure.writtenEnd).toBeGreaterThanOrEqual(figure.end);
          expect(figure.low).toBeLessThanOrEqual(figure.high);
          expect(Number.isFinite(figure.low) && Number.isFinite(figure.high)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never hangs: long hostile text stays fast', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1,', '9 ', 'one ', 'and ', ', ', 'a ', '$', '-'),
        fc.integer({ min: 1000, max: 5000 }),
        (unit, times) => {
          const started = performance.now();
          extractFigures([chunk(unit.repeat(times))]);
          expect(performance.now() - started).toBeLessThan(1000);
        },
      ),
      { numRuns: 20 },
    );
  });
});
