/**
 * Finds number expressions in text: digits ("10,000", "10 000", "1.3 million", "$5.5 billion", "15k",
 * "90 per cent"), number words ("Three thousand", "forty-five") and ranges built from them
 * ("3,000–5,000", "between 10 and 12 million", "Three thousand or even ten thousand").
 * Expressions that only look like quantities (years, dates, times, calibres, ordinals, model
 * names, "one-time") are left out here; whether a quantity is a figure worth showing is decided
 * by the caller, which sees what it counts.
 */

export type Unit = 'count' | 'currency' | 'percent';

export interface Quantity {
  /** [start, end) of the expression as written, currency sign and scale word included. */
  start: number;
  end: number;
  low: number;
  high: number;
  isRange: boolean;
  unit: Unit;
  /** ISO code when unit is 'currency'. */
  currency?: string;
  /** Written in words ("eight") rather than digits. */
  inWords: boolean;
  /**
   * A vague amount ("thousands", "tens of thousands", "several dozen"): low and high are the span
   * the words allow (tens of thousands: 20,000–99,999), shown to readers but never put on a scale.
   */
  vague?: boolean;
}

/** How a source writes decimals: "1.3 million" (point) or, in German, French and most of Europe, "1,3 Millionen". */
export interface NumberStyle {
  decimalComma: boolean;
}
export const pointDecimals: NumberStyle = { decimalComma: false };

/** Languages (ISO 639-1) that write a decimal comma and group thousands with points or spaces. */
const decimalCommaLanguages = new Set(
  'de fr es it nl pt pl ru uk cs sk sl hr sr bg ro hu sv da nb nn no fi et lv lt tr el id vi'.split(' '),
);

/** The decimal style of a source written in `language` ("de", "de-AT", "fr"); English and unknown: points. */
export function numberStyleFor(language: string | undefined): NumberStyle {
  const code = language?.trim().toLowerCase().split(/[-_]/)[0];
  return { decimalComma: code !== undefined && decimalCommaLanguages.has(code) };
}

/** One number before ranges are joined; `scale` is kept so "3 to 5 million" can share it. */
interface Single extends Omit<Quantity, 'isRange'> {
  value: number;
  scale: number;
}

const scaleWords: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
/** Scale words of languages that write decimal commas, as English text quoting them keeps them ("5,5 Milliarden"). */
const foreignScaleWords: Record<string, number> = {
  tausend: 1e3,
  millionen: 1e6,
  million: 1e6,
  mio: 1e6,
  milliarden: 1e9,
  milliarde: 1e9,
  mrd: 1e9,
  millions: 1e6,
  milliards: 1e9,
  milliard: 1e9,
};
/** Attached abbreviations: "15k", "$5.5bn", "$3m". Bare "m" is metres unless money is meant. */
const attachedScales: Record<string, number> = { k: 1e3, bn: 1e9, mn: 1e6, m: 1e6, tn: 1e12 };
const moneyOnlyScales = new Set(['m', 'mn', 'bn', 'tn']);

const currencySigns: Record<string, string> = {
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  '€': 'EUR',
  eur: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  '¥': 'JPY',
};
const currencyWords: Record<string, string> = {
  dollar: 'USD',
  dollars: 'USD',
  euro: 'EUR',
  euros: 'EUR',
  pound: 'GBP',
  pounds: 'GBP',
  rouble: 'RUB',
  roubles: 'RUB',
  ruble: 'RUB',
  rubles: 'RUB',
};

const smallNumbers: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const numberWord = `(?:${[...Object.keys(smallNumbers), 'hundred', ...Object.keys(scaleWords)].join('|')})`;

const months =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec';
const monthBefore = new RegExp(`\\b(?:${months})\\.?\\s*$`, 'i');
const monthAfter = new RegExp(`^(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${months})\\b`, 'i');

/** Digits with optional thousands groups (comma, thin or plain space) and decimals; never starts inside a number. */
const digitPattern =
  /(?<![\p{N}.,])\d{1,3}(?:(?:,|\u00a0|\u202f| )\d{3})+(?![\p{N}])(?:\.\d+)?|(?<![\p{N}.,])\d+(?:\.\d+)?/gu;
/**
 * The same in a decimal-comma language: "10.000" and "10 000" group thousands, "1,3" is 1.3. A comma
 * followed by one or two digits ("1,3 million") is a decimal comma in any language: English groups
 * thousands in threes, so it is read as one whatever the source's style.
 */
const commaDigitPattern =
  /(?<![\p{N}.,])\d{1,3}(?:(?:\.|\u00a0|\u202f| )\d{3})+(?![\p{N}])(?:,\d+)?|(?<![\p{N}.,])\d+(?:,\d+)?/gu;
