import type { ChunkIndex } from '../search/chunkIndex.js';
import type { Expansion, SemanticMatcher } from './semantic.js';
import { maxQueryTerms, type Analyzer, type TermSpan } from '../text/analyzer.js';

/**
 * Longer than any real question: the one limit, for the core, the CLI and Discord's `/ask` option
 * (`setMaxLength` in commands/ask.ts, so Discord refuses longer ones itself).
 */
export const maxQuestionLength = 1000;

/** Why a question cannot be answered at all, in words for the person who asked; or undefined. */
export function questionProblem(question: string): string | undefined {
  const trimmed = question.trim();
  if (trimmed === '') return 'Ask a question in words, for example: How many North Korean troops are in Kursk?';
  if (trimmed.length > maxQuestionLength) return tooLongProblem(trimmed.length);
  return undefined;
}

/** Why a question of `length` characters (over maxQuestionLength) is refused. */
export function tooLongProblem(length: number): string {
  return `That question is ${length.toLocaleString('en')} characters long; please keep it under ${maxQuestionLength.toLocaleString('en')}.`;
}

/**
 * One thing the question asks about, with every term that stands for it: the word itself and
 * the alias groups it belongs to ("DPRK" → dprk, _north_korea). A chunk covers the concept when
 * it has any of them, so "North Korean troops" is covered by "DPRK soldiers".
 */
export interface Concept {
  terms: string[];
  /** The word as the member wrote it (lowercased), for a concept of one plain word. */
  word?: string;
  /** Terms that mean about the same, each counting for less than the concept's own (see semantic.ts). */
  expansions?: Expansion[];
  /** Written with a capital inside the question ("Biden"): a name, whose absence from the sources matters. */
  name?: boolean;
}

/**
 * What the answerer knows of a question, against the index it is asked of: its concepts (typos
 * corrected where the sources show the word), how much each weighs, and what kind of sentence
 * would answer it.
 */
export interface QuestionModel {
  concepts: readonly Concept[];
  /** One per concept, in the same order. */
  weights: readonly number[];
  intent: QuestionIntent;
  /** Positions in `concepts` of the focus's concepts (AskOptions.focus); empty when the whole question is asked. */
  focus: readonly number[];
}

export function questionModel(
  question: string,
  analyzer: Analyzer,
  index: ChunkIndex,
  semantic?: SemanticMatcher,
  focus?: string,
): QuestionModel {
  let concepts = correctTranspositions(questionConcepts(question, analyzer), index);
  if (semantic) concepts = concepts.map((concept) => withExpansions(concept, semantic));
  const focusTerms = new Set(focus ? analyzer.terms(focus) : []);
  const focused = concepts.flatMap((concept, at) => (concept.terms.some((term) => focusTerms.has(term)) ? [at] : []));
  return { concepts, weights: conceptWeights(concepts, index), intent: questionIntent(question), focus: focused };
}

/** A plain word, not a name or a figure, gains what means about the same in the sources. */
function withExpansions(concept: Concept, semantic: SemanticMatcher): Concept {
  if (concept.name || concept.word === undefined || /\d/.test(concept.word)) return concept;
  const expansions = semantic.expand(concept.word).filter((expansion) => !concept.terms.includes(expansion.term));
  return expansions.length ? { ...concept, expansions } : concept;
}

export function questionConcepts(question: string, analyzer: Analyzer): Concept[] {
  const spans = analyzer.termSpans(question);
  const words = spans.filter((span) => !span.term.startsWith('_'));
  const aliases = spans.filter((span) => span.term.startsWith('_'));
  const concepts = new Map<string, Concept>();
  for (const word of words) {
    const covering = aliases.filter((alias) => alias.start <= word.start && alias.end >= word.end);
    // The words of one name ("North", "Korean") are one concept, not two.
    const key = covering.length ? covering.map((alias) => `${alias.term}@${alias.start}`).join(' ') : word.term;
    const concept: Concept = concepts.get(key) ?? { terms: covering.map((alias) => alias.term) };
    if (!concept.terms.includes(word.term)) concept.terms.push(word.term);
    if (covering.length === 0) concept.word = question.slice(word.start, word.end).toLowerCase();
    if (isWrittenAsName(question, word.start)) concept.name = true;
    concepts.set(key, concept);
    if (concepts.size >= maxQueryTerms / 2) break;
  }
  return dedupe([...concepts.values()]);
}

