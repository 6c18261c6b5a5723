import type { Chunk } from '../chunking/types.js';
import type { Analyzer } from '../text/analyzer.js';
import type { ChunkHit, ChunkIndex } from '../search/chunkIndex.js';
import {
  candidateFeatures,
  confidenceFeatures,
  featureVector,
  type AnswererModel,
  type CandidateFeature,
  type ConfidenceFeature,
} from './answerer.js';
import { logit, predict, sigmoid } from './logistic.js';
import { intentFit, questionModel, questionProblem, type QuestionModel } from './question.js';
import type { SemanticMatcher } from './semantic.js';
import type { ChunkAnalyses, SentenceAnalysis } from './chunkAnalysis.js';
import { dependentStart, type SentenceSpan } from '../text/sentences.js';
import type { Answer, AskOptions, Citation } from './types.js';

export interface SourceLabel {
  title: string;
  publisher?: string;
}

export interface AskContext {
  index: ChunkIndex;
  analyzer: Analyzer;
  sources: ReadonlyMap<string, SourceLabel>;
  /** The fitted ranker and confidence model (config/answerer.json). */
  answerer: AnswererModel;
  /** WordNet and word vectors over this index; without it, only the question's own words match. */
  semantic?: SemanticMatcher;
  /** The candidates' question-independent analysis, cached across questions. */
  chunkAnalyses: ChunkAnalyses;
}

export const defaultCitationLimit = 5;
export const maxCitationLimit = 25;

/**
 * The numbers the answerer works with that are not fitted: how much work a question may cause and
 * how its output is shaped. What decides between candidates, and whether to answer at all, is the
 * fitted model in config/answerer.json (see answerer.ts, `npm run train`).
 */
const answering = {
  /** Candidates scored per question: enough to recover from BM25's mistakes, few enough to be cheap. */
  candidatePool: 30,
  /** A concept found only in the title or heading counts for this much of one found in the text. */
  contextCredit: 0.5,
  /** Further citations need at least this share of the best candidate's probability: fewer excerpts beat noise. */
  citationShare: 0.05,
  /** A second answer sentence, from another source, when its probability is at least this share of the best's. */
  runnerUpShare: 0.9,
  /** A sentence shorter than this many characters brings the one after it into the answer. */
  shortSentence: 60,
  /** Excerpts longer than this show the best sentence and its neighbours, not the whole paragraph. */
  maxExcerptLength: 600,
} as const;

/**
 * The longest sentence quoted as an answer, in characters: a longer one (a run-on sentence, a
 * paragraph without full stops) is cut at its last word end that fits, marked with "…".
 */
export const maxAnswerSentenceLength = 400;

export const notFoundMessage = "I couldn't find anything in the sources that answers that question.";

export interface Candidate {
  hit: ChunkHit;
  sentences: readonly SentenceSpan[];
  best: SentenceSpan;
  /** Named as `candidateFeatures`. */
  features: Record<CandidateFeature, number>;
  /** How many of the question's concepts the paragraph holds in the question's own words. */
  ownConcepts: number;
  /** The ranker's log-odds that this paragraph answers the question. */
  logOdds: number;
  probability: number;
}

/** A question's candidates before the model ranks them, with what the confidence model needs besides. */
export interface ScoredQuestion {
  model: QuestionModel;
  candidates: Candidate[];
  /** Share of the question's concept weight on words the sources never use. */
  unknown: number;
  /** Per concept: none of its terms occurs in the sources. */
  unknownConcepts: boolean[];
}

/** Finds and measures the candidate paragraphs for a question; undefined when it cannot be asked. */
export function scoreCandidates(
  context: AskContext,
  question: string,
  options: AskOptions = {},
): ScoredQuestion | undefined {
  if (questionProblem(question)) return undefined;
  const model = questionModel(question, context.analyzer, context.index, context.semantic, options.focus);
  const termWeights = new Map<string, number>();
  for (const concept of model.concepts) {
    for (const term of concept.terms) termWeights.set(term, 1);
    for (const { term, weight } of concept.expansions ?? [])
      if (!termWeights.has(term) || termWeights.get(term)! < weight) termWeights.set(term, weight);
  }
  const hits = context.index.search([...termWeights.keys()], {
    limit: answering.candidatePool,
    termWeights,
    ...(options.source ? { sourceId: options.source } : {}),
  });
  const totalWeight = model.weights.reduce((sum, weight) => sum + weight, 0) || 1;
  const unknownConcepts = model.concepts.map((concept) =>
    concept.terms.every((term) => context.index.frequency(term) === 0),
  );
  const unknown = model.weights.reduce((sum, weight, at) => sum + (unknownConcepts[at] ? weight : 0), 0) / totalWeight;
  const questionVector = context.semantic && weightedVector(context, model, termWeights);
  const topScore = hits[0]?.score ?? 1;
  const candidates = hits.map((hit, position) =>
    measureCandidate(hit, position, topScore, model, context, questionVector),
  );
  return { model, candidates, unknown, unknownConcepts };
}

