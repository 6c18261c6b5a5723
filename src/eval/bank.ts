import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import type { AnswererModel } from '../ask/answerer.js';
import type { Answer } from '../ask/types.js';
import type { Chunk } from '../chunking/types.js';
import { KnowledgeBase } from '../knowledgeBase.js';
import { stopWords } from '../text/stopWords.js';
import { silentLogger, type Logger } from '../util/log.js';
import { projectRoot } from '../util/paths.js';
import { readEvalQuestions, type EvalQuestion } from './retrieval.js';

/**
 * The question bank: collections of real text, each with questions written before the system ran
 * on them (test/data/bank/README.md). Everything the answerer learns is fitted on some collections
 * and scored on the one left out.
 */
const collectionSchema = z
  .object({
    id: z.string(),
    /** Relative to the repository root. */
    seedsDir: z.string(),
    questions: z.string(),
    description: z.string(),
    /**
     * What the texts are about. A question of one collection asked of another with a different
     * topic has no answer there: such pairs teach the confidence model what off-topic looks like.
     */
    topic: z.string(),
  })
  .strict();
export type CollectionSpec = z.infer<typeof collectionSchema>;

export const collectionsFile = 'test/data/bank/collections.json';

/** Where the evaluation keeps each collection's index between runs (tmp/ is not committed). */
export const evalIndexRoot = join(projectRoot, 'tmp', 'eval-index');

export function readCollections(root = projectRoot): CollectionSpec[] {
  return z.array(collectionSchema).parse(JSON.parse(readFileSync(join(root, collectionsFile), 'utf8')));
}

export interface Collection {
  spec: CollectionSpec;
  kb: KnowledgeBase;
  questions: EvalQuestion[];
}

/**
 * Opens every collection's knowledge base, each with its own index under `indexRoot`, answering with
 * `answerer` (default: the shipped config/answerer.json).
 */
export async function openCollections(
  indexRoot: string,
  log: Logger = silentLogger,
  answerer?: AnswererModel,
): Promise<Collection[]> {
  const collections: Collection[] = [];
  for (const spec of readCollections()) {
    const kb = await KnowledgeBase.open({
      seedsDir: join(projectRoot, spec.seedsDir),
      indexDir: join(indexRoot, spec.id),
      configDir: join(projectRoot, 'config'),
      ...(answerer && { answerer }),
      log,
    });
    collections.push({ spec, kb, questions: readEvalQuestions(join(projectRoot, spec.questions)) });
  }
  return collections;
}

/** Excerpts each baseline returns, as many as the answerer may cite. */
const baselineCitations = 5;

/**
 * Plain MiniSearch over the very chunks the answerer sees, as a reference: with its defaults, and
 * with stop words dropped. Baselines never decline unless nothing matches.
 */
export function miniSearchBaseline(chunks: readonly Chunk[], dropStopWords: boolean): (question: string) => Answer {
  const miniSearch = new MiniSearch<Chunk>({
    fields: ['text'],
    storeFields: [],
    ...(dropStopWords && {
      processTerm: (term: string) => (stopWords.has(term.toLowerCase()) ? null : term.toLowerCase()),
    }),
  });
  miniSearch.addAll(chunks);
  const byId = new Map(chunks.map((chunk) => [chunk.id, chunk]));
  return (question) => {
    const results = miniSearch.search(question).slice(0, baselineCitations);
    return {
      question,
      answered: results.length > 0,
      answer: '',
      citations: results.map((result, index) => {
        const chunk = byId.get(result.id as string)!;
        return {
          number: index + 1,
          chunkId: chunk.id,
          sourceId: chunk.sourceId,
          title: chunk.sourceId,
          paragraph: chunk.paragraph,
          excerpt: chunk.text,
          highlights: [],
          score: result.score,
          confidence: 0,
        };
      }),
    };
  };
}
