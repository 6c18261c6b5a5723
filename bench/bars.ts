import type { ChartMeasurement } from './chart.js';
import type { CorpusResult } from './measure.js';

/** One target of issue 5, checked against one measured number. */
export interface BarCheck {
  bar: string;
  limit: number;
  measured: number;
  unit: 'ms' | 'MB' | '×' | 'px';
  met: boolean;
}

/** The bar, applied to the ~100,000-paragraph corpus. */
export function checkBars(large: CorpusResult): BarCheck[] {
  const { build, serve } = large;
  return [
    check('ask p50', serve.ask.p50, 10, 'ms'),
    check('ask p99', serve.ask.p99, 50, 'ms'),
    check('ask p50, unseen questions', serve.unseenAsk.p50, 10, 'ms'),
    check('ask p99, unseen questions', serve.unseenAsk.p99, 50, 'ms'),
    check('snapshot load', serve.loadMs, 2000, 'ms'),
    check('build', build.buildMs, 20_000, 'ms'),
    // Peaks, transient ones included: loading the snapshot and rebuilding are when the bot holds the most.
    check('RSS peak, serving', serve.peakRssMB, 600, 'MB'),
    check('RSS peak, reindex', build.peakRssMB, 600, 'MB'),
    check('ask p50 / baseline p50', serve.ask.p50 / serve.baseline.search.p50, 2, '×'),
  ];
}

/** Issue 12's bar for the chart at 2,000 sources: drawn in ≤ 300 ms, ≤ 1 MB. */
export function checkChartBars(chart: ChartMeasurement): BarCheck[] {
  return [
    check(`chart draw, ${chart.sources} sources`, chart.drawMs, 300, 'ms'),
    check(`chart size, ${chart.sources} sources`, chart.bytes / 1024 / 1024, 1, 'MB'),
  ];
}

/** One bar: met when what was measured is at most the limit. */
function check(bar: string, measured: number, limit: number, unit: BarCheck['unit']): BarCheck {
  return { bar, limit, measured: round(measured), unit, met: measured <= limit };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
