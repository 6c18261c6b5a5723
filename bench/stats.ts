/** Small measuring helpers shared by the benchmarks. */

export interface Latency {
  samples: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentiles of durations in milliseconds. */
export function latency(durations: readonly number[]): Latency {
  const sorted = [...durations].sort((a, b) => a - b);
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? Number.NaN;
  return { samples: sorted.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN };
}

export async function timed<T>(work: () => Promise<T> | T): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

/**
 * Runs `work` once per item to warm up (JIT, caches), then `rounds` more times per item,
 * timing each call: the latency a long-running bot sees, not its first answer.
 */
export function measureLatency<T>(items: readonly T[], rounds: number, work: (item: T) => unknown): Latency {
  for (const item of items) work(item);
  const durations: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const item of items) {
      const started = performance.now();
      work(item);
      durations.push(performance.now() - started);
    }
  }
  return latency(durations);
}

/** Each item's work timed once, with no warm-up of its own: for work a cache would make cheaper the second time. */
export function measureOnce<T>(items: readonly T[], work: (item: T) => unknown): Latency {
  return latency(
    items.map((item) => {
      const started = performance.now();
      work(item);
      return performance.now() - started;
    }),
  );
}

export interface Memory {
  rssMB: number;
  heapUsedMB: number;
}

/** Memory after a full garbage collection (the process runs with --expose-gc), so it is what is kept, not garbage. */
export function settledMemory(): Memory {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rssMB: toMB(rss), heapUsedMB: toMB(heapUsed) };
}

/** The most this process ever held in RAM, transient peaks included. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function toMB(bytes: number): number {
  return Math.round(bytes / 1024 / 1024);
}