export function answerQuestion(context: AskContext, question: string, options: AskOptions = {}): Answer {
  const problem = questionProblem(question);
  if (problem) return { question, answered: false, answer: problem, citations: [] };
  const scored = scoreCandidates(context, question, options)!;
  const { answerer } = context;
  const candidates = rankCandidates(scored.candidates, answerer);
  const confidence = answerConfidence(scored, candidates, answerer);
  const best = candidates[0];
  if (!best || lacksOwnWords(scored, best, answerer) || confidence < answerer.declineBelow)
    return { question, answered: false, answer: notFoundMessage, citations: [], confidence };

  const limit = Math.min(Math.max(1, options.limit ?? defaultCitationLimit), maxCitationLimit);
  const floor = answering.citationShare * candidates[0]!.probability;
  const cited = candidates.filter((candidate) => candidate.probability >= floor).slice(0, limit);
  const citations = cited.map((candidate, position) => toCitation(candidate, position + 1, context));
  return { question, answered: true, answer: answerSentences(cited), citations, confidence };
}

/**
 * The fitted rules beside the threshold (see `AnswererModel`): the best candidate holds too few of
 * the question's concepts in its own words, or the question names something the sources never mention.
 */
export function lacksOwnWords(
  scored: ScoredQuestion,
  best: Candidate,
  rules: Pick<AnswererModel, 'minOwnConcepts' | 'declineUnknownNames'>,
): boolean {
  if (
    rules.declineUnknownNames &&
    scored.model.concepts.some((concept, at) => concept.name && scored.unknownConcepts[at])
  )
    return true;
  return best.ownConcepts < Math.min(rules.minOwnConcepts, scored.model.concepts.length);
}

/** Best first, by the fitted ranker. */
export function rankCandidates(candidates: readonly Candidate[], answerer: AnswererModel): Candidate[] {
  for (const candidate of candidates) {
    candidate.logOdds = logit(answerer.ranker, featureVector(candidateFeatures, candidate.features));
    candidate.probability = sigmoid(candidate.logOdds);
  }
  return [...candidates].sort((a, b) => b.logOdds - a.logOdds);
}

/** The calibrated probability that the best candidate answers the question (0 when there is none). */
export function answerConfidence(
  scored: ScoredQuestion,
  ranked: readonly Candidate[],
  answerer: AnswererModel,
): number {
  return ranked.length === 0 ? 0 : predict(answerer.confidence, confidenceVector(scored, ranked));
}

/** The confidence model's features, from ranked candidates (best first). */
export function confidenceVector(scored: ScoredQuestion, ranked: readonly Candidate[]): number[] {
  const best = ranked[0]!;
  const values: Record<ConfidenceFeature, number> = {
    best: best.logOdds,
    margin: best.logOdds - (ranked[1]?.logOdds ?? best.logOdds - marginWithoutRunnerUp),
    coverage: best.features.coverage,
    exactCoverage: best.features.exactCoverage,
    sentence: best.features.sentence,
    concepts: best.features.concepts,
    missingRare: best.features.missingRare,
    dense: best.features.dense,
    unknown: scored.unknown,
    ownConcepts: best.ownConcepts >= Math.min(2, scored.model.concepts.length) ? 1 : 0,
  };
  return featureVector(confidenceFeatures, values);
}

/** A lone candidate leads by this much (log-odds): as far ahead as a clear winner usually is. */
const marginWithoutRunnerUp = 3;

/** The idf-weighted, normalized sum of the vectors of a question's terms (expansions at their weight). */
function weightedVector(
  context: AskContext,
  model: QuestionModel,
  termWeights: ReadonlyMap<string, number>,
): Float32Array | undefined {
  const terms: string[] = [];
  const weights: number[] = [];
  for (const concept of model.concepts)
    for (const term of concept.terms) {
      terms.push(term);
      weights.push(termWeights.get(term) ?? 1);
    }
  return context.semantic?.textVector(terms, weights);
}

