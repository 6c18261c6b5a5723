import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectRoot } from '../src/util/paths.js';
import { listSeedFiles } from '../src/sources/loadSources.js';
import { readBrownCorpus, type BrownDocument } from './brown.js';

export const corpusNames = ['seeds', 'brown-1x', 'brown-100k'] as const;
export type CorpusName = (typeof corpusNames)[number];

/** Paragraphs in the large corpus: the "about 100,000", reached by repeating Brown. */
export const largeCorpusParagraphs = 100_000;

export interface PreparedCorpus {
  seedsDir: string;
  files: number;
  /** Paragraphs written for a generated corpus; null for the bundled seeds, which are counted as chunks. */
  paragraphs: number | null;
}

/** Puts the corpus where a KnowledgeBase can read it as seeds; `workDir` is a fresh temp folder. */
export async function prepareCorpus(name: CorpusName, workDir: string): Promise<PreparedCorpus> {
  if (name === 'seeds')
    return {
      seedsDir: join(projectRoot, 'seeds'),
      files: (await listSeedFiles(join(projectRoot, 'seeds'))).length,
      paragraphs: null,
    };
  const documents = readBrownCorpus();
  const target = name === 'brown-1x' ? countParagraphs(documents) : largeCorpusParagraphs;
  return writeBrownSeeds(documents, target, join(workDir, 'seeds'));
}

function countParagraphs(documents: readonly BrownDocument[]): number {
  return documents.reduce((sum, document) => sum + document.paragraphs.length, 0);
}

/**
 * One seed file per Brown document, paragraphs separated by blank lines, repeated under
 * distinct names ("ca01-copy2") until `targetParagraphs` are written. Repeats are real text
 * with realistic duplication, which is what a grown seeds/ folder of near-identical wire
 * stories looks like to the index.
 */
export async function writeBrownSeeds(
  documents: readonly BrownDocument[],
  targetParagraphs: number,
  seedsDir: string,
): Promise<PreparedCorpus> {
  await mkdir(seedsDir, { recursive: true });
  let paragraphs = 0;
  let files = 0;
  for (let copy = 1; paragraphs < targetParagraphs; copy++) {
    for (const document of documents) {
      if (paragraphs >= targetParagraphs) break;
      const id = copy === 1 ? document.id : `${document.id}-copy${copy}`;
      const body = document.paragraphs.join('\n\n');
      await writeFile(
        join(seedsDir, `brown-${id}.txt`),
        `---\ntitle: Brown corpus ${id} (${document.category})\n---\n${body}\n`,
      );
      paragraphs += document.paragraphs.length;
      files++;
    }
  }
  return { seedsDir, files, paragraphs };
}