const decimalCommaAnywhere = /^(\d+),(\d{1,2})$/;
/** "half a million", "half a billion": a half of a scale word. */
const halfPattern = /\b(?:a\s+)?half\s+(?:a|one)\s+(thousand|million|billion|trillion)\b/giu;
/** Transcripts insert a word the speaker left out in brackets: "Five hundred and thirty [thousand]". */
const bracketedScale = /^\s*\[(thousand|million|billion)\]/i;

/**
 * Vague amounts, with the span their words allow: "thousands" (2,000–9,999), "tens of thousands"
 * (20,000–99,999), "several dozen" (24–99), "hundreds" (200–999). Shown, never put on a scale.
 */
const vagueUnits: Record<string, number> = { dozen: 12, dozens: 12, hundreds: 100, thousands: 1e3, millions: 1e6 };
const vaguePattern =
  /\b(?:(?:a\s+)?(few|several|many)\s+(dozen|hundred|thousand|million)s?|(tens|hundreds)\s+of\s+(thousands|millions)|(dozens|hundreds|thousands|millions))\b(?!\s+of\s+(?:years|miles|kilometres|kilometers|times|ways|pages|reasons)\b)/giu;
const wordRunPattern = new RegExp(`\\b(?:an?\\s+)?${numberWord}(?:(?:\\s+and\\s+|[\\s-]+)${numberWord})*\\b`, 'giu');

/** Cheap test run before anything else: most paragraphs of a large corpus hold no number at all. */
const anyNumber = new RegExp(`\\d|\\b${numberWord}\\b`, 'i');
export function mayHoldNumber(text: string): boolean {
  return anyNumber.test(text);
}

export function findQuantities(text: string, style: NumberStyle = pointDecimals): Quantity[] {
  const exact = [...digitNumbers(text, style), ...wordNumbers(text), ...halves(text)].sort((a, b) => a.start - b.start);
  const quantities = joinRanges(text, exact);
  // A vague amount never overlaps an exact one ("several thousand" is vague, "three thousand" exact).
  const vague = vagueAmounts(text).filter(
    (amount) => !quantities.some((quantity) => quantity.start < amount.end && amount.start < quantity.end),
  );
  return [...quantities, ...vague].sort((a, b) => a.start - b.start);
}

/** The number a run of digits stands for, in the source's decimal style. */
function digitValue(written: string, style: NumberStyle): number {
  if (style.decimalComma) return Number(written.replace(/[.\s\u00a0\u202f]/g, '').replace(',', '.'));
  const decimal = decimalCommaAnywhere.exec(written);
  if (decimal) return Number(`${decimal[1]}.${decimal[2]}`);
  return Number(written.replace(/[,\s\u00a0\u202f]/g, ''));
}

