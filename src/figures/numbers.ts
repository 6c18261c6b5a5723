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
}

/** One number before ranges are joined; `scale` is kept so "3 to 5 million" can share it. */
interface Single extends Omit<Quantity, 'isRange'> {
  value: number;
  scale: number;
}

const scaleWords: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
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
const wordRunPattern = new RegExp(`\\b(?:an?\\s+)?${numberWord}(?:(?:\\s+and\\s+|[\\s-]+)${numberWord})*\\b`, 'giu');

/** Cheap test run before anything else: most paragraphs of a large corpus hold no number at all. */
const anyNumber = new RegExp(`\\d|\\b${numberWord}\\b`, 'i');
export function mayHoldNumber(text: string): boolean {
  return anyNumber.test(text);
}

export function findQuantities(text: string): Quantity[] {
  const singles = [...digitNumbers(text), ...wordNumbers(text)].sort((a, b) => a.start - b.start);
  return joinRanges(text, singles);
}

function digitNumbers(text: string): Single[] {
  const found: Single[] = [];
  for (const match of text.matchAll(digitPattern)) {
    let start = match.index;
    let end = start + match[0].length;
    const before = text.slice(Math.max(0, start - 12), start);
    const after = text.slice(end, end + 24);
    let value = Number(match[0].replace(/[,\s\u00a0\u202f]/g, ''));
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
    if (attached && (currency || !moneyOnlyScales.has(attached[1]!.toLowerCase()))) {
      scale = attachedScales[attached[1]!.toLowerCase()]!;
      end += attached[0].length;
    } else if (spelled) {
      scale = scaleWords[spelled[1]!.toLowerCase()]!;
      end += spelled[0].length;
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

    const plain = scale === 1 && unit === 'count' && !/[,\s.]/.test(match[0]);
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
    const parsed = parseNumberWords(match[0]);
    if (!parsed) continue;
    const before = text.slice(Math.max(0, start - 14), start);
    const after = text.slice(end, end + 24);
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
