import { join } from 'node:path';
import type { ChunkIndex } from '../search/chunkIndex.js';
import { openVectors, type VectorSubset, type WordVectors } from '../semantic/vectors.js';
import { PARTS_OF_SPEECH, wordNet, type PartOfSpeech, type WordNet } from '../semantic/wordnet.js';
import type { Analyzer } from '../text/analyzer.js';
import { projectRoot } from '../util/paths.js';

/** A term of the index that stands in for a question word it is not, with how much it counts (0…1). */
export interface Expansion {
  term: string;
  weight: number;
  /** Where it came from, for explaining a match. */
  via: 'wordnet' | 'vectors';
}

/** How far semantic matching reaches; the weights are starting points that training can scale. */
export interface SemanticOptions {
  /** Vector neighbours taken per question word. */
  neighbours: number;
  /** Cosine similarity a neighbour needs: below it, GloVe's neighbours are related, not interchangeable. */
  minSimilarity: number;
  /** A neighbour counts for its similarity times this (below a WordNet synonym, which is checked by lexicographers). */
  vectorWeight: number;
  /** At most this many expansions per question word, best first: a word's score must not come from its neighbours. */
  maxExpansions: number;
  /**
   * A stand-in found in more paragraphs than this share of the index (and than `commonFloor`) is
   * left out: BM25 weighs so common a term at next to nothing, and at 100,000 paragraphs its
   * posting list is most of a question's search time.
   */
  commonShare: number;
  commonFloor: number;
}

export const defaultSemanticOptions: SemanticOptions = {
  neighbours: 6,
  minSimilarity: 0.62,
  vectorWeight: 0.7,
  maxExpansions: 8,
  commonShare: 0.002,
  commonFloor: 200,
};

/** Where the word-vector binary is built once from the package's JSON (see semantic/vectors.ts). */
export function vectorCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SOURCEDESK_CACHE_DIR ?? join(projectRoot, 'node_modules', '.cache', 'sourcedesk');
}

/** Words of the vector vocabulary grouped by their index term, shared by every index of the process. */
let stemmedVocabulary: { analyzer: Analyzer; byTerm: Map<string, string[]> } | undefined;

function vocabularyByTerm(vectors: WordVectors, analyzer: Analyzer): Map<string, string[]> {
  if (stemmedVocabulary?.analyzer === analyzer) return stemmedVocabulary.byTerm;
  const byTerm = new Map<string, string[]>();
  for (const word of vectors.words) {
    const terms = analyzer.terms(word);
    // One word, one term: "north-korean" or a stop word says nothing a neighbour can use.
    if (terms.length !== 1 || terms[0]!.startsWith('_')) continue;
    const words = byTerm.get(terms[0]!);
    if (words) words.push(word);
    else byTerm.set(terms[0]!, [word]);
  }
  stemmedVocabulary = { analyzer, byTerm };
  return byTerm;
}

/**
 * Semantic matching against one index, from general resources only: WordNet 3.1's synonyms,
 * derivations, pertainyms and noun hypernyms/hyponyms, and GloVe word vectors restricted to the
 * index's own vocabulary. Resources load on first use; a question never waits for more than a
 * lookup once they are loaded.
 */
export class SemanticMatcher {
  private subset: VectorSubset | undefined;
  private readonly cache = new Map<string, Expansion[]>();
  private readonly termVectors = new Map<string, Float32Array | null>();
  private readonly textVectors = new Map<string, Float32Array | null>();

  constructor(
    private readonly index: ChunkIndex,
    private readonly analyzer: Analyzer,
    private readonly options: SemanticOptions = defaultSemanticOptions,
    private readonly resources: () => { wordNet: WordNet; vectors: WordVectors } = sharedResources,
  ) {}

  /**
   * Index terms that mean about what `word` (as the member wrote it) means. Names are never
   * expanded: a word WordNet knows only as a name, or not at all ("kirby", "kursk"), has no synonyms.
   */
  expand(word: string): Expansion[] {
    const key = word.toLowerCase();
    const cached = this.cache.get(key);
    if (cached) return cached;
    const expansions = this.lookUp(key);
    if (this.cache.size > maxCachedWords) this.cache.clear();
    this.cache.set(key, expansions);
    return expansions;
  }