function digitNumbers(text: string, style: NumberStyle): Single[] {
  const found: Single[] = [];
  for (const match of text.matchAll(style.decimalComma ? commaDigitPattern : digitPattern)) {
    let start = match.index;
    let written = match[0];
    // "1,3 million" in an English text: the comma is a decimal one when a scale word follows.
    if (!style.decimalComma) {
      const comma =
        /^,(\d{1,2})(?!\d)(?=\s*(?:thousand|million|billion|trillion|bn|m|k|%|per\s?cent|\p{L}+ionen|milliard))/iu.exec(
          text.slice(start + written.length),
        );
      if (comma) written += comma[0];
    }
    let end = start + written.length;
    const before = text.slice(Math.max(0, start - 12), start);
    const after = text.slice(end, end + 24);
    let value = digitValue(written, style);
    if (!Number.isFinite(value)) continue;

    let currency: string | undefined;
    const sign = /(us\$|\$|€|£|¥|\b(?:usd|eur|gbp)\s?)$/i.exec(before);
    if (sign) {
      currency = currencySigns[sign[1]!.trim().toLowerCase()];
      start -= sign[1]!.length;
    }
    // Model names and codes glued to letters: "Su-34", "F-16", "G7", "COVID-19".
    if (!sign && /\p{L}-?$/u.test(before)) continue;

    let scale = 1;
    const attached = /^(k|bn|mn|m|tn)\b/i.exec(after);
    const spelled = /^\s+(thousand|million|billion|trillion)\b/i.exec(after);
    const foreign = /^\s+(\p{L}+)\.?(?![\p{L}])/u.exec(after);
    if (attached && (currency || !moneyOnlyScales.has(attached[1]!.toLowerCase()))) {
      scale = attachedScales[attached[1]!.toLowerCase()]!;
      end += attached[0].length;
    } else if (spelled) {
      scale = scaleWords[spelled[1]!.toLowerCase()]!;
      end += spelled[0].length;
    } else if (foreign && foreignScaleWords[foreign[1]!.toLowerCase()]) {
      scale = foreignScaleWords[foreign[1]!.toLowerCase()]!;
      end += foreign[0].length;
    } else if (/^(?:\.\d|\p{L})/u.test(after)) {
      // Calibres, ordinals, decades and codes: "122mm", "11th", "1990s".
      continue;
    }
    const rest = text.slice(end, end + 24);
    let unit: Unit = currency ? 'currency' : 'count';
    const percent = /^\s?(?:%|per\s?cent\b)/i.exec(rest);
    const currencyWord = /^\s+(dollars?|euros?|pounds?|roubles?|rubles?)\b/i.exec(rest);
    if (percent) {
      unit = 'percent';
      end += percent[0].length;
    } else if (currencyWord && !currency) {
      currency = currencyWords[currencyWord[1]!.toLowerCase()];
      unit = 'currency';
      end += currencyWord[0].length;
    }

    const plain = scale === 1 && unit === 'count' && !/[,\s.]/.test(written);
    if (plain && match[0].length === 4 && value >= 1800 && value <= 2100) continue; // a year
    if (monthBefore.test(before) || monthAfter.test(after)) continue; // a date
    if (/^\s?(?::\d|[ap]\.?m\b)/i.test(after) || /\d:$/.test(before)) continue; // a time of day
    if (/(?:\bno\.|#)\s*$/i.test(before) || /[/\\]$/.test(before) || /^[/\\]\d/.test(after)) continue; // "No. 5", "12/05"
    if (/^(?:-|\s)years?(?:-|\s)old\b/i.test(after)) continue; // an age

    value *= scale;
    found.push({
      start,
      end,
      value,
      low: value,
      high: value,
      scale,
      unit,
      ...(currency ? { currency } : {}),
      inWords: false,
    });
  }
  return found;
}

function wordNumbers(text: string): Single[] {
  const found: Single[] = [];
  for (const match of text.matchAll(wordRunPattern)) {
    const start = match.index;
    let end = start + match[0].length;
    let parsed = parseNumberWords(match[0]);
    if (!parsed) continue;
    const bracket = bracketedScale.exec(text.slice(end, end + 16));
    if (bracket && parsed.scale === 1) {
      const multiplier = scaleWords[bracket[1]!.toLowerCase()]!;
      parsed = { value: parsed.value * multiplier, scale: multiplier };
      end += bracket[0].length;
    }
    const before = text.slice(Math.max(0, start - 14), start);
    const after = text.slice(end, end + 24);
    // "half a million" is read whole by halves().
    if (/\bhalf\s+$/i.test(before)) continue;
    // "one-time", "two-thirds", "three-day": a compound adjective, not a quantity.
    if (/^-\p{L}/u.test(after)) continue;
    // "a few thousand", "several hundred", "tens of thousands": vague, not a figure.
    if (/\b(?:few|several|many|couple|tens of|hundreds of|thousands of)\s+$/i.test(before)) continue;
    if (/-$/.test(before)) continue;
    let unit: Unit = 'count';
    let currency: string | undefined;
    const percent = /^\s?(?:%|per\s?cent\b)/i.exec(after);
    const currencyWord = /^\s+(dollars?|euros?|pounds?|roubles?|rubles?)\b/i.exec(after);
    if (percent) {
      unit = 'percent';
      end += percent[0].length;
    } else if (currencyWord) {
      unit = 'currency';
      currency = currencyWords[currencyWord[1]!.toLowerCase()];
      end += currencyWord[0].length;
    }
    found.push({
      start,
      end,
      value: parsed.value,
      low: parsed.value,
      high: parsed.value,
      scale: parsed.scale,
      unit,
      ...(currency ? { currency } : {}),
      inWords: true,
    });
  }
  return found;
}

/** "half a million" → 500,000. */
function halves(text: string): Single[] {
  return [...text.matchAll(halfPattern)].map((match) => {
    const scale = scaleWords[match[1]!.toLowerCase()]!;
    return {
      start: match.index,
      end: match.index + match[0].length,
      value: scale / 2,
      low: scale / 2,
      high: scale / 2,
      scale,
      unit: 'count' as const,
      inWords: true,
    };
  });
}

/** "tens of thousands" → 20,000–99,999, vague; see vaguePattern. */
function vagueAmounts(text: string): Quantity[] {
  const found: Quantity[] = [];
  for (const match of text.matchAll(vaguePattern)) {
    const [, hedge, hedged, tens, tensOf, plural] = match;
    let low: number;
    let high: number;
    if (hedged) {
      const unit = hedged.toLowerCase() === 'dozen' ? 12 : scaleWords[hedged.toLowerCase()]!;
      // "a few" is 2–4 of them, "several" and "many" 2–9.
      const most = hedge!.toLowerCase() === 'few' ? 4 : 9;
      [low, high] = [2 * unit, most * unit];
    } else if (tens) {
      const unit = vagueUnits[tensOf!.toLowerCase()]!;
      const factor = tens.toLowerCase() === 'tens' ? 10 : 100;
      [low, high] = [2 * factor * unit, 10 * factor * unit - 1];
    } else {
      const unit = vagueUnits[plural!.toLowerCase()]!;
      [low, high] = [2 * unit, (unit === 12 ? 8 : 10) * unit - (unit === 12 ? 0 : 1)];
    }
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      low,
      high,
      isRange: true,
      unit: 'count',
      inWords: true,
      vague: true,
    });
  }
  return found;
}

