import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readBrownCorpus, untagSentence } from '../../bench/brown.js';
import { writeBrownSeeds } from '../../bench/corpora.js';
import type { BuildMeasurement, ServeMeasurement } from '../../bench/measure.js';
import { projectRoot } from '../../src/util/paths.js';
import { tempDir } from '../helpers/tempDirs.js';

/** Keeps the benchmark harness working; how fast anything is, is the benchmark's business. */
describe('the benchmark harness', () => {
  it('strips part-of-speech tags and glues punctuation back', () => {
    expect(untagSentence("\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ,/, it/pps did/dod n't/* ./.")).toBe(
      'The jury said "no evidence", it didn\'t.',
    );
  });

  it('writes Brown documents as seeds, repeated under distinct names up to a paragraph count', async () => {
    const documents = readBrownCorpus();
    expect(documents).toHaveLength(500);
    const seedsDir = join(await tempDir(), 'seeds');
    const written = await writeBrownSeeds(
      documents.slice(0, 2),
      documents[0]!.paragraphs.length + documents[1]!.paragraphs.length + 1,
      seedsDir,
    );
    expect(written.files).toBe(3);
    expect(written.paragraphs).toBeGreaterThan(documents[0]!.paragraphs.length * 2);
  });

  it('measures a build and a serve of a small corpus in child processes', async () => {
    const root = await tempDir();
    const corpus = await writeBrownSeeds(readBrownCorpus().slice(0, 5), 100, join(root, 'seeds'));
    const measure = async <T>(mode: string): Promise<T> => {
      const script = join(projectRoot, 'bench/measure.ts');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', script, mode, corpus.seedsDir, join(root, 'index')],
        { cwd: projectRoot },
      );
      return JSON.parse(stdout) as T;
    };
    const build = await measure<BuildMeasurement>('build');
    expect(build).toMatchObject({ sources: corpus.files, problems: 0, chunks: expect.any(Number) });
    const serve = await measure<ServeMeasurement>('serve');
    expect(serve.ask.samples).toBe(250);
    // Each of the bank's Brown questions once: 285 today; more as the bank grows.
    expect(serve.unseenAsk.samples).toBeGreaterThanOrEqual(280);
    expect(serve.baseline.search.samples).toBe(250);
    expect(serve.loaded.rssMB).toBeGreaterThan(0);
  });
});
