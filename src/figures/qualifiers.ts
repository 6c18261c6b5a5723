/** Hedges written next to a figure: "up to 10,000", "roughly 10,000", "10,000 or more". */

export type Bound = 'approximate' | 'upper' | 'lower';

export interface Qualifier {
  /** As written, in lower case: "up to", "at least", "an estimated". */
  text: string;
  bound: Bound;
  /** [start, end) in the text it was read from. */
  start: number;
  end: number;
}

const boundOf: Record<string, Bound> = {
  'up to': 'upper',
  'as high as': 'upper',
  'as many as': 'upper',
  'as much as': 'upper',
  'at most': 'upper',
  'no more than': 'upper',
  'less than': 'upper',
  'fewer than': 'upper',
  under: 'upper',
  'just under': 'upper',
  'a maximum of': 'upper',
  'not more than': 'upper',
  'at least': 'lower',
  'more than': 'lower',
  over: 'lower',
  'upwards of': 'lower',
  'in excess of': 'lower',
  'no fewer than': 'lower',
  'no less than': 'lower',
  'just over': 'lower',
  'well over': 'lower',
  'a minimum of': 'lower',
  'north of': 'lower',
  exceeds: 'lower',
  exceeded: 'lower',
  exceeding: 'lower',
  'has exceeded': 'lower',
  surpassed: 'lower',
  'or more': 'lower',
  plus: 'lower',
  about: 'approximate',
  around: 'approximate',
  roughly: 'approximate',
  approximately: 'approximate',
  approx: 'approximate',
  nearly: 'approximate',
  almost: 'approximate',
  some: 'approximate',
  'close to': 'approximate',
  'an estimated': 'approximate',
  estimated: 'approximate',
  'or so': 'approximate',
  circa: 'approximate',
  'as few as': 'approximate',
  'as low as': 'approximate',
};

const leading = Object.keys(boundOf).filter((phrase) => !['or more', 'or so', 'plus'].includes(phrase));
const before = new RegExp(
  `\\b(${leading.sort((a, b) => b.length - a.length).join('|')})\\.?\\s+(?:a total of\\s+)?$`,
  'i',
);
/** "10,000 or more", "10,000-plus", "10,000 plus". */
const after = /^(?:\s*|-)(or more|or so|plus)\b/i;

/** The hedge right before `start` or right after `end` of a figure in `text`. */
export function findQualifier(text: string, start: number, end: number): Qualifier | undefined {
  const head = text.slice(Math.max(0, start - 30), start);
  const match = before.exec(head);
  if (match) {
    const at = start - head.length + match.index;
    const phrase = match[1]!.toLowerCase();
    return { text: phrase, bound: boundOf[phrase]!, start: at, end: at + match[1]!.length };
  }
  const tail = after.exec(text.slice(end, end + 12));
  // "10,000 plus 3,000" adds, "10,000-plus" and "10,000 plus troops" hedge.
  if (tail && tail[1]!.toLowerCase() === 'plus' && /^\s*plus\s+\d/i.test(text.slice(end, end + 16))) return undefined;
  if (tail) {
    const phrase = tail[1]!.toLowerCase();
    const at = end + tail[0].indexOf(tail[1]!);
    return { text: phrase, bound: boundOf[phrase]!, start: at, end: at + phrase.length };
  }
  return undefined;
}
