/**
 * One measurement in a fresh process, so memory figures belong to one job alone:
 *   measure.ts build <seedsDir> <indexDir>   rebuild the index and save the snapshot
 *   measure.ts serve <seedsDir> <indexDir>   load the snapshot and answer the bench questions
 * Prints one JSON line on stdout. Run by bench/run.ts with --expose-gc.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { UnknownTopicError } from '../src/figures/index.js';
import { KnowledgeBase, type BuildProgress, type KnowledgeBaseOptions } from '../src/knowledgeBase.js';
import { silentLogger } from '../src/util/log.js';
import { projectRoot } from '../src/util/paths.js';
import { snapshotFileName } from '../src/store/snapshot.js';
import { benchQuestions, timedPasses, unseenQuestions } from './questions.js';
import { measureLatency, measureOnce, peakRssMB, settledMemory, timed, type Latency, type Memory } from './stats.js';
import type { CorpusName } from './corpora.js';

/** One corpus's measurements, as the report shows them. */
export interface CorpusResult {
  corpus: CorpusName;
  files: number;
  paragraphs: number | null;
  build: BuildMeasurement;
  serve: ServeMeasurement;
}

export interface BuildMeasurement {
  sources: number;
  chunks: number;
  problems: number;
  /** Everything up to the snapshot write: read, chunk, index, figures. */
  buildMs: number;
  phasesMs: Record<BuildProgress['phase'], number>;
  saveMs: number;
  snapshotMB: number;
  peakRssMB: number;
}

export interface ServeMeasurement {
  /** KnowledgeBase.open on an up-to-date snapshot: fingerprinting the seeds, reading, validating, loading. */
  loadMs: number;
  /** Memory once loaded and idle, and after the questions. */
  loaded: Memory;
  afterAsks: Memory;
  /** Before the baseline is built: sourcedesk's own peak. */
  peakRssMB: number;
  ask: Latency;
  /** The bank's questions, each asked once after the fixed ones: nothing of theirs cached yet. */
  unseenAsk: Latency;
  answered: number;
  /** null when no topic "troops" is configured yet (figures work in progress). */
  compare: Latency | null;
  baseline: { buildMs: number; search: Latency };
}

const compareTopic = 'troops';
/** Timed compare calls after the warm-up: one topic, so fewer samples than ask needs. */
const compareCalls = 50;

async function measureBuild(options: KnowledgeBaseOptions): Promise<BuildMeasurement> {
  const phaseEnds = new Map<BuildProgress['phase'], number>();
  const started = performance.now();
  const { result } = await timed(() =>
    KnowledgeBase.rebuild({ ...options, onProgress: (progress) => phaseEnds.set(progress.phase, performance.now()) }),
  );
  const order: Array<BuildProgress['phase']> = ['read', 'chunk', 'index', 'figures', 'save'];
  const phasesMs = {} as Record<BuildProgress['phase'], number>;
  let previous = started;
  for (const phase of order) {
    const end = phaseEnds.get(phase) ?? previous;
    phasesMs[phase] = Math.round(end - previous);
    previous = end;
  }
  const { report, kb } = result;
  if (!report.saved) throw new Error(`the snapshot was not saved to ${options.indexDir}`);
  const { size } = await stat(join(options.indexDir, snapshotFileName));
  return {
    sources: kb.sources().length,
    chunks: report.chunksAfter,
    problems: report.problems.length,
    buildMs: phasesMs.read + phasesMs.chunk + phasesMs.index + phasesMs.figures,
    phasesMs,
    saveMs: phasesMs.save,
    snapshotMB: Math.round((size / 1024 / 1024) * 10) / 10,
    peakRssMB: peakRssMB(),
  };
}

async function measureServe(options: KnowledgeBaseOptions): Promise<ServeMeasurement> {
  const log = {
    ...silentLogger,
    info: (message: string) => {
      throw new Error(`expected to load the saved snapshot, but: ${message}`);
    },
  };
  const { result: kb, ms: loadMs } = await timed(() => KnowledgeBase.open({ ...options, log }));
  const loaded = settledMemory();

  const ask = measureLatency(benchQuestions, timedPasses, (question) => kb.ask(question));
  const unseenAsk = measureOnce(unseenQuestions(), (question) => kb.ask(question));
  const answered = benchQuestions.filter((question) => kb.ask(question).answered).length;
  const compare = hasTopic(kb) ? measureLatency([compareTopic], compareCalls, (topic) => kb.compare(topic)) : null;
  const afterAsks = settledMemory();
  const servingPeakRssMB = peakRssMB();

  // Plain MiniSearch, default options, over the very same chunks: the cost of search alone.
  const { result: plain, ms: baselineBuildMs } = await timed(() => {
    const miniSearch = new MiniSearch({ fields: ['text'], storeFields: [] });
    miniSearch.addAll(kb.chunks());
    return miniSearch;
  });
  const search = measureLatency(benchQuestions, timedPasses, (question) => plain.search(question));

  return {
    loadMs,
    loaded,
    afterAsks,
    peakRssMB: servingPeakRssMB,
    ask,
    unseenAsk,
    answered,
    compare,
    baseline: { buildMs: baselineBuildMs, search },
  };
}

function hasTopic(kb: KnowledgeBase): boolean {
  try {
    kb.compare(compareTopic);
    return true;
  } catch (error) {
    if (error instanceof UnknownTopicError) return false;
    throw error;
  }
}

const [mode, seedsDir, indexDir] = process.argv.slice(2);
if ((mode !== 'build' && mode !== 'serve') || !seedsDir || !indexDir)
  throw new Error('usage: measure.ts build|serve <seedsDir> <indexDir>');
const options: KnowledgeBaseOptions = { seedsDir, indexDir, configDir: join(projectRoot, 'config'), log: silentLogger };
const measurement = mode === 'build' ? await measureBuild(options) : await measureServe(options);
process.stdout.write(JSON.stringify(measurement) + '\n');
