import type { BarCheck } from './bars.js';
import type { ChartMeasurement } from './chart.js';
import type { Machine } from './machine.js';
import type { CorpusResult } from './measure.js';
import type { Latency } from './stats.js';

export interface BenchReport {
  machine: Machine;
  questions: number;
  askRounds: number;
  corpora: CorpusResult[];
  /** The /compare chart at 2,000 sources. */
  chart?: ChartMeasurement;
  /** Against the largest corpus (when it was run) and the chart. */
  bars?: BarCheck[];
}

const ms = (value: number) =>
  value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value < 10 ? value.toFixed(2) : Math.round(value)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
const none = '–';

/** The results as Markdown tables, the same as docs/benchmarks.md shows. */
export function renderReport(report: BenchReport): string {
  const { machine } = report;
  const lines = [
    `Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryTotalGB} GB RAM (${machine.memoryFreeGB} GB free), Node ${machine.node}, ${machine.platform}`,
    `Questions: ${report.questions}, asked once to warm up, then timed over ${report.askRounds} passes; then the question bank's Brown questions, each timed once (unseen: nothing of theirs cached).`,
    '',
    '| corpus | engine | files | paragraphs | chunks | build | save | snapshot | load | ask p50 | ask p99 | unseen p50 / p99 | compare p50 | answered | RSS loaded | RSS peak (serve / reindex) | heap loaded |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const result of report.corpora) {
    const { build, serve } = result;
    const { baseline } = serve;
    const corpusCells = [result.corpus, 'sourcedesk', result.files, result.paragraphs ?? none, build.chunks];
    lines.push(
      row([
        ...corpusCells,
        ms(build.buildMs),
        ms(build.saveMs),
        `${build.snapshotMB} MB`,
        ms(serve.loadMs),
        ms(serve.ask.p50),
        ms(serve.ask.p99),
        `${ms(serve.unseenAsk.p50)} / ${ms(serve.unseenAsk.p99)}`,
        compareCell(serve.compare),
        `${serve.answered}/${report.questions}`,
        `${serve.loaded.rssMB} MB`,
        `${serve.peakRssMB} / ${build.peakRssMB} MB`,
        `${serve.loaded.heapUsedMB} MB`,
      ]),
    );
    lines.push(
      row([
        result.corpus,
        'plain MiniSearch (baseline)',
        none,
        none,
        build.chunks,
        ms(baseline.buildMs),
        none,
        none,
        none,
        ms(baseline.search.p50),
        ms(baseline.search.p99),
        none,
        none,
        none,
        none,
        none,
        none,
      ]),
    );
    lines.push(
      row([
        result.corpus,
        '**sourcedesk / baseline**',
        none,
        none,
        none,
        ratio(build.phasesMs.index, baseline.buildMs) + ' (index phase)',
        none,
        none,
        none,
        `**${ratio(serve.ask.p50, baseline.search.p50)}**`,
        ratio(serve.ask.p99, baseline.search.p99),
        none,
        none,
        none,
        none,
        none,
        none,
      ]),
    );
  }
  if (report.chart)
    lines.push(
      '',
      `Chart at ${report.chart.sources} sources (${report.chart.figures} figures): drawn in ${ms(report.chart.drawMs)}, ${(report.chart.bytes / 1024).toFixed(0)} KB, ${report.chart.heightPx} px tall.`,
    );
  if (report.bars?.length) {
    lines.push(
      '',
      'The bar (ask and build at ~100,000 paragraphs, the chart at 2,000 sources):',
      '',
      '| bar | limit | measured | met |',
      '|---|--:|--:|---|',
    );
    for (const bar of report.bars)
      lines.push(
        row([
          bar.bar,
          `${bar.limit} ${bar.unit}`,
          `${bar.measured} ${bar.unit}`,
          bar.met ? 'yes' : `**no** (${ratio(bar.measured, bar.limit)} the limit)`,
        ]),
      );
  }
  return lines.join('\n') + '\n';
}

function compareCell(compare: Latency | null): string {
  return compare ? ms(compare.p50) : 'n/a (no topics yet)';
}

function row(cells: ReadonlyArray<string | number>): string {
  return `| ${cells.join(' | ')} |`;
}
