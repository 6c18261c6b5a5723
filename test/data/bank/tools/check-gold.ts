/**
 * Checks the question bank: `npx tsx test/data/bank/tools/check-gold.ts` (exit 1 on any problem).
 *
 * For every collection in test/data/bank/collections.json it reads the seed files as plain text
 * (front matter and a plain `Title:/Source:/Date:` header left out), and for every question in
 * its .jsonl file it checks the schema, that ids are unique across the bank, and that each gold
 * phrase occurs inside one paragraph line of that collection's texts, compared case-insensitively
 * with curly quotes straightened and runs of white space folded. It then reports counts per
 * collection and kind and the share of unanswerable questions. It does not use the project's src.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const KINDS = [
  'factoid',
  'numeric',
  'attribution',
  'paraphrase',
  'slang',
  'typo',
  'multi',
  'followup',
  'unanswerable',
] as const;
const MIN_QUESTIONS = 80;

interface Collection {
  id: string;
  seedsDir: string;
  questions: string;
  description: string;
}

interface Question {
  id: string;
  collection: string;
  kind: (typeof KINDS)[number];
  q: string;
  gold: string[];
}

const problems: string[] = [];
const warnings: string[] = [];

/** Lower case, curly quotes straightened, runs of white space folded to one space. */
export function fold(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The body of a seed file: without `---` front matter or a plain Title:/Source:/Date: header. */
function body(text: string): string {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (/^---\s*$/.test(lines[0] ?? '')) {
    const closing = lines.findIndex((line, index) => index > 0 && /^---\s*$/.test(line));
    return lines.slice(closing + 1).join('\n');
  }
  let index = 0;
  while (index < lines.length && /^(Title|Source|Date|Author):/i.test(lines[index] ?? '')) index += 1;
  return index > 0 && (lines[index] ?? '').trim() === '' ? lines.slice(index + 1).join('\n') : lines.join('\n');
}

/** Folded paragraphs of every seed file in a folder (a paragraph is one non-empty line). */
function paragraphs(dir: string): string[] {
  const files = readdirSync(dir).filter((name) => /\.(txt|md)$/.test(name));
  if (files.length === 0) problems.push(`${dir}: no seed files`);
  return files.flatMap((name) =>
    body(readFileSync(join(dir, name), 'utf8'))
      .split(/\r?\n/)
      .map(fold)
      .filter((line) => line !== ''),
  );
}

function isQuestion(value: unknown, where: string): value is Question {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${where}: not a JSON object`);
    return false;
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((key) => !['id', 'collection', 'kind', 'q', 'gold'].includes(key));
  if (extra.length > 0) problems.push(`${where}: unexpected field(s) ${extra.join(', ')}`);
  let ok = true;
  for (const key of ['id', 'collection', 'kind', 'q'] as const) {
    if (typeof record[key] !== 'string' || record[key].trim() === '') {
      problems.push(`${where}: "${key}" must be a non-empty string`);
      ok = false;
    }
  }
  if (!Array.isArray(record.gold) || !record.gold.every((g) => typeof g === 'string' && g.trim() !== '')) {
    problems.push(`${where}: "gold" must be an array of non-empty strings`);
    ok = false;
  }
  if (ok && !(KINDS as readonly string[]).includes(record.kind as string)) {
    problems.push(`${where}: unknown kind "${String(record.kind)}" (one of ${KINDS.join(', ')})`);
    ok = false;
  }
  return ok;
}

function main(): void {
  const collections = JSON.parse(readFileSync(join(ROOT, 'test/data/bank/collections.json'), 'utf8')) as Collection[];
  const ids = new Set<string>();
  const questionTexts = new Map<string, string>();
  const table: Record<string, Record<string, number>> = {};
  let total = 0;
  let unanswerable = 0;

  for (const collection of collections) {
    for (const key of ['id', 'seedsDir', 'questions', 'description'] as const) {
      if (typeof collection[key] !== 'string' || collection[key] === '')
        problems.push(`collections.json: ${collection.id ?? '?'} lacks "${key}"`);
    }
    const texts = paragraphs(join(ROOT, collection.seedsDir));
    const counts: Record<string, number> = {};
    table[collection.id] = counts;
    const lines = readFileSync(join(ROOT, collection.questions), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      const where = `${collection.questions}:${index + 1}`;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        problems.push(`${where}: bad JSON (${(error as Error).message})`);
        return;
      }
      if (!isQuestion(parsed, where)) return;
      const question = parsed;
      if (ids.has(question.id)) problems.push(`${where}: duplicate id ${question.id}`);
      ids.add(question.id);
      const folded = fold(question.q);
      const earlier = questionTexts.get(folded);
      if (earlier) problems.push(`${where}: same question as ${earlier}`);
      questionTexts.set(folded, question.id);
      if (question.collection !== collection.id)
        problems.push(`${where}: collection "${question.collection}" in the file of "${collection.id}"`);
      if ((question.kind === 'unanswerable') !== (question.gold.length === 0))
        problems.push(`${where}: ${question.id} kind "unanswerable" goes with gold [] and only with it`);
      for (const phrase of question.gold) {
        const needle = fold(phrase);
        const words = needle.split(' ').length;
        if (words < 2 || words > 20) problems.push(`${where}: ${question.id} gold "${phrase}" has ${words} words`);
        else if (words < 3 || words > 14) warnings.push(`${question.id} gold "${phrase}" has ${words} words`);
        const hits = texts.filter((paragraph) => paragraph.includes(needle)).length;
        if (hits === 0) problems.push(`${where}: ${question.id} gold not found in ${collection.id}: "${phrase}"`);
      }
      counts[question.kind] = (counts[question.kind] ?? 0) + 1;
      total += 1;
      if (question.kind === 'unanswerable') unanswerable += 1;
    });
    const n = Object.values(counts).reduce((a, b) => a + b, 0);
    if (n < MIN_QUESTIONS) problems.push(`${collection.id}: ${n} questions, fewer than ${MIN_QUESTIONS}`);
  }

  const header = ['collection', ...KINDS.map((k) => k.slice(0, 7)), 'total', 'unans%'];
  console.log(header.map((h) => h.padStart(h === 'collection' ? 12 : 8)).join(''));
  for (const [id, counts] of Object.entries(table)) {
    const n = Object.values(counts).reduce((a, b) => a + b, 0);
    const share = n === 0 ? 0 : (100 * (counts.unanswerable ?? 0)) / n;
    const cells = [...KINDS.map((k) => String(counts[k] ?? 0)), String(n), share.toFixed(1)];
    console.log(id.padStart(12) + cells.map((c) => c.padStart(8)).join(''));
  }
  const share = total === 0 ? 0 : (100 * unanswerable) / total;
  console.log(`\n${total} questions in ${collections.length} collections, ${unanswerable} unanswerable (${share.toFixed(1)} %)`);
  for (const warning of warnings) console.log(`warning: ${warning}`);
  if (problems.length > 0) {
    for (const problem of problems) console.error(`problem: ${problem}`);
    console.error(`\n${problems.length} problem(s)`);
    process.exit(1);
  }
  console.log('all gold phrases found; no problems');
}

main();
