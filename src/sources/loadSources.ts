import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, basename } from 'node:path';
import { isPageFurniture } from '../text/furniture.js';
import { SetupError } from '../util/dataFile.js';
import { FrontMatterError, parseSeed } from './frontMatter.js';
import { mapConcurrently } from '../util/mapConcurrently.js';
import type { SeedFileState, SeedProblem, Source } from './types.js';
import { presentFields } from '../util/presentFields.js';

/** Seed files are plain text or Markdown; anything else in the folder (images, editors' backups) is ignored. */
const seedExtensions = new Set(['.txt', '.md']);
/** Folder notes for moderators, not articles. */
const notSeeds = new Set(['readme.md', 'readme.txt']);
/** Far above any article; a file this large is a mistake (a dump, a log) and would stall indexing. */
export const maxSeedBytes = 5 * 1024 * 1024;

export interface LoadedSources {
  sources: Source[];
  problems: SeedProblem[];
}

export interface LoadProgress {
  (done: number, total: number): void;
}

/** The seed files of `seedsDir`, by name, in a stable order. */
export async function listSeedFiles(seedsDir: string): Promise<string[]> {
  return (await listSeedFolder(seedsDir)).files;
}

/**
 * The seed files of `seedsDir`, by name, in a stable order; and the entries named like seeds
 * that are not read (symbolic links, folders), each with why, so none is skipped without a word.
 */
async function listSeedFolder(seedsDir: string): Promise<{ files: string[]; skipped: SeedProblem[] }> {
  const entries = await readdir(seedsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR')
      throw new SetupError(`There is no seeds folder at ${seedsDir}: create it and add articles, or set SEEDS_DIR.`);
    throw error;
  });
  const named = entries
    .filter((entry) => seedExtensions.has(extname(entry.name).toLowerCase()) && !notSeeds.has(entry.name.toLowerCase()))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const skipped = named.flatMap((entry): SeedProblem[] => {
    if (entry.isSymbolicLink())
      return [
        { file: entry.name, message: 'is a symbolic link; seeds are read only as regular files: copy the article in' },
      ];
    if (entry.isDirectory()) return [{ file: entry.name, message: 'is a folder, not an article file' }];
    return entry.isFile() ? [] : [{ file: entry.name, message: 'is not a regular file' }];
  });
  return { files: named.filter((entry) => entry.isFile()).map((entry) => entry.name), skipped };
}

/** Reads every seed in `seedsDir`. A bad seed is reported and skipped; the others still load. */
export async function loadSources(seedsDir: string, onProgress?: LoadProgress): Promise<LoadedSources> {
  const { files, skipped } = await listSeedFolder(seedsDir);

  const results = await mapConcurrently(
    files,
    filesReadAtOnce,
    (file) => loadSeed(seedsDir, file),
    (done) => onProgress?.(done, files.length),
  );
  const sources: Source[] = [];
  const problems: SeedProblem[] = [...skipped];
  // Ids are file names without their extension, and are looked up without regard to case.
  const fileById = new Map<string, string>();
  for (const result of results) {
    if ('problem' in result) {
      problems.push(result.problem);
      continue;
    }
    const { id, file } = result.source;
    const holder = fileById.get(id.toLowerCase());
    if (holder !== undefined) {
      problems.push({
        file,
        message: `its id "${id}" is already ${holder}'s (ids are file names without the extension): rename one of them`,
      });
      continue;
    }
    fileById.set(id.toLowerCase(), file);
    sources.push(result.source);
  }
  return { sources, problems };
}

/** Enough to keep the disk and libuv's four threads busy. */
const filesReadAtOnce = 8;