/** A capital letter that does not just start the question or a sentence of it. */
function isWrittenAsName(question: string, start: number): boolean {
  if (!/\p{Lu}/u.test(question[start] ?? '')) return false;
  return !/(^|[.!?:]\s*|["“(]\s*)$/.test(question.slice(0, start).trimEnd() === '' ? '' : question.slice(0, start));
}

function dedupe(concepts: Concept[]): Concept[] {
  const seen = new Set<string>();
  return concepts.filter((concept) => {
    const key = [...concept.terms].sort().join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
    return known.length ? { ...concept, terms: [...concept.terms, ...new Set(known)] } : concept;
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

/** What kind of sentence would answer the question, beyond sharing its words. */
export interface QuestionIntent {
  /** "How many…", "How much…": the answer holds a figure. */
  expectsFigure: boolean;
  /** "Who is X?", "What is X?": the answer defines X ("X, a lecturer at…", "X is…", "… (X), a…"). */
  defines?: string;
}

const figureQuestion =
  /\b(how (many|much|large|big|long|often|high)|what (number|percentage|proportion|share|amount|sum|size)|how many)\b/i;
const definitionQuestion = /^\s*(?:who|what)\s+(?:is|are|was|were)\s+(?:the\s+|a\s+|an\s+)?([^?]{1,60}?)\s*\??\s*$/i;

export function questionIntent(question: string): QuestionIntent {
  const defines = definitionQuestion.exec(question)?.[1];
  return {
    expectsFigure: figureQuestion.test(question),
    ...(defines && defines.split(/\s+/).length <= 5 ? { defines } : {}),
  };
}

/**
 * Terms that are figures: digits (not ordinals: "11th Army"), or cardinal words (stemmed: "eight",
 * "thousand", "fifti"). "One" is not: "one of".
 */
const exactFigureTerm =
  /^(\d(?!.*\d(st|nd|rd|th)$).*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelv|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenti|thirti|forti|fifti|sixti|seventi|eighti|nineti|hundr|thousand|million|billion)$/;
/** Only a rough size ("hundreds of", "a dozen"), a weaker answer to "how many". */
const roughFigureTerm = /^(hundr|thousand|million|billion|dozen)s?$/;
/** A figure this close before a word of the question counts it ("11,000 North Korean soldiers"). */
const figureReach = 5;

/**
 * How well a sentence fits the question's intent, from 0 to 1. `terms` are the sentence's
 * analyzed terms; `asked` tells whether a term is one of the question's.
 */
export function intentFit(
  intent: QuestionIntent,
  sentence: string,
  terms: readonly TermSpan[],
  asked: (term: string) => boolean,
): number {
  let fit = 0;
  let wanted = 0;
  if (intent.expectsFigure) {
    wanted++;
    fit += figureFit(sentence, terms, asked);
  }
  if (intent.defines) {
    wanted++;
    if (definesSubject(sentence, intent.defines)) fit++;
  }
  return wanted === 0 ? 0 : fit / wanted;
}

function figureFit(sentence: string, terms: readonly TermSpan[], asked: (term: string) => boolean): number {
  let best = 0;
  terms.forEach((span, index) => {
    if (!exactFigureTerm.test(span.term)) return;
    // "thousands of" alone is rough; "ten thousand", "11,000" are exact.
    const rough =
      roughFigureTerm.test(span.term) &&
      !/^\d/.test(sentence.slice(span.start, span.end)) &&
      !exactFigureTerm.test(terms[index - 1]?.term ?? '');
    const counts = terms.slice(index + 1, index + 1 + figureReach).some((next) => asked(next.term));
    best = Math.max(best, (rough ? 0.5 : 1) * (counts ? 1 : 0.6));
  });
  return best;
}

/** "Gustav Gressel is a…", "Dr Edward Howell, a lecturer…", "… Organisation (CSTO), a Russian-led alliance". */
function definesSubject(sentence: string, subject: string): boolean {
  const lastWord = subject
    .trim()
    .split(/\s+/)
    .at(-1)!
    .replace(/[^\p{L}\p{N}-]/gu, '');
  if (lastWord === '') return false;
  const escaped = lastWord.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(
    `\\b${escaped}\\)?(?:'s)?(?:\\s*,\\s*(?:a|an|the|who|which)\\b|\\s+(?:is|was|are|were)\\s+(?:a|an|the|one)\\b|\\s+\\()`,
    'i',
  ).test(sentence);
}