function cosine(a: Float32Array | undefined, b: Float32Array | undefined): number {
  if (!a || !b) return 0;
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let j = 0; j < a.length; j++) {
    dot += a[j]! * b[j]!;
    normA += a[j]! * a[j]!;
    normB += b[j]! * b[j]!;
  }
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

function measureCandidate(
  hit: ChunkHit,
  position: number,
  topScore: number,
  question: QuestionModel,
  context: AskContext,
  questionVector: Float32Array | undefined,
): Candidate {
  const { semantic } = context;
  const { concepts, weights, intent } = question;
  const isAsked = (term: string) => concepts.some((concept) => concept.terms.includes(term));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  // Terms the chunk matched only through typo tolerance stand in for the misspelt query terms.
  const corrected = [...hit.documentTerms].filter((term) => !hit.queryTerms.has(term));
  /** Per concept, how fully `present` terms cover it: 1 for its own word, an expansion's weight for a stand-in. */
  const creditBy = (present: (term: string) => boolean, graded = true) =>
    concepts.map((concept) => {
      const misspelt = concept.terms.some((term) => hit.queryTerms.has(term) && !hit.documentTerms.has(term));
      if (concept.terms.some(present) || (misspelt && corrected.some(present))) return 1;
      if (!graded) return 0;
      return Math.max(0, ...(concept.expansions ?? []).filter(({ term }) => present(term)).map(({ weight }) => weight));
    });
  const coverageOf = (credit: readonly number[]) =>
    credit.reduce((sum, value, index) => sum + value * weights[index]!, 0) / totalWeight;

  // The article's title and the paragraph's heading say what a paragraph is about even where
  // its own words do not ("The new units arrived…" in an article on North Korean troops).
  const analysis = context.chunkAnalyses.of(hit.chunk);
  const inContext = creditBy((term) => analysis.contextTerms.has(term));
  const withContext = (credit: readonly number[]) =>
    coverageOf(credit) +
    answering.contextCredit * coverageOf(credit.map((value, index) => Math.max(0, inContext[index]! - value)));

  const inChunk = (term: string) =>
    hit.queryTerms.has(term) || hit.documentTerms.has(term) || analysis.termSet.has(term);
  const chunkCredit = creditBy(inChunk);
  const exactCredit = creditBy(inChunk, false);
  let best: SentenceAnalysis | undefined;
  let bestFit = -1;
  let bestCoverage = 0;
  let bestIntent = 0;
  let bestHasFocus = false;
  for (const sentence of analysis.sentences) {
    const inSentence = (term: string) => sentence.termSet.has(term);
    const sentenceCoverage = withContext(creditBy(inSentence));
    const fit = intentFit(intent, sentence.text, sentence.spans, isAsked);
    // In the follow-up's own words (or their aliases): a stand-in ("soldiers" for "train") is not its subject.
    const ownCredit = question.focus.length ? creditBy(inSentence, false) : [];
    const hasFocus = question.focus.some((at) => ownCredit[at]! > 0);
    // The best sentence is the one an answer would quote: about the focus when the question has one, then the
    // most of the question, of the right kind.
    if (hasFocus > bestHasFocus || (hasFocus === bestHasFocus && sentenceCoverage + fit > bestFit)) {
      best = sentence;
      bestFit = sentenceCoverage + fit;
      bestCoverage = sentenceCoverage;
      bestIntent = fit;
      bestHasFocus = hasFocus;
    }
  }
  const missingRare =
    concepts.reduce(
      (sum, concept, index) =>
        sum +
        ((concept.name || concept.terms.every((term) => context.index.frequency(term) === 0)) && !chunkCredit[index]
          ? weights[index]!
          : 0),
      0,
    ) / totalWeight;
  const words = analysis.terms.length;
  const features: Record<CandidateFeature, number> = {
    search: hit.score / topScore,
    searchRank: 1 / (1 + position),
    coverage: withContext(chunkCredit),
    exactCoverage: coverageOf(exactCredit),
    sentence: bestCoverage,
    intent: bestIntent,
    concepts: chunkCredit.filter((credit) => credit > 0).length / (concepts.length || 1),
    missingRare,
    dense: cosine(questionVector, semantic?.textVector(analysis.terms, undefined, hit.chunk.id)),
    denseSentence: cosine(questionVector, best && semantic?.textVector(best.terms)),
    length: Math.log1p(words),
  };
  const ownConcepts = exactCredit.filter((credit) => credit > 0).length;
  return {
    hit,
    sentences: analysis.sentenceSpans,
    best: best?.span ?? { start: 0, end: hit.chunk.text.length },
    features,
    ownConcepts,
    logOdds: 0,
    probability: 0,
  };
}

