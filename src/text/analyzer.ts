import { stemmer } from 'stemmer';
import type { AliasGroup } from './aliases.js';
import { stopWords } from './stopWords.js';

/** A term of the index, with the [start, end) span of text it came from. */
export interface TermSpan {
  term: string;
  start: number;
  end: number;
}

/**
 * Word-ish pieces of text, in order of preference:
 * - acronyms with dots ("U.S.", "U.K."), kept whole so they can match their alias group;
 * - figures with thousands separators ("10,000", "10 000", "1,200.5"), kept whole, because the
 *   default tokenizer splits them and a question about 10,000 troops must find "10 000 troops";
 * - plain numbers with an optional decimal part or unit suffix ("1.3", "15k", "122mm");
 * - words, with inner apostrophes ("Russia's", "don't").
 */
const tokenPattern =
  /(?:\p{L}\.){2,}|(?<![\d.,])\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?(?![\d])|\d+(?:\.\d+)?\p{L}*|[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** Bounds the work one question can cause: a 6,000-character question costs no more than this. */
export const maxQueryTerms = 64;

const maxCachedWords = 500_000;

interface AliasNode {
  next: Map<string, AliasNode>;
  term?: string;
}

/**
 * Turns text into search terms: the one tokenizer used for indexing, for questions and for
 * marking matched words in excerpts, so the three always agree.
 */
export class Analyzer {
  private readonly aliasRoot: AliasNode = { next: new Map() };
  /**
   * Word → its term and alias key. Folding and stemming dominate analysis time, and text
   * repeats words endlessly; the cache is dropped when it grows past any real vocabulary.
   */
  private readonly wordCache = new Map<string, { term: string | null; folded: string }>();

  constructor(groups: readonly AliasGroup[] = []) {
    for (const group of groups) for (const name of group.names) this.addAlias(name, group.term);
  }

  /** Search terms of `text` (stemmed, stop words dropped, alias-group terms added). */
  terms(text: string): string[] {
    return this.termSpans(text).map((span) => span.term);
  }

  termSpans(text: string): TermSpan[] {
    const words = [...text.matchAll(tokenPattern)].map((match) => ({
      raw: match[0],
      start: match.index,
      end: match.index + match[0].length,
    }));
    const spans: TermSpan[] = [];
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      const { term } = this.word(word.raw);
      if (term !== null) spans.push({ term, start: word.start, end: word.end });
      for (const alias of this.matchAliases(words, index))
        spans.push({ term: alias.term, start: word.start, end: words[alias.last]!.end });
    }
    return spans;
  }

  /** Every alias name that starts at `words[from]` ("killed" and "killed or wounded" both count). */
  private matchAliases(words: ReadonlyArray<{ raw: string }>, from: number): Array<{ term: string; last: number }> {
    const found: Array<{ term: string; last: number }> = [];
    let node: AliasNode | undefined = this.aliasRoot;
    for (let index = from; index < words.length && node; index++) {
      const raw = words[index]!.raw;
      node = node.next.get(exactKey(raw)) ?? node.next.get(this.word(raw).folded);
      if (node?.term && !found.some((match) => match.term === node!.term)) found.push({ term: node.term, last: index });
    }
    return found;
  }

  private word(raw: string): { term: string | null; folded: string } {
    let cached = this.wordCache.get(raw);
    if (!cached) {
      if (this.wordCache.size >= maxCachedWords) this.wordCache.clear();
      cached = { term: normalizeWord(raw), folded: foldedKey(raw) };
      this.wordCache.set(raw, cached);
    }
    return cached;
  }

  private addAlias(name: string, term: string): void {
    // Names written in capitals are acronyms and match only in capitals: "US" is not "us".
    const caseSensitive = /\p{Lu}{2}/u.test(name) && name === name.toUpperCase();
    const keys = [...name.matchAll(tokenPattern)].map((match) =>
      caseSensitive ? exactKey(match[0]) : foldedKey(match[0]),
    );
    if (keys.length === 0) return;
    let node = this.aliasRoot;
    for (const key of keys) {
      let child = node.next.get(key);
      if (!child) node.next.set(key, (child = { next: new Map() }));
      node = child;
    }
    node.term = term;
  }
}

function exactKey(raw: string): string {
  return '=' + raw.replace(/\./g, '');
}

function foldedKey(raw: string): string {
  return stemWord(fold(raw));
}

/** Lower case, accents folded, typographic apostrophes straightened, possessive dropped. */
function fold(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/’/g, "'")
    .replace(/'s$|'$/, '');
}

/**
 * Irregular forms the Porter stemmer leaves apart from their base ("died" → "di", "die" → "die").
 * Grammar, not topic: the list holds whatever English verbs and plurals news text commonly bends.
 */
const irregularForms: Record<string, string> = {
  died: 'die',
  dies: 'die',
  dying: 'die',
  lost: 'lose',
  paid: 'pay',
  sent: 'send',
  fought: 'fight',
  brought: 'bring',
  bought: 'buy',
  taken: 'take',
  took: 'take',
  gave: 'give',
  given: 'give',
  went: 'go',
  gone: 'go',
  held: 'hold',
  led: 'lead',
  left: 'leave',
  made: 'make',
  met: 'meet',
  ran: 'run',
  saw: 'see',
  seen: 'see',
  shot: 'shoot',
  spoke: 'speak',
  spoken: 'speak',
  told: 'tell',
  thought: 'think',
  won: 'win',
  wrote: 'write',
  written: 'write',
  men: 'man',
  women: 'woman',
  children: 'child',
  people: 'person',
};

function stemWord(word: string): string {
  if (!/^[a-z]{3,}$/.test(word)) return word;
  return stemmer(irregularForms[word] ?? word);
}

/** One word to its index term, or null for stop words. */
export function normalizeWord(raw: string): string | null {
  if (/^\d/.test(raw)) return raw.replace(/[,\u00a0\u202f ]/g, '').toLowerCase();
  const folded = fold(raw);
  if (stopWords.has(folded)) return null;
  const word = folded.replace(/['.]/g, '');
  if (word === '' || stopWords.has(word)) return null;
  return stemWord(word);
}