  /** The unit vector of an index term (through the most frequent word that has it), if any. */
  termVector(term: string): Float32Array | undefined {
    let vector = this.termVectors.get(term);
    if (vector === undefined) {
      const { vectors } = this.resources();
      const word = vocabularyByTerm(vectors, this.analyzer).get(term)?.[0];
      vector = (word !== undefined && vectors.vector(word)) || null;
      if (this.termVectors.size > maxCachedWords) this.termVectors.clear();
      this.termVectors.set(term, vector);
    }
    return vector ?? undefined;
  }

  /**
   * The idf-weighted sum of the vectors of `terms` (a paragraph's or a question's), with optional
   * per-term weights; undefined when none has a vector. Cached by `key` when one is given: a
   * paragraph's vector never changes while its index lives.
   */
  textVector(terms: readonly string[], weights?: readonly number[], key?: string): Float32Array | undefined {
    if (key !== undefined && this.textVectors.has(key)) return this.textVectors.get(key) ?? undefined;
    let sum: Float32Array | undefined;
    terms.forEach((term, at) => {
      const vector = this.termVector(term);
      if (!vector) return;
      const weight = (weights?.[at] ?? 1) * this.index.idf(term);
      sum ??= new Float32Array(vector.length);
      for (let j = 0; j < vector.length; j++) sum[j]! += weight * vector[j]!;
    });
    if (key !== undefined) {
      if (this.textVectors.size > maxCachedTexts) this.textVectors.clear();
      this.textVectors.set(key, sum ?? null);
    }
    return sum;
  }

  private lookUp(word: string): Expansion[] {
    const { wordNet, vectors } = this.resources();
    const own = new Set(this.analyzer.terms(word));
    if (own.size !== 1) return [];
    const best = new Map<string, Expansion>();
    const { commonShare, commonFloor } = this.options;
    const commonLimit = Math.max(commonFloor, commonShare * this.index.size);
    const offer = (term: string, weight: number, via: Expansion['via']) => {
      const frequency = this.index.frequency(term);
      if (own.has(term) || term.startsWith('_') || frequency === 0 || frequency > commonLimit) return;
      if ((best.get(term)?.weight ?? 0) < weight) best.set(term, { term, weight, via });
    };
    const related = wordNet.relatedWords(word);
    if (related.length === 0) return [];
    for (const { word: lemma, weight, proper } of related) {
      if (proper) continue;
      const terms = this.analyzer.terms(lemma);
      if (terms.length === 1) offer(terms[0]!, weight, 'wordnet');
    }
    const { neighbours, minSimilarity, vectorWeight, maxExpansions } = this.options;
    // GloVe puts words used together close ("guys" by "really"): a neighbour must be able to be
    // the same part of speech as the word, by WordNet, to stand in for it.
    const kinds = partsOfSpeech(wordNet, word);
    for (const neighbour of vectors.nearest(word, this.vocabularySubset(), neighbours, minSimilarity)) {
      if (!partsOfSpeech(wordNet, neighbour.word).some((kind) => kinds.includes(kind))) continue;
      const terms = this.analyzer.terms(neighbour.word);
      if (terms.length === 1) offer(terms[0]!, neighbour.similarity * vectorWeight, 'vectors');
    }
    return [...best.values()].sort((a, b) => b.weight - a.weight).slice(0, maxExpansions);
  }

  /** The vector vocabulary's words whose term the index has: what a neighbour may be. */
  private vocabularySubset(): VectorSubset {
    if (this.subset) return this.subset;
    const { vectors } = this.resources();
    const words: string[] = [];
    for (const [term, forms] of vocabularyByTerm(vectors, this.analyzer))
      if (this.index.frequency(term) > 0) words.push(forms[0]!);
    return (this.subset = vectors.subset(words));
  }
}

const maxCachedWords = 50_000;

function partsOfSpeech(wordNet: WordNet, word: string): PartOfSpeech[] {
  return PARTS_OF_SPEECH.filter((pos) => wordNet.baseForms(word, pos).length > 0);
}
/** Paragraph vectors kept (400 bytes each): the candidates of a few thousand questions. */
const maxCachedTexts = 20_000;

let loaded: { wordNet: WordNet; vectors: WordVectors } | undefined;
function sharedResources(): { wordNet: WordNet; vectors: WordVectors } {
  return (loaded ??= { wordNet: wordNet(), vectors: openVectors(vectorCacheDir()) });
}