/**
 * The answer: the best sentence of the best paragraph, and the best sentence of the next one
 * when it is almost as good and from another source (sources often disagree on figures).
 */
function answerSentences(cited: readonly Candidate[]): string {
  const parts = [quoteSentence(cited[0]!, 1)];
  const runnerUp = cited.findIndex(
    (candidate, index) => index > 0 && candidate.hit.chunk.sourceId !== cited[0]!.hit.chunk.sourceId,
  );
  if (runnerUp > 0 && cited[runnerUp]!.probability >= answering.runnerUpShare * cited[0]!.probability)
    parts.push(quoteSentence(cited[runnerUp]!, runnerUp + 1));
  return parts.join(' ');
}

/**
 * A sentence that leans on the one before it (see `dependentStart`) brings that one; a sentence too short to
 * stand alone ("There have been losses.") brings the one after it.
 */
function quoteSentence(candidate: Candidate, number: number): string {
  const { text } = candidate.hit.chunk;
  const index = candidate.sentences.indexOf(candidate.best);
  const previous = candidate.sentences[index - 1];
  // The sentence before only when both fit in one quote: the answer sentence itself is never cut for it.
  const start =
    previous &&
    dependentStart.test(text.slice(candidate.best.start, candidate.best.end)) &&
    candidate.best.end - previous.start <= maxAnswerSentenceLength
      ? previous.start
      : candidate.best.start;
  let end = candidate.best.end;
  const next = candidate.sentences[index + 1];
  if (end - candidate.best.start < answering.shortSentence && next) end = next.end;
  return `${capAtWord(text.slice(start, end), maxAnswerSentenceLength)} [${number}]`;
}

/** `text`, or when longer than `max`, its start cut at the last word end that fits, with "…". */
function capAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.search(/\s\S*$/);
  return `${(space > 0 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function toCitation(candidate: Candidate, number: number, context: AskContext): Citation {
  const { chunk } = candidate.hit;
  const source = context.sources.get(chunk.sourceId);
  const excerpt = excerptAround(chunk, candidate);
  const matched = new Set([...candidate.hit.queryTerms, ...candidate.hit.documentTerms]);
  return {
    number,
    chunkId: chunk.id,
    sourceId: chunk.sourceId,
    title: source?.title ?? chunk.sourceId,
    ...(source?.publisher ? { publisher: source.publisher } : {}),
    paragraph: chunk.paragraph,
    ...(chunk.heading ? { heading: chunk.heading } : {}),
    excerpt,
    highlights: highlightSpans(excerpt, matched, context.analyzer),
    score: Math.round(candidate.probability * 1000) / 1000,
    confidence: Math.round(candidate.probability * 1000) / 1000,
  };
}

/** The paragraph, or when it is long, its best sentence widened by neighbours up to the limit. */
function excerptAround(chunk: Chunk, candidate: Candidate): string {
  const { text } = chunk;
  if (text.length <= answering.maxExcerptLength) return text;
  const { sentences } = candidate;
  let first = sentences.indexOf(candidate.best);
  let last = first;
  for (let grew = true; grew;) {
    grew = false;
    const after = sentences[last + 1];
    if (after && after.end - sentences[first]!.start <= answering.maxExcerptLength) {
      last++;
      grew = true;
    }
    const before = sentences[first - 1];
    if (before && sentences[last]!.end - before.start <= answering.maxExcerptLength) {
      first--;
      grew = true;
    }
  }
  const start = sentences[first]!.start;
  const end = sentences[last]!.end;
  return `${start > 0 ? '… ' : ''}${text.slice(start, end)}${end < text.trimEnd().length ? ' …' : ''}`;
}

/** Non-overlapping [start, end) spans of the words in `text` whose terms matched the question. */
export function highlightSpans(
  text: string,
  matched: ReadonlySet<string>,
  analyzer: Analyzer,
): Array<[number, number]> {
  const spans = analyzer
    .termSpans(text)
    .filter((span) => matched.has(span.term))
    .map((span): [number, number] => [span.start, span.end])
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}
