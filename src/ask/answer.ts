import type { Chunk } from '../chunking/types.js';
import type { Analyzer } from '../text/analyzer.js';
import type { ChunkHit, ChunkIndex } from '../search/chunkIndex.js';
import {
  intentFit,
  questionConcepts,
  questionIntent,
  questionProblem,
  type Concept,
  type QuestionIntent,
} from './question.js';
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
 * How much of the question (by term weight) the best paragraph must cover before it is offered
 * as an answer. MiniSearch scores only rank paragraphs against each other; coverage says whether
 * the best of them is about the question at all ("What is the capital of Australia?" finds a
 * paragraph naming Australia, but nothing about a capital).
 */
const minAnswerCoverage = 0.4;
/**
 * …and match at least this many of the question's concepts (when it has that many): one rare
 * name in common ("Australia") is not an answer to "What is the capital of Australia?".
 */
const minMatchedConcepts = 2;
/** Further citations must still cover this much of the question: fewer excerpts beat noise. */
const minCitationCoverage = 0.4;
/** Candidates re-ranked per question: enough to recover from BM25's mistakes, few enough to be cheap. */
const candidatePool = 30;
/** Excerpts longer than this show the best sentence and its neighbours, not the whole paragraph. */
const maxExcerptLength = 600;

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

  const concepts = correctTranspositions(questionConcepts(question, context.analyzer), context.index);
  const terms = [...new Set(concepts.flatMap((concept) => concept.terms))];
  const hits = context.index.search(terms, {
    limit: candidatePool,
    ...(options.source ? { sourceId: options.source } : {}),
  });
  if (hits.length === 0) return { question, answered: false, answer: notFoundMessage, citations: [] };

  const weights = conceptWeights(concepts, context.index);
  const intent = questionIntent(question);
  const topScore = hits[0]!.score;
  const candidates = hits
    .map((hit) =>
      rankCandidate(
        hit,
        topScore,
        { concepts, weights, intent },
        context.analyzer,
        context.sources.get(hit.chunk.sourceId)?.title,
      ),
    )
    .sort((a, b) => b.rank - a.rank);

  const best = candidates[0]!;
  const enoughConcepts = best.matchedConcepts >= Math.min(minMatchedConcepts, concepts.length);
  if (best.coverage < minAnswerCoverage || !enoughConcepts)
    return { question, answered: false, answer: notFoundMessage, citations: [] };

  const limit = Math.min(Math.max(1, options.limit ?? defaultCitationLimit), maxCitationLimit);
  const cited = candidates.filter((candidate) => candidate.coverage >= minCitationCoverage).slice(0, limit);
  const citations = cited.map((candidate, position) => toCitation(candidate, position + 1, context));
  return { question, answered: true, answer: answerSentences(cited), citations };
}

/**
 * Swapped letters ("recieve") are the commonest typo and cost two edits, more than typo tolerance
 * allows short words; a word the sources never use gains the known word one swap away.
 */
function correctTranspositions(concepts: Concept[], index: ChunkIndex): Concept[] {
  return concepts.map((concept) => {
    if (concept.terms.some((term) => index.frequency(term) > 0)) return concept;
    const swaps = concept.terms.flatMap((term) => {
      if (term.length < 4 || term.startsWith('_') || /\d/.test(term)) return [];
      return [...Array(term.length - 1).keys()].map(
        (at) => term.slice(0, at) + term[at + 1] + term[at] + term.slice(at + 2),
      );
    });
    const known = swaps.filter((swap) => index.frequency(swap) > 0);
    return known.length ? { terms: [...concept.terms, ...new Set(known)] } : concept;
  });
}

/**
 * Rarer concepts weigh more (BM25's idf). A word the sources never use is weighed by what it is:
 * a name ("Biden") they never mention says the question is about something else, so it weighs
 * the most; an everyday word ("lesson", "everyone") only says they word things differently, so
 * it weighs no more than the question's most telling known word.
 */
function conceptWeights(concepts: readonly Concept[], index: ChunkIndex): number[] {
  const total = index.size;
  const idf = (frequency: number) => Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  const known = concepts.map((concept) => {
    const frequencies = concept.terms.map((term) => index.frequency(term)).filter((frequency) => frequency > 0);
    return frequencies.length ? Math.max(...frequencies.map(idf)) : undefined;
  });
  const mostTelling = Math.max(...known.filter((weight) => weight !== undefined), 0);
  return concepts.map(
    (concept, position) => known[position] ?? (concept.name || mostTelling === 0 ? idf(0) : mostTelling),
  );
}

interface QuestionModel {
  concepts: readonly Concept[];
  weights: readonly number[];
  intent: QuestionIntent;
}

/** A concept found only in the title or heading counts for this much of one found in the text. */
const contextCredit = 0.5;

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
    contextCredit * coverageOf(covered.map((isCovered, index) => !isCovered && inContext[index]!));

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
      intentWeight *
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
  // BM25 finds the paragraphs; coverage of the question, in the paragraph and in its best
  // sentence, decides between them: an answer is usually one sentence that has it all.
  const rank = 0.35 * (hit.score / topScore) + 0.3 * coverage + 0.35 * bestFit;
  return { hit, coverage, matchedConcepts: chunkCovered.filter(Boolean).length, sentences, best, bestFit, rank };
}

/** How much a sentence of the kind the question asks for counts, against coverage (0…1). */
const intentWeight = 0.5;

/**
 * The answer: the best sentence of the best paragraph, and the best sentence of the next one
 * when it is almost as good and from another source (sources often disagree on figures).
 */
function answerSentences(cited: readonly Candidate[]): string {
  const parts = [quoteSentence(cited[0]!, 1)];
  const runnerUp = cited.findIndex(
    (candidate, index) => index > 0 && candidate.hit.chunk.sourceId !== cited[0]!.hit.chunk.sourceId,
  );
  if (runnerUp > 0 && cited[runnerUp]!.bestFit >= 0.9 * cited[0]!.bestFit)
    parts.push(quoteSentence(cited[runnerUp]!, runnerUp + 1));
  return parts.join(' ');
}

/** A sentence too short to stand alone ("There have been losses.") brings the one after it. */
function quoteSentence(candidate: Candidate, number: number): string {
  const { text } = candidate.hit.chunk;
  const index = candidate.sentences.indexOf(candidate.best);
  let end = candidate.best.end;
  const next = candidate.sentences[index + 1];
  if (end - candidate.best.start < 60 && next) end = next.end;
  return `${text.slice(candidate.best.start, end)} [${number}]`;
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
  if (text.length <= maxExcerptLength) return text;
  const { sentences } = candidate;
  let first = sentences.indexOf(candidate.best);
  let last = first;
  for (let grew = true; grew;) {
    grew = false;
    const after = sentences[last + 1];
    if (after && after.end - sentences[first]!.start <= maxExcerptLength) {
      last++;
      grew = true;
    }
    const before = sentences[first - 1];
    if (before && sentences[last]!.end - before.start <= maxExcerptLength) {
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
