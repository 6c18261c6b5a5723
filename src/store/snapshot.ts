import { createHash, randomBytes, type Hash } from 'node:crypto';
import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { chunkSchema, sourceSummarySchema, type Chunk } from '../chunking/types.js';
import { seedFileStateSchema, seedProblemSchema } from '../sources/types.js';
import type { SavedChunkIndex } from '../search/chunkIndex.js';
import type { SavedDocuments, SavedTerm } from '../search/savableMiniSearch.js';
import type { StoredFigure } from './storedFigures.js';

/**
 * Bump when the snapshot's shape or the meaning of what it stores changes (chunking, analyzer,
 * figure extraction): an older snapshot is then rebuilt instead of being misread.
 */
export const snapshotFormat = 7;
export const snapshotFileName = 'snapshot.json';

/** The snapshot's first line: what the index was built from, enough to tell whether it is current. */
export const snapshotHeaderSchema = z.object({
  format: z.literal(snapshotFormat),
  /** Hash of the seeds, the alias data and the format versions the index was built from (see seedsFingerprint). */
  fingerprint: z.string(),
  /** Size, time and hash of each seed file, so an unchanged seed is not read again to check it. */
  seedFiles: z.array(seedFileStateSchema),
  builtAt: z.string().refine((text) => !Number.isNaN(Date.parse(text)), 'not a date'),
  sources: z.array(sourceSummarySchema),
  problems: z.array(seedProblemSchema),
  chunkCount: z.number().int().nonnegative(),
});
export type SnapshotHeader = z.infer<typeof snapshotHeaderSchema>;

/** Lengths count terms: whole, never negative (zod refuses 1e999, which JSON reads as Infinity). */
const fieldLengthSchema = z.number().int().nonnegative();
const indexSchema = z.object({
  termCount: z.number().int().nonnegative(),
  fieldLength: z.array(z.array(fieldLengthSchema)),
  averageFieldLength: z.array(z.number().nonnegative()),
});
/** Only the shape of a line of terms: restoreTerms checks each posting as it loads it. */
const termSchema = z.custom<SavedTerm>((term) => Array.isArray(term));

/** Everything needed to answer without reading or re-indexing the seeds. */
export interface Snapshot {
  header: SnapshotHeader;
  chunks: readonly Chunk[];
  figures: Iterable<StoredFigure>;
  index: SavedChunkIndex;
}

/**
 * A saved snapshot as loaded: the index in whatever form `restoreIndex` made of it, and the
 * figures still as lines of JSON text, parsed on first use (most starts answer questions long
 * before anyone runs /compare; see storedFigures.ts).
 */
export interface LoadedSnapshot<Index> {
  header: SnapshotHeader;
  index: Index;
  chunks: Chunk[];
  figureLines: string[];
}

export type SnapshotRead<T> =
  { status: 'ok'; value: T } | { status: 'missing' } | { status: 'unusable'; reason: string };

/** A saved snapshot that cannot be used, and why. */
class UnusableSnapshotError extends Error {}

/*
 * On disk the snapshot is one file of JSON lines: the header; the chunks; what the index knows
 * of each chunk; the index's terms; the figures; and a last line that says the file is whole.
 * Chunks, terms and figures are JSON arrays of a batch each, so that no line is much larger than
 * `pieceSize`: at 100,000 paragraphs, reading one 90 MB document held it as text, as parsed
 * objects and as the loaded index all at once. A start reads the header alone to decide whether
 * the rest is current. Characters outside ASCII are written as \u escapes, so text reads back at
 * one byte a character instead of two. One file, renamed into place, keeps the write atomic.
 */

/*
 * Every line is its JSON, a tab, and the SHA-256 of that JSON (JSON text never holds a raw tab):
 * a line damaged on disk is refused, never served. The last line is {"end": <SHA-256 of every
 * line before it, newlines included>}: a line lost, doubled or moved is refused too.
 */
const hashSeparator = '\t';

