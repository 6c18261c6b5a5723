import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/ask/types.js';
import { lowConfidenceBelow } from '../../src/render/shared/quote.js';
import { lowConfidenceLine, renderAnswerText, terminalQuoteLength } from '../../src/render/text/answer.js';

function citation(number: number, sourceId: string, excerpt: string, overrides: Partial<Citation> = {}): Citation {
  return {
    number,
    chunkId: `${sourceId}#${number}`,
    sourceId,
    title: `Title of ${sourceId}`,
    publisher: 'Publisher',
    paragraph: number + 3,
    excerpt,
    highlights: [],
    score: 1,
    confidence: 0.9,
    ...overrides,
  };
}

const sources: Record<string, { date?: string; url?: string }> = {
  a: { date: '2024-11-14', url: 'https://example.com/a' },
  b: { url: 'javascript:alert(1)' },
};
const style = { width: 200, color: false, source: (id: string) => sources[id] };

describe('a terminal answer', () => {
  const paragraph = 'Troops arrived in October. They trained for weeks. Then they moved to Kursk. Losses followed.';
  const answer: Answer = {
    question: 'q',
    answered: true,
    answer: 'Then they moved to Kursk. [1]',
    confidence: 0.9,
    citations: [
      citation(1, 'a', paragraph, { highlights: [[paragraph.indexOf('moved'), paragraph.indexOf(' to Kursk')]] }),
      citation(2, 'a', 'Another paragraph of a.'),
      citation(3, 'b', 'A paragraph of b.', { publisher: undefined }),
    ],
  };
  const lines = renderAnswerText(answer, style).split('\n');

  it('quotes the cited sentence with a neighbour, not the whole paragraph', () => {
    expect(lines).toContain('      “Then they moved to Kursk. Losses followed.”');
  });

  it('names title once per article, then publisher · date · paragraph · link, the link once', () => {
    expect(lines.slice(3, 5)).toEqual([
      '  [1] Title of a',
      '      Publisher · 2024-11-14 · paragraph 4 · https://example.com/a',
    ]);
    expect(lines.slice(6, 8)).toEqual(['  [2] same article as [1]', '      Publisher · paragraph 5']);
    // No publisher, and an address that is not a web link: neither is shown.
    expect(lines.slice(9, 11)).toEqual(['  [3] Title of b', '      paragraph 6']);
  });

  it('keeps a long cited sentence whole but leaves its neighbour out', () => {
    const long = `Troops ${'marched on '.repeat(40)}end. Short one.`;
    const text = renderAnswerText({ ...answer, citations: [citation(1, 'a', long, { highlights: [[0, 6]] })] }, style);
    expect(text).not.toContain('Short one.');
    expect(long.indexOf(' Short')).toBeGreaterThan(terminalQuoteLength - 'Short one.'.length);
  });

  it('says first, plainly, when its confidence is low', () => {
    const low = renderAnswerText({ ...answer, confidence: lowConfidenceBelow - 0.01 }, style);
    expect(low.startsWith(`${lowConfidenceLine}\n\n`)).toBe(true);
    expect(renderAnswerText(answer, style)).not.toContain(lowConfidenceLine);
  });

  it('a declined question is the reason alone', () => {
    expect(
      renderAnswerText({ question: 'q', answered: false, answer: 'Not in the sources.', citations: [] }, style),
    ).toBe('Not in the sources.\n');
  });
});
