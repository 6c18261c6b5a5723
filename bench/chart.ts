/**
 * The /compare chart at 2,000 sources: a synthetic troops topic, every source giving two figures
 * (one claimed the same by many), extracted, compared and drawn as the bot would. Reports the
 * drawing time (median of a few draws) and the PNG's size, for the bar: ≤ 300 ms, ≤ 1 MB.
 */
import { join } from 'node:path';
import type { Chunk } from '../src/chunking/types.js';
import { compareFigures, extractFigures, loadTopics } from '../src/figures/index.js';
import { renderComparisonChart } from '../src/render/png/comparisonChart.js';
import { projectRoot } from '../src/util/paths.js';
import { latency } from './stats.js';

export const chartSources = 2000;
/** Draws timed after one warm-up (which registers the font). */
const chartDraws = 5;

export interface ChartMeasurement {
  sources: number;
  figures: number;
  drawMs: number;
  bytes: number;
  heightPx: number;
}

export async function measureChart(): Promise<ChartMeasurement> {
  const chunks: Chunk[] = Array.from({ length: chartSources }, (_, index) => ({
    id: `s${index}#1`,
    sourceId: `s${index}`,
    paragraph: 1,
    text: `Officials said ${10_000 + (index % 50) * 100} North Korean soldiers had been sent to Russia, and up to 11,000 North Korean troops were in Kursk.`,
  }));
  const topic = loadTopics(join(projectRoot, 'config')).find((candidate) => candidate.name === 'troops')!;
  const sources = new Map(chunks.map((chunk) => [chunk.sourceId, { title: `Report ${chunk.sourceId}` }]));
  const comparison = compareFigures(extractFigures(chunks), topic, sources);
  let png = await renderComparisonChart(comparison);
  const times: number[] = [];
  for (let draw = 0; draw < chartDraws; draw++) {
    const started = performance.now();
    png = await renderComparisonChart(comparison);
    times.push(performance.now() - started);
  }
  return {
    sources: chartSources,
    figures: comparison.summary.figureCount,
    drawMs: latency(times).p50,
    bytes: png.length,
    heightPx: png.readUInt32BE(20),
  };
}
