import type { Chunk } from '../chunking/types.js';
import type { Analyzer } from '../text/analyzer.js';
import type { ChunkHit, ChunkIndex } from '../search/chunkIndex.js';
import { intentFit, questionModel, questionProblem, type QuestionModel } from './question.js';
import { splitSentences, type SentenceSpan } from '../text/sentences.js';
import type { Answer, AskOptions, Citation } from './types.js';

export interface SourceLabel {
  title: string;
  publisher?: string;
}

export interface AskContext {
  index: ChunkIndex;
  analyzer: Analyzer;
  sources: ReadonlyMap<string, SourceLabel>;
}

export const defaultCitationLimit = 5;
export const maxCitationLimit = 25;

/**
 * Every number the answerer decides by, in one place. MiniSearch's BM25+ finds `candidatePool`
 * paragraphs; each is re-ranked by `rank`; the best is offered only when it covers enough of the
 * question; further citations must cover enough too.
 */
const answering = {
  /** Candidates re-ranked per question: enough to recover from BM25's mistakes, few enough to be cheap. */
  candidatePool: 30,
  /**
   * How much of the question (by term weight) the best paragraph must cover before it is offered
   * as an answer. MiniSearch scores only rank paragraphs against each other; coverage says whether
   * the best of them is about the question at all ("What is the capital of Australia?" finds a
   * paragraph naming Australia, but nothing about a capital).
   */
  minAnswerCoverage: 0.4,
  /**
   * …and match at least this many of the question's concepts (when it has that many): one rare
   * name in common ("Australia") is not an answer to "What is the capital of Australia?".
   */
  minMatchedConcepts: 2,
  /** Further citations must still cover this much of the question: fewer excerpts beat noise. */
  minCitationCoverage: 0.4,
  /**
   * A candidate's rank: BM25 finds the paragraphs; coverage of the question, in the paragraph and
   * in its best sentence, decides between them: an answer is usually one sentence that has it all.
   * The parts add up to 1.
   */
  rank: {
    /** The paragraph's MiniSearch score, relative to the best candidate's. */
    searchScore: 0.35,
    /** How much of the question the paragraph covers (with its title and heading as context). */
    coverage: 0.3,
    /** How well its best sentence answers: coverage plus fit to the question's intent. */
    bestSentence: 0.35,
  },
  /** A concept found only in the title or heading counts for this much of one found in the text. */
  contextCredit: 0.5,
  /** How much a sentence of the kind the question asks for counts, against coverage (0…1). */
  intentWeight: 0.5,
  /** A second answer sentence, from another source, when its fit is at least this share of the best's. */
  runnerUpFit: 0.9,
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

interface Candidate {
  hit: ChunkHit;
  coverage: number;
  matchedConcepts: number;
  sentences: SentenceSpan[];
  best: SentenceSpan;
  /** How well the best sentence answers: its coverage of the question plus its fit to the intent. */
  bestFit: number;
  rank: number;
}

export function answerQuestion(context: AskContext, question: string, options: AskOptions = {}): Answer {
  const problem = questionProblem(question);
  if (problem) return { question, answered: false, answer: problem, citations: [] };

  const model = questionModel(question, context.analyzer, context.index);
  const { concepts } = model;
  const terms = [...new Set(concepts.flatMap((concept) => concept.terms))];
  const hits = context.index.search(terms, {
    limit: answering.candidatePool,
    ...(options.source ? { sourceId: options.source } : {}),
  });
  if (hits.length === 0) return { question, answered: false, answer: notFoundMessage, citations: [] };

  const topScore = hits[0]!.score;
  const candidates = hits
    .map((hit) => rankCandidate(hit, topScore, model, context.analyzer, context.sources.get(hit.chunk.sourceId)?.title))
    .sort((a, b) => b.rank - a.rank);

  const best = candidates[0]!;
  const enoughConcepts = best.matchedConcepts >= Math.min(answering.minMatchedConcepts, concepts.length);
  if (best.coverage < answering.minAnswerCoverage || !enoughConcepts)
    return { question, answered: false, answer: notFoundMessage, citations: [] };

  const limit = Math.min(Math.max(1, options.limit ?? defaultCitationLimit), maxCitationLimit);
  const cited = candidates.filter((candidate) => candidate.coverage >= answering.minCitationCoverage).slice(0, limit);
  const citations = cited.map((candidate, position) => toCitation(candidate, position + 1, context));
  return { question, answered: true, answer: answerSentences(cited), citations };
}

function contextTerms(chunk: Chunk, title: string | undefined, analyzer: Analyzer): Set<string> {
  return new Set(analyzer.terms(`${title ?? ''}\n${chunk.heading ?? ''}`));
}

function rankCandidate(
  hit: ChunkHit,
  topScore: number,
  question: QuestionModel,
  analyzer: Analyzer,
  sourceTitle: string | undefined,
): Candidate {
  const { concepts, weights, intent } = question;
  const isAsked = (term: string) => concepts.some((concept) => concept.terms.includes(term));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  // Terms the chunk matched only through typo tolerance stand in for the misspelt query terms.
  const corrected = [...hit.documentTerms].filter((term) => !hit.queryTerms.has(term));
  const coveredBy = (present: (term: string) => boolean) =>
    concepts.map((concept) => {
      const misspelt = concept.terms.some((term) => hit.queryTerms.has(term) && !hit.documentTerms.has(term));
      return concept.terms.some(present) || (misspelt && corrected.some(present));
    });
  const coverageOf = (covered: boolean[]) =>
    covered.reduce((sum, isCovered, index) => sum + (isCovered ? weights[index]! : 0), 0) / totalWeight;

  // The article's title and the paragraph's heading say what a paragraph is about even where
  // its own words do not ("The new units arrived…" in an article on North Korean troops).
  const context = contextTerms(hit.chunk, sourceTitle, analyzer);
  const inContext = coveredBy((term) => context.has(term));
  const withContext = (covered: boolean[]) =>
    coverageOf(covered) +
    answering.contextCredit * coverageOf(covered.map((isCovered, index) => !isCovered && inContext[index]!));

  const chunkCovered = coveredBy((term) => hit.queryTerms.has(term) || hit.documentTerms.has(term));
  const coverage = withContext(chunkCovered);
  const sentences = splitSentences(hit.chunk.text);
  let best = sentences[0] ?? { start: 0, end: hit.chunk.text.length };
  let bestFit = -1;
  // Analyze the paragraph once and hand each sentence its share of the terms.
  const paragraphSpans = analyzer.termSpans(hit.chunk.text);
  for (const sentence of sentences) {
    const text = hit.chunk.text.slice(sentence.start, sentence.end);
    const spans = paragraphSpans.filter((span) => span.start >= sentence.start && span.start < sentence.end);
    const sentenceTerms = new Set(spans.map((span) => span.term));
    const sentenceCoverage = withContext(coveredBy((term) => sentenceTerms.has(term)));
    // A sentence of the right kind (a figure for "how many") beats a wordier near-miss.
    const fit =
      sentenceCoverage +
      answering.intentWeight *
        intentFit(
          intent,
          text,
          spans.map((span) => ({ ...span, start: span.start - sentence.start, end: span.end - sentence.start })),
          isAsked,
        );
    if (fit > bestFit) {
      best = sentence;
      bestFit = fit;
    }
  }
  const { rank: parts } = answering;
  const rank = parts.searchScore * (hit.score / topScore) + parts.coverage * coverage + parts.bestSentence * bestFit;
  return { hit, coverage, matchedConcepts: chunkCovered.filter(Boolean).length, sentences, best, bestFit, rank };
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
  if (runnerUp > 0 && cited[runnerUp]!.bestFit >= answering.runnerUpFit * cited[0]!.bestFit)
    parts.push(quoteSentence(cited[runnerUp]!, runnerUp + 1));
  return parts.join(' ');
}

/** A sentence too short to stand alone ("There have been losses.") brings the one after it. */
function quoteSentence(candidate: Candidate, number: number): string {
  const { text } = candidate.hit.chunk;
  const index = candidate.sentences.indexOf(candidate.best);
  let end = candidate.best.end;
  const next = candidate.sentences[index + 1];
  if (end - candidate.best.start < answering.shortSentence && next) end = next.end;
  return `${capAtWord(text.slice(candidate.best.start, end), maxAnswerSentenceLength)} [${number}]`;
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
    score: Math.round(candidate.rank * 1000) / 1000,
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
