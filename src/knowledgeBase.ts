import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { answerQuestion, scoreCandidates, type AskContext, type ScoredQuestion } from './ask/answer.js';
import { readAnswerer, type AnswererModel } from './ask/answerer.js';
import { ChunkAnalyses } from './ask/chunkAnalysis.js';
import { withEarlierQuestion } from './ask/followUp.js';
import { SemanticMatcher } from './ask/semantic.js';
import type { Answer, AskOptions } from './ask/types.js';
import { chunkSource, type AnalyzedChunk } from './chunking/chunkSource.js';
import type { Chunk, SourceSummary } from './chunking/types.js';
import {
  compareFigures,
  extractFigures,
  numberStyleFor,
  extractionVersion,
  figureMatchesTopic,
  findTopic,
  loadTopics,
  type Comparison,
  type Figure,
  type Topic,
} from './figures/index.js';
import { silentLogger, type Logger } from './util/log.js';
import { aliasGroups, parseAliasFile } from './text/aliases.js';
import { Analyzer } from './text/analyzer.js';
import { ChunkIndex } from './search/chunkIndex.js';
import { yieldToEventLoop } from './util/yieldToEventLoop.js';
import { SavedSnapshot, snapshotFormat, writeSnapshot, type SnapshotHeader } from './store/snapshot.js';
import { restoreFigures, storeFigures } from './store/storedFigures.js';
import { loadSources, seedsFingerprint } from './sources/loadSources.js';
import type { SeedFileState, SeedProblem, Source } from './sources/types.js';

export type { SourceSummary } from './chunking/types.js';

export interface BuildProgress {
  phase: 'read' | 'chunk' | 'index' | 'figures' | 'save';
  done: number;
  total: number;
}

export interface KnowledgeBaseOptions {
  seedsDir: string;
  indexDir: string;
  /** Holds aliases.json and topics.json. */
  configDir: string;
  /**
   * The model to answer with instead of the config folder's answerer.json: `npm run train` opens the
   * collections before there is a model fitted on the features this code computes.
   */
  answerer?: AnswererModel;
  log?: Logger;
  onProgress?: (progress: BuildProgress) => void;
}

export interface ReindexReport {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
  chunksBefore: number;
  chunksAfter: number;
  durationMs: number;
  /** Seeds that were skipped, and why. */
  problems: SeedProblem[];
  /** False when index/ could not be written: the new index still serves from memory. */
  saved: boolean;
}

/** What a reindex compares against: the sources and chunk count of the index it replaces. */
export interface IndexState {
  sources(): readonly SourceSummary[];
  readonly chunkCount: number;
}

/**
 * The sources, their chunks, the search index and the extracted figures, as one immutable
 * value. A reindex builds a new KnowledgeBase and swaps it in, so a question is always
 * answered from one consistent index.
 */
export class KnowledgeBase implements IndexState {
  private readonly askContext: AskContext;
  private readonly sourcesById: Map<string, SourceSummary>;
  private figureList: Figure[] | undefined;
  private readonly figuresByTopic = new Map<Topic, Figure[]>();
  private readonly topicList: Topic[];
  /** The analyzer the index was built with, for chunking other texts the same way (npm run eval). */
  readonly analyzer: Analyzer;

  /** `readFigures` gives the figures on first use (see `figures`). */
  private constructor(
    private readonly header: SnapshotHeader,
    private readonly chunkList: readonly Chunk[],
    index: ChunkIndex,
    setup: Pick<Setup, 'analyzer' | 'answerer' | 'topics'>,
    private readonly readFigures: () => Figure[],
  ) {
    this.sourcesById = new Map(header.sources.map((source) => [source.id, source]));
    const { analyzer, answerer, topics } = setup;
    this.analyzer = analyzer;
    this.topicList = topics;
    this.askContext = {
      index,
      analyzer,
      sources: this.sourcesById,
      answerer,
      semantic: new SemanticMatcher(index, analyzer),
      chunkAnalyses: new ChunkAnalyses(analyzer, (sourceId) => this.sourcesById.get(sourceId)?.title),
    };
  }

