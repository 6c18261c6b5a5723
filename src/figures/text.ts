/** Small text helpers shared by the figure modules. */

/** A word with its position in the text it was read from. */
export interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const wordPattern = /[\p{L}\p{N}][\p{L}\p{N}'’.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu;

/** The words of `text` (letters and digits, inner hyphens and apostrophes kept), with offsets. */
export function wordsOf(text: string, offset = 0): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(wordPattern)) {
    // "troops." keeps no full stop; "U.S." keeps its inner ones.
    const raw = match[0].replace(/\.+$/, '');
    words.push({
      text: raw,
      lower: raw.toLowerCase(),
      start: offset + match.index,
      end: offset + match.index + raw.length,
    });
  }
  return words;
}

/** Straight quotes and apostrophes, so patterns need not list every typographic variant. */
export function plainQuotes(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
}

/** True when `stem` starts a word of `text` (both compared in lower case); stems may hold spaces. */
export function mentionsStem(text: string, stem: string): boolean {
  const lower = plainQuotes(text.toLowerCase());
  const needle = stem.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lower.indexOf(needle, from);
    if (at < 0) return false;
    if (at === 0 || !/[\p{L}\p{N}]/u.test(lower[at - 1]!)) return true;
    from = at + 1;
  }
}
