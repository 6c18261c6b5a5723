import { maxQuestionLength } from './question.js';

/**
 * A follow-up question leans on the one before it when it cannot stand alone: it opens with a word that carries on
 * ("what about casualties?", "and in Ukraine?", "also…"), points back with a pronoun ("are they paid?"), or is only
 * a few words ("casualties?"). Then the earlier question is put in front of it, so the core sees the topic
 * (troops, Kursk, North Korea) and the new focus together; a follow-up that stands alone is asked as it is.
 *
 * Both questions are kept whole rather than merged into one sentence: the words and the kind of question ("how
 * many…") of each reach the answerer, and whoever reads the reply's title sees exactly what was answered.
 */
const carriesOn = /^(?:and|but|also|so|then|what about|how about|what of|same for|same with)\b/i;
/** Pronouns that point back at what the earlier question was about ("there", "that" and "this" mostly do not). */
const pointsBack = /\b(?:it|its|they|them|their|theirs|he|him|his|she|her|hers|those|these)\b/i;
/** A follow-up of at most this many words ("casualties?", "in Ukraine?") cannot be a question on its own. */
const fewWords = 3;

/** Whether `followUp` only makes sense after an earlier question (see above). */
export function leansOnEarlier(followUp: string): boolean {
  const text = followUp.trim();
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return words.length > 0 && (carriesOn.test(text) || pointsBack.test(text) || words.length <= fewWords);
}

/**
 * The question to ask for `followUp`, given the `earlier` question it followed. Both together must still be a
 * question the core takes (`maxQuestionLength`): past it, the follow-up is asked alone rather than refused.
 */
export function withEarlierQuestion(earlier: string, followUp: string): string {
  const first = earlier.trim();
  const next = followUp.trim();
  if (first === '' || !leansOnEarlier(next) || first.length + 2 + next.length > maxQuestionLength) return next;
  // The earlier question ends as a sentence, so the follow-up reads as a second one.
  return `${/[?.!]$/.test(first) ? first : `${first}?`} ${next}`;
}