async function loadSeed(seedsDir: string, file: string): Promise<{ source: Source } | { problem: SeedProblem }> {
  const path = join(seedsDir, file);
  const problem = (message: string, line?: number) => ({ problem: { file, message, ...(line ? { line } : {}) } });

  let bytes: Buffer;
  try {
    const { size } = await stat(path);
    if (size > maxSeedBytes)
      return problem(
        `file is ${(size / 1024 / 1024).toFixed(1)} MB; seeds are limited to ${maxSeedBytes / 1024 / 1024} MB`,
      );
    bytes = await readFile(path);
  } catch (error) {
    // Deleted or renamed after the folder was listed: a moderator editing seeds during a reindex.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return problem('file was removed while the seeds were being read');
    throw error;
  }
  const encoding = encodingByBom(bytes);
  if (encoding === 'utf-8' && bytes.includes(0)) return problem('file is binary, not text');

  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return problem(`file is not valid ${encoding.toUpperCase()} text (save it as UTF-8)`);
  }

  let parsed;
  try {
    parsed = parseSeed(text);
  } catch (error) {
    if (error instanceof FrontMatterError) return problem(error.message, error.line);
    throw error;
  }
  if (parsed.body.trim() === '') return problem('file has no article text', parsed.bodyLine);

  const { metadata } = parsed;
  return {
    source: {
      id: basename(file, extname(file)),
      file,
      title: metadata.title ?? deriveTitle(parsed.body),
      ...presentFields({
        publisher: metadata.publisher,
        author: metadata.author,
        date: metadata.date,
        url: metadata.url,
        language: metadata.language,
      }),
      body: parsed.body,
      bodyLine: parsed.bodyLine,
      hash: hashBytes(bytes),
    },
  };
}

/**
 * UTF-16 files (Windows Notepad's "Unicode") start with a byte order mark; everything else is
 * read as UTF-8. The decoder drops the mark.
 */
function encodingByBom(bytes: Uint8Array): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

const maxTitleLength = 100;
/** Lines of the body looked at for a title: the first that is not furniture is rarely far down. */
const maxTitleLines = 50;

/**
 * A seed with no title gets its first line that is not page furniture (an article copied from a
 * page often opens with a photo caption or a byline), cut at a word boundary and without a
 * trailing full stop.
 */
export function deriveTitle(body: string): string {
  // Only the start of each line can become a title: judging a 5 MB line whole took a third of a second.
  const lines = body
    .split(/\r?\n/, maxTitleLines)
    .map((line) =>
      line
        .slice(0, maxTitleLength * 2)
        .replace(/^#+\s*/, '')
        .trim(),
    )
    .filter((line) => line !== '');
  const firstLine = lines.find((line) => !isPageFurniture(line)) ?? lines[0] ?? '';
  const title = firstLine.replace(/[.\s]+$/, '');
  if (title.length <= maxTitleLength) return title;
  const cut = title.slice(0, maxTitleLength);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), 40)) + '…';
}

export function hashBytes(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What the fingerprint knew of one seed file, kept so the next start need not read it again. */
/**
 * One hash for the state of the seeds folder (every seed file's name and content) plus whatever
 * else the index depends on (`extra`: the alias data, the snapshot format), so a snapshot is
 * reused exactly when rebuilding it would give the same result. A file whose size and
 * modification time match `known` keeps its known hash: re-reading thousands of unchanged seeds
 * on every start would cost more than loading the index.
 */
export async function seedsFingerprint(
  seedsDir: string,
  extra: string,
  known: readonly SeedFileState[] = [],
): Promise<{ fingerprint: string; files: SeedFileState[] }> {
  const knownByFile = new Map(known.map((state) => [state.file, state]));
  const states = await mapConcurrently(
    await listSeedFiles(seedsDir),
    filesReadAtOnce,
    async (file): Promise<SeedFileState | undefined> => {
      const path = join(seedsDir, file);
      try {
        // Stated synchronously: through libuv's thread pool, thousands of stats cost more in
        // scheduling than in stating (about 50 against 20 ms for 3,000 seeds).
        const { size, mtimeMs } = statSync(path);
        const previous = knownByFile.get(file);
        if (previous && previous.size === size && previous.mtimeMs === mtimeMs) return previous;
        // An oversized seed is skipped unread, so its size and time are all that can change its fate.
        const hash = size > maxSeedBytes ? `${size}:${mtimeMs}` : hashBytes(await readFile(path));
        return { file, size, mtimeMs, hash };
      } catch (error) {
        // Removed since the folder was listed: it is not part of the seeds any more.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  );
  const files = states.filter((state) => state !== undefined);
  const fingerprint = createHash('sha256').update(extra);
  for (const state of files) fingerprint.update(`\0${state.file}\0${state.hash}`);
  return { fingerprint: fingerprint.digest('hex'), files };
}
