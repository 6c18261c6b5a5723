import type { Options } from 'minisearch';
import type { AnalyzedChunk } from '../chunking/chunkSource.js';
import type { Chunk } from '../chunking/types.js';
import type { Analyzer } from '../text/analyzer.js';
import { yieldToEventLoop } from '../util/yieldToEventLoop.js';
import { buildPostingLists } from './postingLists.js';
import { SavableMiniSearch, type RestorableTerm, type SavedDocuments, type SavedTerm } from './savableMiniSearch.js';

/** A chunk that matched a query, with what MiniSearch knows about the match. */
export interface ChunkHit {
  chunk: Chunk;
  score: number;
  /** The query terms that matched this chunk. */
  queryTerms: Set<string>;
  /** The chunk's own terms that matched (differ from the query terms for corrected typos). */
  documentTerms: Set<string>;
}

/**
 * The index as the snapshot saves it: what MiniSearch knows of each chunk, and its terms one at
 * a time. Chunk ids are not in it: the snapshot saves the chunks themselves, in the same order.
 */
export interface SavedChunkIndex {
  documents: SavedDocuments;
  termCount: number;
  terms: Iterable<SavedTerm>;
}

/**
 * MiniSearch over paragraph chunks, with options chosen for answering questions from news text.
 * The analyzer does all text processing (figures kept whole, stemming, stop words, aliases), so
 * MiniSearch's own tokenizer and term processing are turned off: one analyzer serves indexing,
 * questions and highlighting alike.
 */
export class ChunkIndex {
  private readonly chunksById: Map<string, Chunk>;

  /** Document frequency of every index term: the vocabulary, and the weights of query terms. */
  private readonly documentFrequency: Map<string, number>;

  private constructor(
    private readonly miniSearch: SavableMiniSearch<Chunk>,
    chunks: readonly Chunk[],
  ) {
    this.chunksById = new Map(chunks.map((chunk) => [chunk.id, chunk]));
    this.documentFrequency = miniSearch.documentFrequencies();
  }

  /**
   * Builds the index a slice at a time, yielding to the event loop between slices: a bot that
   * reindexes a large corpus keeps answering from the old index meanwhile, and progress reaches
   * the moderator as it happens. The terms chunking found are used as they are: analysis is most
   * of the cost of building.
   */
  static async build(
    analyzedChunks: readonly AnalyzedChunk[],
    analyzer: Analyzer,
    onProgress?: (done: number, total: number) => void,
  ): Promise<ChunkIndex> {
    const chunks = analyzedChunks.map(({ chunk }) => chunk);
    // In the order of miniSearchOptions' fields: text, heading.
    const fieldTerms = analyzedChunks.map(({ chunk, terms }) => [
      terms,
      chunk.heading === undefined ? undefined : analyzer.terms(chunk.heading),
    ]);
    const total = chunks.length;
    const lists = await buildPostingLists(fieldTerms, async (done, steps) => {
      onProgress?.(Math.floor((done / steps) * total), total);
      await yieldToEventLoop();
    });
    const miniSearch = SavableMiniSearch.restore<Chunk>(
      miniSearchOptions(analyzer),
      chunks.map((chunk) => chunk.id),
      lists.documents,
    );
    let batch: RestorableTerm[] = [];
    for (const term of lists.terms()) {
      batch.push(term);
      if (batch.length === termsPerStep) {
        miniSearch.restoreTerms(batch);
        batch = [];
        await yieldToEventLoop();
      }
    }
    miniSearch.restoreTerms(batch);
    onProgress?.(total, total);
    return new ChunkIndex(miniSearch, chunks);
  }

  /**
   * Restores a saved index over `chunks` (in the order they were indexed), taking its terms a
   * batch at a time as they are read, so no more than a batch of them is ever held as JSON.
   */
  static async restore(
    chunks: readonly Chunk[],
    documents: SavedDocuments,
    termBatches: AsyncIterable<readonly SavedTerm[]>,
    analyzer: Analyzer,
  ): Promise<ChunkIndex> {
    const miniSearch = SavableMiniSearch.restore<Chunk>(
      miniSearchOptions(analyzer),
      chunks.map((chunk) => chunk.id),
      documents,
    );
    for await (const batch of termBatches) miniSearch.restoreTerms(batch);
    return new ChunkIndex(miniSearch, chunks);
  }

  saved(): SavedChunkIndex {
    return {
      documents: this.miniSearch.savedDocuments(),
      termCount: this.miniSearch.termCount,
      terms: this.miniSearch.savedTerms(),
    };
  }

  get size(): number {
    return this.chunksById.size;
  }

  /** In how many chunks `term` occurs (0 for a term the sources never use). */
  frequency(term: string): number {
    return this.documentFrequency.get(term) ?? 0;
  }

  /** BM25's inverse document frequency of `term` in this index (as MiniSearch computes it). */
  idf(term: string): number {
    const frequency = this.frequency(term);
    return Math.log(1 + (this.size - frequency + 0.5) / (frequency + 0.5));
  }

  /** Best chunks for already-analyzed query terms, best first. */
  search(
    terms: readonly string[],
    options: { limit: number; sourceId?: string; termWeights?: ReadonlyMap<string, number> },
  ): ChunkHit[] {
    if (terms.length === 0) return [];
    const { sourceId, termWeights } = options;
    const results = this.miniSearch.searchTop([...new Set(terms)], {
      limit: options.limit,
      // Spend typo tolerance only on words the sources never use: a known word is exact,
      // so "casualites" is corrected while "troops" costs nothing extra.
      // One edit for short words, two for long ones: "weather" must not become "either".
      fuzzy: (term) =>
        this.documentFrequency.has(term) || term.startsWith('_') || /^\d/.test(term) || term.length < 5
          ? false
          : term.length >= 8
            ? 2
            : 1,
      ...(sourceId ? { filter: (id: string) => this.chunksById.get(id)?.sourceId === sourceId } : {}),
      ...(termWeights && { termWeight: (term: string) => termWeights.get(term) ?? 1 }),
    });
    return results.map((result) => ({
      chunk: this.chunksById.get(result.id)!,
      score: result.score,
      queryTerms: new Set(result.queryTerms),
      documentTerms: new Set(result.terms),
    }));
  }
}

/** Terms turned into MiniSearch's Maps between two yields to the event loop while building. */
const termsPerStep = 500;

function miniSearchOptions(analyzer: Analyzer): Options<Chunk> {
  return {
    idField: 'id',
    fields: ['text', 'heading'],
    // Chunks are kept beside the index; storing them in it too would double the snapshot.
    storeFields: [],
    tokenize: (text) => analyzer.terms(text),
    processTerm: (term) => term,
    // Read by searchTop, which takes questions already analyzed (see ask) and combines their terms with OR.
    searchOptions: {
      // A heading is context for its paragraph, weaker evidence than the paragraph's own words.
      boost: { text: 1, heading: 0.5 },
      // A corrected typo counts for less than the word spelled right.
      weights: { fuzzy: 0.6, prefix: 0.3 },
    },
  };
}
