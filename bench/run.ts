/**
 * npm run bench [-- --json] [-- --corpus seeds --corpus brown-1x …]
 * Measures sourcedesk against corpora of growing size, each job in a fresh process so its
 * memory is its own, and prints Markdown tables (or one JSON object with --json).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { projectRoot } from '../src/util/paths.js';
import { benchQuestions, timedPasses } from './questions.js';
import { checkBars, checkChartBars } from './bars.js';
import { measureChart } from './chart.js';
import { corpusNames, prepareCorpus, type CorpusName } from './corpora.js';
import { describeMachine } from './machine.js';
import type { BuildMeasurement, CorpusResult, ServeMeasurement } from './measure.js';
import { renderReport, type BenchReport } from './report.js';

const { values } = parseArgs({
  options: { json: { type: 'boolean', default: false }, corpus: { type: 'string', multiple: true } },
});
const selected = (values.corpus ?? [...corpusNames]) as CorpusName[];
for (const name of selected)
  if (!corpusNames.includes(name)) throw new Error(`unknown corpus "${name}"; choose from ${corpusNames.join(', ')}`);

const corpora: CorpusResult[] = [];
for (const name of selected) corpora.push(await benchCorpus(name));
const large = corpora.find((result) => result.corpus === 'brown-100k');
process.stderr.write('chart: drawing a comparison of 2,000 sources…\n');
const chart = await measureChart();
const report: BenchReport = {
  machine: describeMachine(),
  questions: benchQuestions.length,
  askRounds: timedPasses,
  corpora,
  chart,
  bars: [...(large ? checkBars(large) : []), ...checkChartBars(chart)],
};
process.stdout.write(values.json ? JSON.stringify(report) + '\n' : renderReport(report));

async function benchCorpus(name: CorpusName): Promise<CorpusResult> {
  const workDir = await mkdtemp(join(tmpdir(), `sourcedesk-bench-${name}-`));
  try {
    process.stderr.write(`${name}: writing the corpus…\n`);
    const corpus = await prepareCorpus(name, workDir);
    const indexDir = join(workDir, 'index');
    process.stderr.write(`${name}: ${corpus.files} files; building the index…\n`);
    const build = await measureInChild<BuildMeasurement>('build', corpus.seedsDir, indexDir);
    process.stderr.write(`${name}: ${build.chunks} chunks in ${build.buildMs} ms; loading and asking…\n`);
    const serve = await measureInChild<ServeMeasurement>('serve', corpus.seedsDir, indexDir);
    return { corpus: name, files: corpus.files, paragraphs: corpus.paragraphs, build, serve };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function measureInChild<T>(mode: 'build' | 'serve', seedsDir: string, indexDir: string): Promise<T> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(projectRoot, 'bench/measure.ts'), mode, seedsDir, indexDir],
    {
      cwd: projectRoot,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as T;
}
