/**
 * Dot products of one query vector against every row of a Float32 matrix, in WebAssembly SIMD when available.
 *
 * Why: the brute-force nearest-word search over the index's vocabulary (≤ 50k words × 100 dims = 5M multiply-adds)
 * takes ~5.7 ms in the best plain-JS loop measured (4-way unrolled over a Float32Array), above the 2 ms per query word
 * the answerer can afford; f32x4 SIMD with two accumulators does it in ~0.9 ms, which is about the memory bandwidth of
 * reading 20 MB of floats (an int8 matrix would be the next step). The module is ~200 bytes, assembled below by hand
 * (no toolchain dependency); `wat` shows its text form (one accumulator shown; the code unrolls the column loop
 * twice, with a second accumulator at byte offset 16, so rows are padded to a multiple of 8 floats). Falls back to JS
 * where WebAssembly SIMD is unavailable.
 *
 * ```wat
 * (func (export "scores") (param $m i32) (param $q i32) (param $out i32) (param $n i32) (param $rowBytes i32)
 *   (local $r i32) (local $j i32) (local $acc v128)
 *   (block (loop
 *     (br_if 1 (i32.ge_u (local.get $r) (local.get $n)))
 *     (local.set $acc (v128.const i32x4 0 0 0 0)) (local.set $j (i32.const 0))
 *     (loop
 *       (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $j)))
 *                                                              (v128.load (i32.add (local.get $q) (local.get $j))))))
 *       (br_if 0 (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $rowBytes))))
 *     (f32.store (local.get $out) (sum of the four lanes of $acc))
 *     (local.set $m (i32.add (local.get $m) (local.get $rowBytes)))
 *     (local.set $out (i32.add (local.get $out) (i32.const 4)))
 *     (local.set $r (i32.add (local.get $r) (i32.const 1)))
 *     (br 0))))
 * ```
 */

const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_ADD = 0x6a;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00, 0x04, 0x00]; // align 2^4, offset 0
const V128_LOAD_NEXT = [SIMD, 0x00, 0x04, 0x10]; // align 2^4, offset 16
const F32X4_ADD = [SIMD, 0xe4, 0x01];
const F32X4_MUL = [SIMD, 0xe6, 0x01];
const extractLane = (lane: number): number[] => [SIMD, 0x1f, lane];

function moduleBytes(): Uint8Array {
  const [M, Q, OUT, N, ROW, R, J, ACC, ACC2] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const body = [
    0x02, // locals: 2 groups
    0x02,
    0x7f, // 2 × i32 (r, j)
    0x02,
    0x7b, // 2 × v128 (acc, acc2)
    ...[0x02, 0x40], // block
    ...[0x03, 0x40], // loop (rows)
    ...[LOCAL_GET, R, LOCAL_GET, N, 0x4f /* i32.ge_u */, 0x0d, 1 /* br_if block */],
    ...[SIMD, 0x0c, ...new Array<number>(16).fill(0), LOCAL_TEE, ACC, LOCAL_SET, ACC2],
    ...[I32_CONST, 0, LOCAL_SET, J],
    ...[0x03, 0x40], // loop (columns)
    LOCAL_GET,
    ACC,
    ...[LOCAL_GET, M, LOCAL_GET, J, I32_ADD, ...V128_LOAD],
    ...[LOCAL_GET, Q, LOCAL_GET, J, I32_ADD, ...V128_LOAD],
    ...F32X4_MUL,
    ...F32X4_ADD,
    ...[LOCAL_SET, ACC],
    LOCAL_GET,
    ACC2,
    ...[LOCAL_GET, M, LOCAL_GET, J, I32_ADD, ...V128_LOAD_NEXT],
    ...[LOCAL_GET, Q, LOCAL_GET, J, I32_ADD, ...V128_LOAD_NEXT],
    ...F32X4_MUL,
    ...F32X4_ADD,
    ...[LOCAL_SET, ACC2],
    ...[LOCAL_GET, J, I32_CONST, 32, I32_ADD, LOCAL_TEE, J, LOCAL_GET, ROW, 0x49 /* i32.lt_u */, 0x0d, 0],
    0x0b, // end columns
    ...[LOCAL_GET, ACC, LOCAL_GET, ACC2, ...F32X4_ADD, LOCAL_SET, ACC],
    ...[LOCAL_GET, OUT],
    ...[LOCAL_GET, ACC, ...extractLane(0)],
    ...[LOCAL_GET, ACC, ...extractLane(1), 0x92 /* f32.add */],
    ...[LOCAL_GET, ACC, ...extractLane(2), 0x92],
    ...[LOCAL_GET, ACC, ...extractLane(3), 0x92],
    ...[0x38, 0x02, 0x00], // f32.store align 4
    ...[LOCAL_GET, M, LOCAL_GET, ROW, I32_ADD, LOCAL_SET, M],
    ...[LOCAL_GET, OUT, I32_CONST, 4, I32_ADD, LOCAL_SET, OUT],
    ...[LOCAL_GET, R, I32_CONST, 1, I32_ADD, LOCAL_SET, R],
    ...[0x0c, 0], // br rows
    0x0b, // end rows
    0x0b, // end block
    0x0b, // end function
  ];
  const section = (id: number, content: number[]): number[] => [id, ...leb128(content.length), ...content];
  const name = (s: string): number[] => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [0x01, 0x60, 0x05, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x00]),
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, 0x01]),
    ...section(7, [0x02, ...name('scores'), 0x00, 0x00, ...name('memory'), 0x02, 0x00]),
    ...section(10, [0x01, ...leb128(body.length), ...body]),
  ]);
}