/**
 * "three thousand", "one hundred and twenty", "a million", "forty-five" → value. Undefined for runs
 * that are not one number: a bare "one" (a pronoun more often than a count), a scale word with
 * nothing before it, or two units in a row ("one two").
 */
export function parseNumberWords(run: string): { value: number; scale: number } | undefined {
  const tokens = run
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((token) => token !== 'and');
  if (tokens.length === 1 && (tokens[0] === 'one' || tokens[0] === 'a' || tokens[0] === 'an')) return undefined;
  let total = 0;
  let current = 0;
  let seen = false;
  let lastSmall: number | undefined;
  let scale = 1;
  for (const [position, token] of tokens.entries()) {
    if (token === 'a' || token === 'an') {
      if (position !== 0 || !(tokens[1] === 'hundred' || tokens[1]! in scaleWords)) return undefined;
      current = 1;
      seen = true;
      continue;
    }
    const small = smallNumbers[token];
    if (small !== undefined) {
      // "twenty one" is fine, "one two" and "twenty thirty" are not one number.
      if (lastSmall !== undefined && !(lastSmall >= 20 && lastSmall % 10 === 0 && small < 10)) return undefined;
      current += small;
      lastSmall = small;
      seen = true;
    } else if (token === 'hundred') {
      if (!seen) return undefined;
      current = (current || 1) * 100;
      lastSmall = undefined;
    } else {
      const multiplier = scaleWords[token];
      if (multiplier === undefined || !seen) return undefined;
      total += (current || 1) * multiplier;
      scale = multiplier;
      current = 0;
      lastSmall = undefined;
    }
  }
  return seen ? { value: total + current, scale } : undefined;
}

/** What may stand between the two ends of a range. */
const rangeJoiner = /^\s*(?:[-–—]|to|or even|or perhaps|or possibly|or maybe|or)\s*$/i;
const betweenJoiner = /^\s+and\s+$/i;

/** Joins "3,000–5,000", "between 10 and 12 million", "Three thousand or even ten thousand" into one range. */
function joinRanges(text: string, singles: Single[]): Quantity[] {
  const quantities: Quantity[] = [];
  for (let index = 0; index < singles.length; index++) {
    const first = singles[index]!;
    const second = singles[index + 1];
    if (second && first.end <= second.start) {
      const joiner = text.slice(first.end, second.start);
      const between =
        betweenJoiner.test(joiner) &&
        /\b(?:between|from)\s+(?:\$|€|£)?$/i.test(text.slice(Math.max(0, first.start - 10), first.start));
      const low =
        first.scale === 1 && second.scale > 1 && first.value < 1000 && first.value < second.value / second.scale + 1
          ? first.value * second.scale
          : first.value;
      // "$3-5 billion", "10 to 20%": a sign or unit written once serves both ends.
      const compatible = first.unit === second.unit || first.unit === 'count' || second.unit === 'count';
      if ((rangeJoiner.test(joiner) || between) && compatible && low < second.value) {
        const unit = first.unit === 'count' ? second.unit : first.unit;
        const currency = second.currency ?? first.currency;
        quantities.push({
          start: first.start,
          end: second.end,
          low,
          high: second.value,
          isRange: true,
          unit,
          ...(currency ? { currency } : {}),
          inWords: first.inWords && second.inWords,
        });
        index++;
        continue;
      }
    }
    quantities.push(toQuantity(first));
  }
  return quantities;
}

function toQuantity({ value: _value, scale: _scale, ...single }: Single): Quantity {
  return { ...single, isRange: false };
}
