import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * Bump when the snapshot's shape or the meaning of what it stores changes (chunking, analyzer,
 * figure extraction): an older snapshot is then rebuilt instead of being misread.
 */
export const snapshotFormat = 3;
export const snapshotFileName = 'snapshot.json';

const chunkSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  paragraph: z.number().int().positive(),
  heading: z.string().optional(),
  text: z.string(),
});

export const sourceSummarySchema = z.object({
  id: z.string(),
  file: z.string(),
  title: z.string(),
  publisher: z.string().optional(),
  author: z.string().optional(),
  date: z.string().optional(),
  url: z.string().optional(),
  hash: z.string(),
  chunkCount: z.number().int().nonnegative(),
});

/** Everything needed to answer without reading or re-indexing the seeds. */
export const snapshotSchema = z.object({
  format: z.literal(snapshotFormat),
  /** Hash of the seeds and the alias data the index was built from (see sourceFingerprint). */
  fingerprint: z.string(),
  /** Size, time and hash of each seed file, so an unchanged seed is not read again to check it. */
  seedFiles: z.array(z.object({ file: z.string(), size: z.number(), mtimeMs: z.number(), hash: z.string() })),
  builtAt: z.string(),
  sources: z.array(sourceSummarySchema),
  problems: z.array(z.object({ file: z.string(), line: z.number().optional(), message: z.string() })),
  chunks: z.array(chunkSchema),
  index: z.object({
    miniSearch: z.record(z.string(), z.unknown()),
    documentFrequency: z.record(z.string(), z.number()),
  }),
  /**
   * Stored figures (see storedFigures.ts), checked and restored on first use rather than on
   * every start: most starts answer questions long before anyone runs /compare.
   */
  figures: z.array(z.unknown()),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export type SnapshotRead =
  | { status: 'ok'; snapshot: Snapshot }
  | { status: 'missing' }
  | { status: 'unusable'; reason: string };

export async function readSnapshot(indexDir: string): Promise<SnapshotRead> {
  let text: string;
  try {
    text = await readFile(join(indexDir, snapshotFileName), 'utf8');
  } catch (error) {
    // No file, or no folder to hold one (index/ under a file): nothing was saved, nothing is broken.
    if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return { status: 'missing' };
    return { status: 'unusable', reason: (error as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { status: 'unusable', reason: 'the file is not valid JSON (truncated or corrupt)' };
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (format !== snapshotFormat) return { status: 'unusable', reason: `it has format ${String(format)}, this version reads format ${snapshotFormat}` };
  const parsed = snapshotSchema.safeParse(json);
  if (!parsed.success) return { status: 'unusable', reason: `it does not match the snapshot format (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message})` };
  return { status: 'ok', snapshot: parsed.data };
}

/**
 * Writes the snapshot beside the old one and renames it into place: a rename is atomic, so a
 * crash mid-write leaves the previous snapshot, never half of a new one. The JSON is written
 * a piece at a time rather than built as one string, which at 100,000 paragraphs would be
 * a hundred megabytes held twice over (the string and its encoded copy).
 */
export async function writeSnapshot(indexDir: string, snapshot: Snapshot): Promise<void> {
  await mkdir(indexDir, { recursive: true });
  await removeAbandonedTemporaries(indexDir);
  const target = join(indexDir, snapshotFileName);
  const temporary = join(indexDir, `${temporaryPrefix}${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'w');
    try {
      for (const piece of jsonPieces(snapshot)) await file.write(piece);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

const temporaryPrefix = `.${snapshotFileName}.`;
/** Array elements per written piece: large enough to keep writes few, small enough to keep pieces small. */
const elementsPerPiece = 2000;

/** The same text as JSON.stringify(snapshot), as a sequence of pieces. */
function* jsonPieces(snapshot: Snapshot): Generator<string> {
  let separator = '{';
  for (const [key, value] of Object.entries(snapshot)) {
    yield `${separator}${JSON.stringify(key)}:`;
    separator = ',';
    if (!Array.isArray(value)) {
      yield JSON.stringify(value);
      continue;
    }
    yield '[';
    for (let start = 0; start < value.length; start += elementsPerPiece) {
      yield (start > 0 ? ',' : '') + value.slice(start, start + elementsPerPiece).map((element) => JSON.stringify(element)).join(',');
    }
    yield ']';
  }
  yield '}';
}

/**
 * A reindex killed mid-write leaves its temporary file behind (as large as a snapshot); the next
 * write clears those of processes that no longer run.
 */
async function removeAbandonedTemporaries(indexDir: string): Promise<void> {
  for (const name of await readdir(indexDir)) {
    const pid = name.startsWith(temporaryPrefix) ? Number(name.slice(temporaryPrefix.length).split('.')[0]) : NaN;
    if (Number.isInteger(pid) && !isRunning(pid)) await rm(join(indexDir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