  /** Loads the saved index when it was built from the current seeds; otherwise builds and saves it. */
  static async open(options: KnowledgeBaseOptions): Promise<KnowledgeBase> {
    const log = options.log ?? silentLogger;
    const saved = await SavedSnapshot.open(options.indexDir);
    let unusable = saved.status === 'unusable' ? saved.reason : undefined;
    let setup: Setup;
    try {
      setup = await readSetup(options, saved.status === 'ok' ? saved.value.header.seedFiles : []);
      if (saved.status === 'ok' && saved.value.header.fingerprint === setup.fingerprint) {
        try {
          const { analyzer } = setup;
          const { header, index, chunks, figureLines } = await saved.value.load((chunks, documents, terms) =>
            ChunkIndex.restore(chunks, documents, terms, analyzer),
          );
          log.debug('index loaded', { chunks: chunks.length, builtAt: header.builtAt });
          return new KnowledgeBase(header, chunks, index, setup, () =>
            savedFigures(
              figureLines,
              chunks,
              new Map(header.sources.map((source) => [source.id, source.language])),
              log,
            ),
          );
        } catch (error) {
          // Whatever keeps a saved index from loading, building it anew loses nothing.
          unusable = (error as Error).message;
        }
      }
    } finally {
      if (saved.status === 'ok') saved.value.close();
    }
    if (unusable !== undefined)
      log.warn(`Rebuilding the index: the saved one in ${options.indexDir} is unusable: ${unusable}.`);
    else if (saved.status === 'ok') log.info('The seeds or settings changed since the index was saved; rebuilding it.');
    else log.info('No saved index yet; building it.');
    return (await KnowledgeBase.build(options, setup)).kb;
  }

  /** Reads the seeds again, builds a new index from them and saves it. The caller swaps it in. */
  static async rebuild(
    options: KnowledgeBaseOptions,
    previous?: IndexState,
  ): Promise<{ kb: KnowledgeBase; report: ReindexReport }> {
    return KnowledgeBase.build(options, await readSetup(options), previous);
  }

