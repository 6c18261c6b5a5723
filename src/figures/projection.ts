/**
 * Whether a figure is a projection ("could send up to 100,000", "will be an opportunity to recruit
 * … up to 15,000 people per month", "100,000 troops can be sent") rather than a present estimate.
 * A modal in front of the figure counts only within its clause: "Russia can help … and is reported
 * to be paying up to $2,000" is a present payment. Modal perfects ("may have reached") are
 * estimates of the past, not projections, and a modal of speech ("I would say several dozens",
 * "I will go so far as to say that …") hedges the claim, not the figure.
 */

const modalBefore =
  /\b(?:will|would|could|can|may|might|shall|'ll|plans? to|planning to|expected to|set to|likely to|poised to|potentially)\b(?!\s+(?:have|not have|say|tell you|argue|guess)\b)/gi;
/** Where one clause ends and a new one with its own verb starts. */
const clauseReset =
  /[;:]|\b(?:and|but|while|whereas)\s+(?:is|are|was|were|has|have|had|it|they|he|she)\b|\b(?:say|tell you|argue|add|note)\s+that\b/i;
const modalAfter = /^\s*(?:will|would|could|can|may|might|shall)\s+(?!have\b)/i;

export function isProjection(sentenceBefore: string, afterCounted: string): boolean {
  if (modalAfter.test(afterCounted)) return true;
  let lastModalEnd = -1;
  for (const match of sentenceBefore.matchAll(modalBefore)) lastModalEnd = match.index + match[0].length;
  return lastModalEnd >= 0 && !clauseReset.test(sentenceBefore.slice(lastModalEnd));
}
