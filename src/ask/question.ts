import { maxQueryTerms, type Analyzer } from '../search/analyzer.js';

/** Longer than any real question; Discord's own option limit is set to the same. */
export const maxQuestionLength = 1000;

/** Why a question cannot be answered at all, in words for the person who asked; or undefined. */
export function questionProblem(question: string): string | undefined {
  const trimmed = question.trim();
  if (trimmed === '') return 'Ask a question in words, for example: How many North Korean troops are in Kursk?';
  if (trimmed.length > maxQuestionLength) {
    return `That question is ${trimmed.length.toLocaleString('en')} characters long; please keep it under ${maxQuestionLength.toLocaleString('en')}.`;
  }
  return undefined;
}

/**
 * One thing the question asks about, with every term that stands for it: the word itself and
 * the alias groups it belongs to ("DPRK" → dprk, _north_korea). A chunk covers the concept when
 * it has any of them, so "North Korean troops" is covered by "DPRK soldiers".
 */
export interface Concept {
  terms: string[];
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
    const concept = concepts.get(key) ?? { terms: covering.map((alias) => alias.term) };
    if (!concept.terms.includes(word.term)) concept.terms.push(word.term);
    concepts.set(key, concept);
    if (concepts.size >= maxQueryTerms / 2) break;
  }
  return dedupe([...concepts.values()]);
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