function leb128(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

// The project's tsconfig has no DOM lib, and @types/node declares WebAssembly only as types; this is the part used.
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: object | null | undefined;
function simdModule(): object | null {
  if (compiled === undefined) {
    const bytes = moduleBytes();
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

const PAGE = 65536;

/**
 * A row-major Float32 matrix whose rows are scored against a query by dot product. Rows are padded to a multiple of 8
 * floats (zeros), so `stride ≥ dims`.
 */
export class DotMatrix {
  readonly rows: number;
  readonly dims: number;
  readonly stride: number;
  /** The matrix (rows × stride); fill it before querying. Padding columns must stay 0. */
  readonly data: Float32Array;
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly run: (() => void) | undefined;

  constructor(rows: number, dims: number, options: { forceJs?: boolean } = {}) {
    this.rows = rows;
    this.dims = dims;
    this.stride = Math.ceil(dims / 8) * 8;
    const rowBytes = this.stride * 4;
    const matrixOffset = rowBytes; // the query sits first
    const outOffset = matrixOffset + rows * rowBytes;
    const totalBytes = outOffset + rows * 4;
    const module = options.forceJs ? null : simdModule();
    if (module && wasm) {
      const instance = new wasm.Instance(module);
      const memory = instance.exports.memory as WasmMemory;
      const pages = Math.ceil(totalBytes / PAGE);
      if (pages > 1) memory.grow(pages - 1);
      const scores = instance.exports.scores as (m: number, q: number, o: number, n: number, rb: number) => void;
      this.query = new Float32Array(memory.buffer, 0, this.stride);
      this.data = new Float32Array(memory.buffer, matrixOffset, rows * this.stride);
      this.out = new Float32Array(memory.buffer, outOffset, rows);
      this.run = () => scores(matrixOffset, 0, outOffset, rows, rowBytes);
    } else {
      this.query = new Float32Array(this.stride);
      this.data = new Float32Array(rows * this.stride);
      this.out = new Float32Array(rows);
      this.run = undefined;
    }
  }

  /** Whether scoring runs in WebAssembly SIMD. */
  get simd(): boolean {
    return this.run !== undefined;
  }

  /** Dot product of `query` (length ≥ dims) with every row; the returned array is reused by the next call. */
  scores(query: ArrayLike<number>): Float32Array {
    for (let j = 0; j < this.dims; j++) this.query[j] = query[j] ?? 0;
    if (this.run) {
      this.run();
      return this.out;
    }
    const { data, out, stride, rows } = this;
    const q = this.query;
    for (let r = 0, o = 0; r < rows; r++, o += stride) {
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < stride; j += 4) {
        s0 += data[o + j]! * q[j]!;
        s1 += data[o + j + 1]! * q[j + 1]!;
        s2 += data[o + j + 2]! * q[j + 2]!;
        s3 += data[o + j + 3]! * q[j + 3]!;
      }
      out[r] = s0 + s1 + s2 + s3;
    }
    return out;
  }
}

/** Indices of the `k` highest `scores` that are ≥ `min`, best first. */
export function topK(scores: Float32Array, k: number, min: number, skip?: (index: number) => boolean): number[] {
  const best: number[] = [];
  const bestScores: number[] = [];
  let floor = min;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (s < floor || (best.length === k && s === floor)) continue;
    if (skip?.(i)) continue;
    let at = best.length;
    while (at > 0 && bestScores[at - 1]! < s) at--;
    best.splice(at, 0, i);
    bestScores.splice(at, 0, s);
    if (best.length > k) {
      best.pop();
      bestScores.pop();
    }
    if (best.length === k) floor = bestScores[k - 1]!;
  }
  return best;
}