/** A line of the snapshot: its JSON and the hash that vouches for it. */
export function sealLine(json: string): string {
  return `${json}${hashSeparator}${sha256(json)}\n`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The last line: the hash of everything before it. */
function endLine(fileHash: string): string {
  return `${JSON.stringify({ end: fileHash })}\n`;
}

/**
 * A whole snapshot file from the JSON of its lines (header, chunks, …, figures), sealed: for
 * tests that write snapshots whose damage only a consistency check can find.
 */
export function sealSnapshot(jsonLines: readonly string[]): string {
  const body = jsonLines.map((json) => sealLine(toAscii(json))).join('');
  return body + endLine(sha256(body));
}

/** The JSON of each line of a sealed snapshot, the end line left out (the inverse of sealSnapshot). */
export function unsealSnapshot(text: string): string[] {
  return text
    .split('\n')
    .slice(0, -2)
    .map((line) => line.slice(0, line.lastIndexOf(hashSeparator)));
}

/**
 * A snapshot file opened and its header read; the rest is read by `load`, or not at all when the
 * header shows the snapshot is out of date. Close it when not loading.
 */
export class SavedSnapshot {
  private constructor(
    readonly header: SnapshotHeader,
    private readonly lines: SealedLines,
    private readonly stream: ReadStream,
  ) {}

  static async open(indexDir: string): Promise<SnapshotRead<SavedSnapshot>> {
    const stream = createReadStream(join(indexDir, snapshotFileName), { highWaterMark: readSize });
    const lines = new SealedLines(new LineReader(stream));
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
   * Reads the rest. The index's terms go to `restoreIndex` a batch at a time as they are read.
   * Throws, saying why, when the snapshot cannot be used.
   */
  async load<Index>(
    restoreIndex: (
      chunks: Chunk[],
      documents: SavedDocuments,
      termBatches: AsyncIterable<SavedTerm[]>,
    ) => Promise<Index>,
  ): Promise<LoadedSnapshot<Index>> {
    try {
      const chunks: Chunk[] = [];
      for await (const batch of this.batches('chunks', this.header.chunkCount, chunkSchema)) chunks.push(...batch);
      const { termCount, ...documents } = parseLine(await this.lines.next(), 'index', indexSchema);
      const terms = this.batches('index terms', termCount, termSchema);
      let index: Index;
      try {
        index = await restoreIndex(chunks, documents, terms);
      } catch (error) {
        if (error instanceof UnusableSnapshotError) throw error;
        throw new UnusableSnapshotError(`its index could not be loaded (${(error as Error).message})`);
      }
      const figureLines: string[] = [];
      for (let line = await this.lines.next(); !this.lines.atEnd; line = await this.lines.next())
        figureLines.push(lineText(line, 'figures'));
      checkConsistency(this.header, chunks);
      return { header: this.header, index, chunks, figureLines };
    } finally {
      this.close();
    }
  }

  close(): void {
    this.stream.destroy();
  }

  /** The next lines, each a JSON array of `schema` items, until `count` items were read. */
  private async *batches<T>(part: string, count: number, schema: z.ZodType<T>): AsyncGenerator<T[]> {
    const lineSchema = z.array(schema);
    for (let read = 0; read < count;) {
      const batch = parseLine(await this.lines.next(), part, lineSchema);
      read += batch.length;
      if (batch.length === 0 || read > count)
        throw new UnusableSnapshotError(`its ${part} do not add up to the ${count} its header says`);
      yield batch;
    }
  }
}

/** What the saved index was built from, without loading it. */
export async function readSnapshotHeader(indexDir: string): Promise<SnapshotRead<SnapshotHeader>> {
  const saved = await SavedSnapshot.open(indexDir);
  if (saved.status !== 'ok') return saved;
  saved.value.close();
  return { status: 'ok', value: saved.value.header };
}

function parseHeader(line: string | undefined, lines: SealedLines): SnapshotHeader {
  // Before format 4 a snapshot was one JSON document without a newline, "format" its first key.
  const format = line === undefined ? /^\{"format":(\d+)/.exec(lines.raw.unfinishedStart)?.[1] : undefined;
  if (format !== undefined && Number(format) !== snapshotFormat) throw formatError(format);
  const json = parseJson(line, 'header');
  if ((json as { format?: unknown } | null)?.format !== snapshotFormat)
    throw formatError((json as { format?: unknown } | null)?.format);
  return parseLine(line, 'header', snapshotHeaderSchema, json);
}

function formatError(format: unknown): UnusableSnapshotError {
  return new UnusableSnapshotError(`it has format ${String(format)}, this version reads format ${snapshotFormat}`);
}

function parseLine<T>(line: string | undefined, part: string, schema: z.ZodType<T>, json = parseJson(line, part)): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UnusableSnapshotError(
      `its ${part} does not match the snapshot format (${[part, ...issue.path].join('.')}: ${issue.message})`,
    );
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

/** Bytes read from disk at a time (outside V8's heap: the lines decoded from them are small). */
const readSize = 1 << 20;

/**
 * Characters written at a time, and about the length of a line of chunks, terms or figures. Below
 * V8's large-object size (128 KB), so each piece of text is young garbage, freed by the next
 * scavenge: pieces of a megabyte piled up in the old generation until a full collection, and
 * took a reindex at 100,000 paragraphs 130 MB higher.
 */
const pieceSize = 1 << 16;

/**
 * The complete lines of a stream, one at a time, as text; a last line without its newline is not
 * complete. Lines are decoded as they are found, so a line's bytes are garbage once it is read.
 */
class LineReader {
  /** The start of an unfinished last line, once the stream has ended. */
  unfinishedStart = '';
  private readonly chunks: AsyncIterator<Buffer, unknown>;
  private pending: Buffer[] = [];
  private ready: string[] = [];

  constructor(stream: AsyncIterable<Buffer>) {
    this.chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer, unknown>;
  }

  async next(): Promise<string | undefined> {
    while (this.ready.length === 0) {
      const read = await this.chunks.next();
      if (read.done) {
        this.unfinishedStart = this.pending[0]?.subarray(0, 64).toString('utf8') ?? '';
        return undefined;
      }
      const value = read.value;
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
 * The lines of a sealed snapshot, checked as they are read: each against its own hash, and the
 * end line against the hash of all before it. Gives each line's JSON; undefined at the end of
 * the file, or at the end line (then `atEnd`).
 */
class SealedLines {
  atEnd = false;
  private number = 0;
  private readonly fileHash = createHash('sha256');

  constructor(readonly raw: LineReader) {}

  async next(): Promise<string | undefined> {
    const line = await this.raw.next();
    if (line === undefined || this.atEnd) return undefined;
    this.number++;
    if (line.startsWith(endLinePrefix)) {
      this.checkEnd(line, this.fileHash.copy());
      this.atEnd = true;
      return undefined;
    }
    this.fileHash.update(`${line}\n`);
    const at = line.lastIndexOf(hashSeparator);
    if (at === -1 || sha256(line.slice(0, at)) !== line.slice(at + 1)) {
      // A snapshot of an older format has no hashes: say so, rather than that it is corrupt.
      const format = this.number === 1 ? /^\{"format":(\d+)/.exec(line)?.[1] : undefined;
      if (format !== undefined && Number(format) !== snapshotFormat) throw formatError(format);
      throw new UnusableSnapshotError(`its line ${this.number} does not match its checksum (the file is corrupt)`);
    }
    return line.slice(0, at);
  }

  private checkEnd(line: string, before: Hash): void {
    let end: unknown;
    try {
      end = (JSON.parse(line) as { end?: unknown }).end;
    } catch {
      end = undefined;
    }
    if (end !== before.digest('hex'))
      throw new UnusableSnapshotError(
        'its end line does not match the lines before it (a line is missing, doubled, out of place or damaged)',
      );
  }
}

const endLinePrefix = '{"end":';

/**
 * Checks what each line's schema cannot: that the parts agree with one another. Throws, naming
 * the first disagreement.
 */
function checkConsistency(header: SnapshotHeader, chunks: readonly Chunk[]): void {
  const fail = (what: string) => {
    throw new UnusableSnapshotError(`its data is inconsistent (${what})`);
  };
  const sourceIds = new Set<string>();
  for (const source of header.sources) {
    if (sourceIds.has(source.id)) fail(`two sources have the id ${source.id}`);
    sourceIds.add(source.id);
  }
  const chunkIds = new Set<string>();
  const chunksPerSource = new Map<string, number>();
  for (const chunk of chunks) {
    if (chunkIds.has(chunk.id)) fail(`two chunks have the id ${chunk.id}`);
    chunkIds.add(chunk.id);
    if (!sourceIds.has(chunk.sourceId)) fail(`chunk ${chunk.id} belongs to an unknown source ${chunk.sourceId}`);
    chunksPerSource.set(chunk.sourceId, (chunksPerSource.get(chunk.sourceId) ?? 0) + 1);
  }
  for (const source of header.sources)
    if ((chunksPerSource.get(source.id) ?? 0) !== source.chunkCount)
      fail(
        `source ${source.id} has ${chunksPerSource.get(source.id) ?? 0} chunks, not the ${source.chunkCount} its header says`,
      );
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
      const fileHash = createHash('sha256');
      for (const batch of batches(sealedLines(snapshotPieces(snapshot), fileHash))) await file.writeFile(batch);
      await file.writeFile(endLine(fileHash.digest('hex')));
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, target);
    await syncFolder(indexDir);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The rename is durable only once the folder that records it is on disk too. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The JSON of each line, ASCII, sealed with its hash; every line is added to `fileHash`. */
function* sealedLines(jsonLines: Iterable<string>, fileHash: Hash): Generator<string> {
  for (const json of jsonLines) {
    const line = sealLine(toAscii(json));
    fileHash.update(line);
    yield line;
  }
}

/** The JSON of each line but the end line. */
function* snapshotPieces({ header, chunks, figures, index }: Snapshot): Generator<string> {
  yield JSON.stringify(header);
  yield* arrayLines(chunks);
  yield JSON.stringify({ termCount: index.termCount, ...index.documents });
  yield* arrayLines(index.terms);
  yield* arrayLines(figures);
}

/** `items` as lines of JSON arrays of about `pieceSize` characters each (none for no items). */
function* arrayLines(items: Iterable<unknown>): Generator<string> {
  let line: string[] = [];
  let length = 0;
  for (const item of items) {
    const json = JSON.stringify(item);
    line.push(json);
    length += json.length + 1;
    if (length >= pieceSize) {
      yield `[${line.join(',')}]`;
      line = [];
      length = 0;
    }
  }
  if (line.length > 0) yield `[${line.join(',')}]`;
}

/** Pieces joined into strings of about `pieceSize`: few writes, none of them large. */
function* batches(pieces: Iterable<string>): Generator<string> {
  let batch: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    batch.push(piece);
    length += piece.length;
    if (length >= pieceSize) {
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
