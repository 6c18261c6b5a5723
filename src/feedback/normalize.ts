/**
 * The key questions are grouped by in the insights: "Where are the troops?" and "where are  the troops" are one
 * question to a moderator. Lowercased (after NFKC, so full-width and ligature forms fold too), apostrophes dropped
 * ("what's" → "whats", so it matches the way people type it without one), every other run of punctuation, symbols
 * and whitespace folded to one space, trimmed.
 */
export function normalizeQuestion(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/['’‘`]/gu, '')
    .replace(/[\p{P}\p{S}\s]+/gu, ' ')
    .trim();
}
