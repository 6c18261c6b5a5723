import { describe, expect, it } from 'vitest';
import { ChunkAnalyses } from '../../src/ask/chunkAnalysis.js';
import type { Chunk } from '../../src/chunking/types.js';
import { Analyzer } from '../../src/text/analyzer.js';
import { splitSentences } from '../../src/text/sentences.js';

const analyzer = new Analyzer([{ term: '_nk', names: ['North Korea', 'NK'] }]);
const chunk = (id: string, text: string, heading?: string): Chunk => ({
  id,
  sourceId: 'article',
  paragraph: 1,
  text,
  heading,
});

describe('ChunkAnalyses', () => {
  it("gives each sentence exactly the analyzer's terms that start in it, with offsets into the sentence", () => {
    const text = 'North Korea sent 10,000 troops. They arrived in Kursk! Were they paid? NK said nothing';
    const analysis = new ChunkAnalyses(analyzer, () => 'A title').of(chunk('a#1', text));
    const spans = analyzer.termSpans(text);
    expect(analysis.terms).toEqual(spans.map((span) => span.term));
    const sentences = splitSentences(text);
    expect(analysis.sentences.map((sentence) => sentence.span)).toEqual(sentences);
    for (const [at, sentence] of analysis.sentences.entries()) {
      const { start, end } = sentences[at]!;
      const expected = spans
        .filter((span) => span.start >= start && span.start < end)
        .map((span) => ({ ...span, start: span.start - start, end: span.end - start }));
      expect(sentence.spans).toEqual(expected);
      expect(sentence.text).toBe(text.slice(start, end));
      for (const span of sentence.spans) expect(sentence.text.slice(span.start, span.end).length).toBeGreaterThan(0);
    }
    expect(analysis.sentences[0]!.termSet.has('_nk')).toBe(true);
  });

  it("takes the article's title and the chunk's heading as context", () => {
    const analysis = new ChunkAnalyses(analyzer, (id) => (id === 'article' ? 'Troops in Kursk' : undefined)).of(
      chunk('a#2', 'They arrived.', 'Deployment'),
    );
    expect([...analysis.contextTerms]).toEqual(analyzer.terms('Troops in Kursk\nDeployment'));
  });

  it('keeps the most recently used chunks, up to its capacity', () => {
    const analyses = new ChunkAnalyses(analyzer, () => undefined, 2);
    const [a, b, c] = ['a', 'b', 'c'].map((id) => chunk(id, `Paragraph ${id}.`)) as [Chunk, Chunk, Chunk];
    const firstA = analyses.of(a);
    const firstB = analyses.of(b);
    expect(analyses.of(a)).toBe(firstA); // a is now the most recently used, b the least
    analyses.of(c); // over capacity: b goes
    expect(analyses.of(a)).toBe(firstA);
    const secondB = analyses.of(b);
    expect(secondB).not.toBe(firstB);
    expect(secondB).toEqual(firstB);
  });
});