  private static async build(
    options: KnowledgeBaseOptions,
    setup: Setup,
    previous?: IndexState,
  ): Promise<{ kb: KnowledgeBase; report: ReindexReport }> {
    const log = options.log ?? silentLogger;
    const progress = options.onProgress ?? (() => {});
    const started = performance.now();

    const loaded = await loadSources(options.seedsDir, (done, total) => progress({ phase: 'read', done, total }));
    const { chunks, summaries, index, ...chunking } = await chunkAndIndex(loaded.sources, setup.analyzer, progress);
    const problems = [...loaded.problems, ...chunking.problems].sort((a, b) => a.file.localeCompare(b.file));
    for (const problem of problems)
      log.warn(`Skipped seed ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);

    // Figure extraction goes a source at a time (figures look no further than their own
    // article), yielding between sources like chunking and indexing do, and within a source
    // every `chunksPerFigureSlice` chunks (a 5 MB seed is thousands of chunks).
    const figures: Figure[] = [];
    let position = 0;
    const languageOf = new Map(loaded.sources.map((source) => [source.id, source.language]));
    for (const sourceChunks of chunksBySource(chunks)) {
      const style = numberStyleFor(languageOf.get(sourceChunks[0]!.sourceId));
      for (let from = 0; from < sourceChunks.length; from += chunksPerFigureSlice) {
        figures.push(...extractFigures(sourceChunks, style, from, from + chunksPerFigureSlice));
        await yieldToEventLoop();
      }
      progress({ phase: 'figures', done: ++position, total: summaries.length });
    }

    const header: SnapshotHeader = {
      format: snapshotFormat,
      fingerprint: setup.fingerprint,
      seedFiles: setup.seedFiles,
      builtAt: new Date().toISOString(),
      sources: summaries,
      problems,
      chunkCount: chunks.length,
    };
    let saved = true;
    try {
      await writeSnapshot(options.indexDir, { header, chunks, index: index.saved(), figures: storeFigures(figures) });
    } catch (error) {
      saved = false;
      log.warn(`Could not save the index to ${options.indexDir} (${(error as Error).message}); answering from memory.`);
    }
    progress({ phase: 'save', done: 1, total: 1 });

    const kb = new KnowledgeBase(header, chunks, index, setup, () => figures);
    const report: ReindexReport = {
      ...compareSources(previous?.sources() ?? [], summaries),
      chunksBefore: previous?.chunkCount ?? 0,
      chunksAfter: chunks.length,
      durationMs: Math.round(performance.now() - started),
      problems,
      saved,
    };
    return { kb, report };
  }

  get builtAt(): Date {
    return new Date(this.header.builtAt);
  }

  /** Seeds skipped when this index was built. */
  get problems(): readonly SeedProblem[] {
    return this.header.problems;
  }

  sources(): SourceSummary[] {
    return this.header.sources;
  }

  source(id: string): SourceSummary | undefined {
    return this.sourcesById.get(id);
  }

  get chunkCount(): number {
    return this.chunkList.length;
  }

  chunks(): readonly Chunk[] {
    return this.chunkList;
  }

  /**
   * Read from the snapshot on first use rather than at every start: most starts answer questions
   * long before anyone runs /compare.
   */
  figures(): readonly Figure[] {
    this.figureList ??= this.readFigures();
    return this.figureList;
  }

  topics(): Topic[] {
    return this.topicList;
  }

  /** `answerer` replaces the fitted model for this question (the evaluation scores each fold's own). */
  ask(question: string, options: AskOptions = {}, answerer?: AnswererModel): Answer {
    return answerQuestion(answerer ? { ...this.askContext, answerer } : this.askContext, question, options);
  }

  /**
   * Answers a follow-up to `earlier` (the question it came after, in a conversation): with the earlier question as
   * context when the follow-up cannot stand alone ("what about casualties?"; see `withEarlierQuestion`). The
   * answer's `question` is the one actually asked.
   */
  followUp(earlier: string, followUp: string, options: AskOptions = {}): Answer {
    const question = withEarlierQuestion(earlier, followUp);
    return this.ask(question, question === followUp.trim() ? options : { ...options, focus: followUp });
  }

  /** A question's candidate paragraphs with the features the answerer's models read: training data. */
  candidates(question: string, options: AskOptions = {}): ScoredQuestion | undefined {
    return scoreCandidates(this.askContext, question, options);
  }

  /** The figures every source gives on one topic, side by side. Throws UnknownTopicError. */
  compare(topicName: string): Comparison {
    const topic = findTopic(this.topicList, topicName);
    // Matching every figure's sentence against the topic is most of the work (60 ms at 100,000
    // paragraphs), and an index never changes: each topic's figures are found once.
    let figures = this.figuresByTopic.get(topic);
    if (!figures)
      this.figuresByTopic.set(topic, (figures = this.figures().filter((figure) => figureMatchesTopic(figure, topic))));
    return compareFigures(figures, topic, this.sourcesById);
  }
}

/**
 * Chunks every source and indexes the chunks, yielding between sources and between steps of the
 * indexing, so a reindex never stalls the questions the old index is still answering. The terms
 * chunking found are handed to the index, and let go of when it is built.
 */
async function chunkAndIndex(
  sources: readonly Source[],
  analyzer: Analyzer,
  progress: (progress: BuildProgress) => void,
): Promise<{ chunks: Chunk[]; summaries: SourceSummary[]; index: ChunkIndex; problems: SeedProblem[] }> {
  const analyzed: AnalyzedChunk[] = [];
  const summaries: SourceSummary[] = [];
  const problems: SeedProblem[] = [];
  for (const [position, source] of sources.entries()) {
    const sourceChunks = await chunkSource(source, analyzer);
    progress({ phase: 'chunk', done: position + 1, total: sources.length });
    if (sourceChunks.length === 0) {
      problems.push({ file: source.file, line: source.bodyLine, message: allFurniture });
      continue;
    }
    analyzed.push(...sourceChunks);
    const { body: _body, bodyLine: _line, ...metadata } = source;
    summaries.push({ ...metadata, chunkCount: sourceChunks.length });
    await yieldToEventLoop();
  }
  const index = await ChunkIndex.build(analyzed, analyzer, (done, total) => progress({ phase: 'index', done, total }));
  return { chunks: analyzed.map(({ chunk }) => chunk), summaries, index, problems };
}

/** Chunks mined for figures between two yields to the event loop (at most maxChunkLength each). */
const chunksPerFigureSlice = 25;

/** Why a seed whose every paragraph is page furniture is skipped: nothing of it could ever be quoted. */
const allFurniture =
  'no paragraph of it is article text: every line was taken for page furniture (a photo caption, byline or footer); ' +
  'end its sentences with a full stop';

/**
 * The figures the snapshot saved; should they be damaged, extracted again from the chunks, which
 * is all they are made from.
 */
function savedFigures(
  figureLines: readonly string[],
  chunks: readonly Chunk[],
  languageOf: ReadonlyMap<string, string | undefined>,
  log: Logger,
): Figure[] {
  try {
    return restoreFigures(figureLines, new Map(chunks.map((chunk) => [chunk.id, chunk])));
  } catch (error) {
    log.warn(`The saved figures are unusable (${(error as Error).message}); extracting them again.`);
    return [...chunksBySource(chunks)].flatMap((sourceChunks) =>
      extractFigures(sourceChunks, numberStyleFor(languageOf.get(sourceChunks[0]!.sourceId))),
    );
  }
}

/** Each source's chunks (they are stored source by source): figures look no further than their own article. */
function* chunksBySource(chunks: readonly Chunk[]): Generator<readonly Chunk[]> {
  let from = 0;
  for (let end = 1; end <= chunks.length; end++) {
    if (end === chunks.length || chunks[end]!.sourceId !== chunks[from]!.sourceId) {
      yield chunks.slice(from, end);
      from = end;
    }
  }
}

interface Setup {
  analyzer: Analyzer;
  answerer: AnswererModel;
  topics: Topic[];
  fingerprint: string;
  seedFiles: SeedFileState[];
}

/** The editable data (aliases, topics) and the fingerprint of everything the index is built from. */
async function readSetup(options: KnowledgeBaseOptions, knownSeedFiles: readonly SeedFileState[] = []): Promise<Setup> {
  const aliasPath = join(options.configDir, 'aliases.json');
  const aliasText = await readFile(aliasPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '{}';
    throw error;
  });
  // Anything that changes what a build produces from the same seeds belongs in the fingerprint.
  const { fingerprint, files } = await seedsFingerprint(
    options.seedsDir,
    `format ${snapshotFormat}\0figures ${extractionVersion}\0${aliasText}`,
    knownSeedFiles,
  );
  return {
    analyzer: new Analyzer(aliasGroups(parseAliasFile(aliasText, aliasPath))),
    answerer: options.answerer ?? readAnswerer(options.configDir),
    topics: loadTopics(options.configDir),
    fingerprint,
    seedFiles: files,
  };
}

function compareSources(before: readonly SourceSummary[], after: readonly SourceSummary[]) {
  const old = new Map(before.map((source) => [source.id, source.hash]));
  const now = new Map(after.map((source) => [source.id, source.hash]));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)),
    unchanged: [...now.keys()].filter((id) => old.get(id) === now.get(id)),
  };
}
