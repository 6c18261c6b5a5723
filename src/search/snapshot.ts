import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { figureSchema } from '../figures/index.js';

/**
 * Bump when the snapshot's shape or the meaning of what it stores changes (chunking, analyzer,
 * figure extraction): an older snapshot is then rebuilt instead of being misread.
 */
export const snapshotFormat = 1;
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
  builtAt: z.string(),
  sources: z.array(sourceSummarySchema),
  problems: z.array(z.object({ file: z.string(), line: z.number().optional(), message: z.string() })),
  chunks: z.array(chunkSchema),
  index: z.object({
    miniSearch: z.record(z.string(), z.unknown()),
    documentFrequency: z.record(z.string(), z.number()),
  }),
  figures: z.array(figureSchema),
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
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { status: 'missing' };
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
 * crash mid-write leaves the previous snapshot, never half of a new one.
 */
export async function writeSnapshot(indexDir: string, snapshot: Snapshot): Promise<void> {
  await mkdir(indexDir, { recursive: true });
  const target = join(indexDir, snapshotFileName);
  const temporary = join(indexDir, `.${snapshotFileName}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const file = await open(temporary, 'w');
    try {
      await file.writeFile(JSON.stringify(snapshot));
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
