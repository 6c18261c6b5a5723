import { randomBytes } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Chunk } from '../chunking/types.js';
import type { ChunkIndexData } from './chunkIndex.js';
import type { StoredFigure } from './storedFigures.js';

/**
 * Bump when the snapshot's shape or the meaning of what it stores changes (chunking, analyzer,
 * figure extraction): an older snapshot is then rebuilt instead of being misread.
 */
export const snapshotFormat = 4;
export const snapshotFileName = 'snapshot.json';

const chunkSchema = z.object({
  id: z.string(),
  sourceId: z.string(),
  paragraph: z.number().int().positive(),
  heading: z.string().optional(),
  text: z.string(),
});

const sourceSummarySchema = z.object({
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

/** The snapshot's first line: what the index was built from, enough to tell whether it is current. */
export const snapshotHeaderSchema = z.object({
  format: z.literal(snapshotFormat),
  /** Hash of the seeds and the alias data the index was built from (see sourceFingerprint). */
  fingerprint: z.string(),
  /** Size, time and hash of each seed file, so an unchanged seed is not read again to check it. */
  seedFiles: z.array(z.object({ file: z.string(), size: z.number(), mtimeMs: z.number(), hash: z.string() })),
  builtAt: z.string(),
  sources: z.array(sourceSummarySchema),
  problems: z.array(z.object({ file: z.string(), line: z.number().optional(), message: z.string() })),
  chunkCount: z.number().int().nonnegative(),
});
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;

const indexSchema = z.object({
  miniSearch: z.record(z.string(), z.unknown()),
  documentFrequency: z.record(z.string(), z.number()),
});
const chunksSchema = z.array(chunkSchema);

/** Everything needed to answer without reading or re-indexing the seeds. */
export interface Snapshot {
  header: SnapshotHeader;
  index: ChunkIndexData;
  chunks: Chunk[];
  figures: StoredFigure[];
}

/**
 * A saved snapshot as loaded: the index in whatever form `loadIndex` made of it, and the figures
 * still as JSON text, parsed on first use (most starts answer questions long before anyone runs
 * /compare; see storedFigures.ts).
 */
export interface LoadedSnapshot<Index> {
  header: SnapshotHeader;
  index: Index;
  chunks: Chunk[];
  figuresJson: string;
}

export type SnapshotRead<T> = { status: 'ok'; value: T } | { status: 'missing' } | { status: 'unusable'; reason: string };

/** A saved snapshot that cannot be used, and why. */
class UnusableSnapshotError extends Error {}

/*
 * On disk the snapshot is one file of four lines, each a JSON document: the header, the index,
 * the chunks and the figures. Lines rather than one document so that a start reads the header
 * alone to decide whether the rest is current, and parses the large parts one after another,
 * each dropped before the next: at 100,000 paragraphs, one 90 MB document held as text, as
 * parsed objects and as the loaded index all at once took far more memory than serving does.
 * Characters outside ASCII are written as \u escapes, so the text reads back at one byte a
 * character instead of two. One file, renamed into place, keeps the write atomic.
 */

/**
 * A snapshot file opened and its header read; the rest is read by `load`, or not at all when the
 * header shows the snapshot is out of date. Close it when not loading.
 */
export class SavedSnapshot {
  private constructor(
    readonly header: SnapshotHeader,
    private readonly lines: LineReader,
    private readonly stream: ReadStream,
  ) {}

  static async open(indexDir: string): Promise<SnapshotRead<SavedSnapshot>> {
    const stream = createReadStream(join(indexDir, snapshotFileName), { highWaterMark: readSize });
    const lines = new LineReader(stream);
    try {
      return { status: 'ok', value: new SavedSnapshot(parseHeader(await lines.next(), lines), lines, stream) };
    } catch (error) {
      stream.destroy();
      if (error instanceof UnusableSnapshotError) return { status: 'unusable', reason: error.message };
      // No file, or no folder to hold one (index/ under a file): nothing was saved, nothing is broken.
      if (['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException).code ?? '')) return { status: 'missing' };
      return { status: 'unusable', reason: (error as Error).message };
    }
  }

  /**
   * Reads the rest. The index goes to `loadIndex` as soon as it is parsed, so its JSON (the
   * largest part by far once parsed) is garbage before the chunks are read. Throws, saying why,
   * when the snapshot cannot be used.
   */
  async load<Index>(loadIndex: (data: ChunkIndexData) => Index): Promise<LoadedSnapshot<Index>> {
    try {
      const index = loadIndexLine(await this.lines.next(), loadIndex);
      const chunks = parseLine(await this.lines.next(), 'chunks', chunksSchema);
      if (chunks.length !== this.header.chunkCount) throw new UnusableSnapshotError(`it holds ${chunks.length} chunks where its header says ${this.header.chunkCount}`);
      const figuresJson = lineText(await this.lines.next(), 'figures');
      return { header: this.header, index, chunks, figuresJson };
    } finally {
      this.close();
    }
  }

  close(): void {
    this.stream.destroy();
  }
}

/** What the saved index was built from, without loading it. */
export async function readSnapshotHeader(indexDir: string): Promise<SnapshotRead<SnapshotHeader>> {
  const saved = await SavedSnapshot.open(indexDir);
  if (saved.status !== 'ok') return saved;
  saved.value.close();
  return { status: 'ok', value: saved.value.header };
}

/** A function of its own, so that nothing keeps the line or its parsed JSON once the index is loaded. */
function loadIndexLine<Index>(line: string | undefined, loadIndex: (data: ChunkIndexData) => Index): Index {
  const data = parseLine(line, 'index', indexSchema) as ChunkIndexData;
  try {
    return loadIndex(data);
  } catch (error) {
    throw new UnusableSnapshotError(`its index could not be loaded (${(error as Error).message})`);
  }
}

function parseHeader(line: string | undefined, lines: LineReader): SnapshotHeader {
  // Before format 4 a snapshot was one JSON document without a newline, "format" its first key.
  const format = line === undefined ? /^\{"format":(\d+)/.exec(lines.unfinishedStart)?.[1] : undefined;
  if (format !== undefined && Number(format) !== snapshotFormat) throw formatError(format);
  const json = parseJson(line, 'header');
  if ((json as { format?: unknown } | null)?.format !== snapshotFormat) throw formatError((json as { format?: unknown } | null)?.format);
  return parseLine(line, 'header', snapshotHeaderSchema, json);
}

function formatError(format: unknown): UnusableSnapshotError {
  return new UnusableSnapshotError(`it has format ${String(format)}, this version reads format ${snapshotFormat}`);
}

function parseLine<T>(line: string | undefined, part: string, schema: z.ZodType<T>, json = parseJson(line, part)): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnusableSnapshotError(`its ${part} does not match the snapshot format (${[part, ...issue.path].join('.')}: ${issue.message})`);
  }
  return parsed.data;
}

function parseJson(line: string | undefined, part: string): unknown {
  try {
    return JSON.parse(lineText(line, part));
  } catch (error) {
    if (error instanceof UnusableSnapshotError) throw error;
    throw new UnusableSnapshotError(`its ${part} is not valid JSON (the file is corrupt)`);
  }
}

function lineText(line: string | undefined, part: string): string {
  if (line === undefined) throw new UnusableSnapshotError(`it ends before its ${part} (the file is truncated)`);
  return line;
}

/** Bytes read from disk at a time. */
const readSize = 1 << 20;

/**
 * The complete lines of a stream, one at a time, as text; a last line without its newline is not
 * complete. Lines are decoded as they are found, so a line's bytes are garbage once it is read.
 */
class LineReader {
  /** The start of an unfinished last line, once the stream has ended. */
  unfinishedStart = '';
  private readonly chunks: AsyncIterator<Buffer>;
  private pending: Buffer[] = [];
  private ready: string[] = [];

  constructor(stream: AsyncIterable<Buffer>) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  async next(): Promise<string | undefined> {
    while (this.ready.length === 0) {
      const { value, done } = await this.chunks.next();
      if (done) {
        this.unfinishedStart = this.pending[0]?.subarray(0, 64).toString('utf8') ?? '';
        return undefined;
      }
      let start = 0;
      for (let newline = value.indexOf(10); newline !== -1; newline = value.indexOf(10, start)) {
        this.pending.push(value.subarray(start, newline));
        this.ready.push(Buffer.concat(this.pending).toString('utf8'));
        this.pending = [];
        start = newline + 1;
      }
      if (start < value.length) this.pending.push(value.subarray(start));
    }
    return this.ready.shift();
  }
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
      // writeFile, not write: write may write only part of what it is given (a full disk).
      for (const batch of batches(snapshotPieces(snapshot))) await file.writeFile(toAscii(batch));
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

function* snapshotPieces({ header, index, chunks, figures }: Snapshot): Generator<string> {
  for (const line of [header, index, chunks, figures]) {
    yield* jsonPieces(line);
    yield '\n';
  }
}

/** How deep objects are opened up key by key; deeper values are written whole. */
const openObjectsToDepth = 2;

/**
 * The same text as JSON.stringify(value), in pieces: arrays element by element and the outer
 * objects key by key, so that no piece is the whole of a large array.
 */
function* jsonPieces(value: unknown, depth = 0): Generator<string> {
  if (Array.isArray(value)) {
    yield '[';
    for (const [position, element] of value.entries()) yield (position > 0 ? ',' : '') + (JSON.stringify(element) ?? 'null');
    yield ']';
  } else if (depth < openObjectsToDepth && value !== null && typeof value === 'object') {
    let separator = '{';
    for (const [key, member] of Object.entries(value)) {
      if (member === undefined) continue;
      yield `${separator}${JSON.stringify(key)}:`;
      separator = ',';
      yield* jsonPieces(member, depth + 1);
    }
    yield separator === '{' ? '{}' : '}';
  } else {
    yield JSON.stringify(value);
  }
}

/** Pieces joined into strings of about a megabyte: few writes, none of them large. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= readSize) {
      yield batch.join('');
      batch = [];
      length = 0;
    }
  }
  if (batch.length > 0) yield batch.join('');
}

/** JSON with every character outside ASCII written as a \u escape (they occur only inside strings). */
function toAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const temporaryPrefix = `.${snapshotFileName}.`;

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
