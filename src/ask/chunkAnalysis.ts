import type { Chunk } from '../chunking/types.js';
import type { Analyzer, TermSpan } from '../text/analyzer.js';
import { splitSentences, type SentenceSpan } from '../text/sentences.js';

/** One sentence of a chunk: its span in the chunk, its text, and its terms with offsets into the sentence. */
export interface SentenceAnalysis {
  span: SentenceSpan;
  text: string;
  spans: readonly TermSpan[];
  terms: readonly string[];
  termSet: ReadonlySet<string>;
}

/** Everything answering derives from a chunk without looking at the question. */
export interface ChunkAnalysis {
  /** The chunk's terms in order (offsets into the chunk's text). */
  terms: readonly string[];
  termSet: ReadonlySet<string>;
  sentences: readonly SentenceAnalysis[];
  /** The sentences' spans, in order: what a candidate keeps to widen its excerpt. */
  sentenceSpans: readonly SentenceSpan[];
  /** Terms of the article's title and the chunk's heading: what the chunk is about beyond its own words. */
  contextTerms: ReadonlySet<string>;
}

/**
 * Chunks analysed at once for the answerer, most recently used kept. Analysis (tokenizing,
 * stemming, alias matching, sentence splitting) of the 30 candidates was most of a question's
 * time on a small index, and the same paragraphs come back as candidates question after
 * question. At about 5 KB a chunk, the default holds a few thousand questions' candidates in ~20 MB.
 */
export const DEFAULT_CHUNK_ANALYSIS_CAPACITY = 4_000;

/** A bounded cache of {@link ChunkAnalysis} for one index (a reindex builds a new one with its new analyzer). */
export class ChunkAnalyses {
  private readonly cache = new Map<Chunk, ChunkAnalysis>();

  constructor(
    private readonly analyzer: Analyzer,
    private readonly titleOf: (sourceId: string) => string | undefined,
    private readonly capacity = DEFAULT_CHUNK_ANALYSIS_CAPACITY,
  ) {}

  of(chunk: Chunk): ChunkAnalysis {
    const cached = this.cache.get(chunk);
    if (cached) {
      // Re-inserting moves it to the end of the Map's order, so the first key is the least recently used.
      this.cache.delete(chunk);
      this.cache.set(chunk, cached);
      return cached;
    }
    const analysis = this.analyse(chunk);
    this.cache.set(chunk, analysis);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return analysis;
  }

  private analyse(chunk: Chunk): ChunkAnalysis {
    const spans = this.analyzer.termSpans(chunk.text);
    const terms = spans.map((span) => span.term);
    let next = 0;
    const sentences = splitSentences(chunk.text).map((span): SentenceAnalysis => {
      // Spans are in text order and sentences do not overlap: one pass hands each sentence its spans.
      while (next < spans.length && spans[next]!.start < span.start) next++;
      const own: TermSpan[] = [];
      for (; next < spans.length && spans[next]!.start < span.end; next++) {
        const { term, start, end } = spans[next]!;
        own.push({ term, start: start - span.start, end: end - span.start });
      }
      const sentenceTerms = own.map((termSpan) => termSpan.term);
      return {
        span,
        text: chunk.text.slice(span.start, span.end),
        spans: own,
        terms: sentenceTerms,
        termSet: new Set(sentenceTerms),
      };
    });
    const title = this.titleOf(chunk.sourceId) ?? '';
    return {
      terms,
      termSet: new Set(terms),
      sentences,
      sentenceSpans: sentences.map((sentence) => sentence.span),
      contextTerms: new Set(this.analyzer.terms(`${title}\n${chunk.heading ?? ''}`)),
    };
  }
}
