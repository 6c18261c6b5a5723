/**
 * What a figure counts: the noun phrase after it ("11,000 North Korean soldiers", "30,000
 * casualties"), or, when nothing follows, the phrase it measures ("casualty rates of up to 90 per
 * cent", "That casualty figure may have reached as high as 40,000"); whether the counted are
 * casualties ("had been killed or wounded", "lost nearly 8,000 troops"); and a rate ("per month").
 */
import { wordsOf, type Word } from './text.js';

export interface CountedPhrase {
  text: string;
  start: number;
  end: number;
}

/** Words that end a noun phrase: function words, auxiliaries, and words that start a new part. */
const phraseEnders = new Set(
  `a an the and or but nor of to in on at by for from with into onto as than that which who whom whose is are was were be been being
  have has had will would could should may might can must shall do does did not no per each every since during after before while
  when where if so such this these those it its their they them he she we you i his her our my your already also still just only
  even now then there here more most less over under up down out off about around across through against between among including
  like until via within without toward towards whether because although though yet either neither both all any some many much
  few several reportedly allegedly apparently reported said says claimed according that's that’s it's it’s
  there's there’s what's what’s`.split(/\s+/),
);
const maxPhraseWords = 4;

/** The noun phrase starting right after `end` (a hyphen may join it: "8,000-man brigade"). */
export function countedAfter(text: string, end: number, limit: number): CountedPhrase | undefined {
  const window = text.slice(end, Math.min(limit, end + 80));
  const words = wordsOf(window, end);
  const phrase: Word[] = [];
  let previousEnd = end;
  for (const word of words) {
    const gap = text.slice(previousEnd, word.start);
    if (!/^[\s-]*$/.test(gap) || phraseEnders.has(word.lower) || /^\d/.test(word.text)) break;
    // A participle after the noun starts a new part: "soldiers stationed in", "troops deployed".
    if (phrase.length > 0 && /(?:ed|ing)$/.test(word.lower) && !/^\p{Lu}/u.test(word.text)) break;
    phrase.push(word);
    previousEnd = word.end;
    if (phrase.length === maxPhraseWords) break;
  }
  if (phrase.length === 0) return undefined;
  const first = phrase[0]!;
  const last = phrase.at(-1)!;
  return { text: text.slice(first.start, last.end), start: first.start, end: last.end };
}

const measuredOf = /(?:^|[^\p{L}])((?:\p{L}+\s+)?\p{L}+)\s+of\s*$/u;
const measureNoun =
  /\b((?:\p{L}+\s+)?(?:figure|number|toll|tally|count|total|rate)s?)\b(?![\s\S]*\b(?:figure|number|toll|tally|count|total|rate)s?\b)/iu;
const notAMeasure = /^(?:a|an|the|one|some|all|total|most|part|each|any|realm|order|range|tune)$/i;

/** The phrase a bare figure measures, read back from the words before it in its clause. */
export function countedBefore(clauseBefore: string, clauseStart: number): CountedPhrase | undefined {
  const of = measuredOf.exec(clauseBefore);
  if (of && !notAMeasure.test(of[1]!.split(/\s+/).at(-1)!)) {
    const phrase = of[1]!
      .split(/\s+/)
      .filter((word) => !notAMeasure.test(word))
      .join(' ');
    if (phrase) {
      const start = clauseStart + clauseBefore.lastIndexOf(phrase);
      return { text: phrase, start, end: start + phrase.length };
    }
  }
  const measure = measureNoun.exec(clauseBefore);
  if (measure) {
    const phrase = measure[1]!.replace(/^(?:that|this|the|a|an)\s+/i, '');
    const start = clauseStart + measure.index + measure[1]!.length - phrase.length;
    return { text: phrase, start, end: start + phrase.length };
  }
  return undefined;
}

const outcomeWord = String.raw`(?:killed|dead|died|deaths?|wounded|injured|casualt(?:y|ies)|loss(?:es)?|lost|captured|missing|prisoners?)`;
const outcomeInPhrase = new RegExp(String.raw`\b${outcomeWord}\b`, 'gi');
const outcomeVerbAfter = new RegExp(
  String.raw`^\s*(?:(?:have|has|had|were|was|are|is|been|being|reportedly|already|allegedly|also|now|either|were\s+either|that['’]s|that\s+is)\s+){0,3}(${outcomeWord}(?:\s+(?:or|and)\s+${outcomeWord})?)\b`,
  'i',
);
const outcomeVerbBefore =
  /\b(lost|losing|loses|lose|killed|killing|kill|wounded|wounding|injured|injuring|captured|capturing)\s+$/i;

const outcomeJoinedAfter = new RegExp(String.raw`^\s*(?:or|and)\s+(${outcomeWord})\b`, 'i');

/** Every casualty word in `text`, as written and joined ("casualties, killed, wounded"); undefined when none. */
export function outcomeNear(text: string): string | undefined {
  const words = [...text.matchAll(outcomeInPhrase)].map((match) => match[0].toLowerCase());
  return words.length ? [...new Set(words)].join(', ') : undefined;
}

/** Casualty words attached to a figure, as written ("killed or wounded", "lost"), if any. */
export function outcomeOf(
  counted: string | undefined,
  textAfterCounted: string,
  textBeforeFigure: string,
): string | undefined {
  const words: string[] = [];
  const before = outcomeVerbBefore.exec(textBeforeFigure);
  if (before) words.push(before[1]!.toLowerCase());
  for (const match of (counted ?? '').matchAll(outcomeInPhrase)) words.push(match[0].toLowerCase());
  const after = outcomeVerbAfter.exec(textAfterCounted);
  if (after) words.push(after[1]!.toLowerCase());
  // "1,000 killed or wounded": the counted word is itself a casualty word, and more follow it.
  const joined = words.length ? outcomeJoinedAfter.exec(textAfterCounted) : null;
  if (joined) words.push(joined[1]!.toLowerCase());
  return words.length ? [...new Set(words)].join(', ') : undefined;
}

const ratePattern =
  /^\s*(?:(?:per|a|an|each|every)\s+(day|week|month|year|annum|soldier|person|head|man|fighter|troop|recruit)\b|(daily|weekly|monthly|annually|yearly)\b)/i;
const adverbRate: Record<string, string> = {
  daily: 'day',
  weekly: 'week',
  monthly: 'month',
  annually: 'year',
  yearly: 'year',
};

/** "per day", "each month", "a year", "per soldier" right after the figure or what it counts. */
export function rateAfter(text: string): string | undefined {
  const match = ratePattern.exec(text);
  if (!match) return undefined;
  if (match[2]) return adverbRate[match[2].toLowerCase()];
  const unit = match[1]!.toLowerCase();
  return unit === 'annum' ? 'year' : unit;
}
