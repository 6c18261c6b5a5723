import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unfittedAnswerer } from '../../src/ask/answerer.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { recordingLogger } from '../helpers/recordingLogger.js';
import { readSnapshotHeader, snapshotFileName, snapshotFormat } from '../../src/store/snapshot.js';
import { tempDir, tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

describe('KnowledgeBase', () => {
  it('builds and saves the index, then loads it unchanged while the seeds are unchanged', async () => {
    const options = await tempKnowledgeBaseOptions();
    const first = await KnowledgeBase.open(options);
    expect(first.sources()).toHaveLength(5);
    expect(await readdir(options.indexDir)).toEqual([snapshotFileName]);

    const second = await KnowledgeBase.open(options);
    expect(second.builtAt).toEqual(first.builtAt);
    expect(second.chunkCount).toBe(first.chunkCount);
    expect(second.ask('How many troops has North Korea sent to Russia?')).toEqual(
      first.ask('How many troops has North Korea sent to Russia?'),
    );
    // Figures are stored without their sentences and restored from the chunks on first use.
    expect(second.figures().length).toBeGreaterThan(20);
    expect(second.figures()).toEqual(first.figures());
    expect(second.compare('troops')).toEqual(first.compare('troops'));
    // Text outside ASCII (the seeds' curly quotes and dashes) is saved escaped and read back whole.
    expect(second.chunks()).toEqual(first.chunks());
    expect(first.chunks().some((chunk) => /[^\x00-\x7f]/.test(chunk.text))).toBe(true);
    expect((await readFile(join(options.indexDir, snapshotFileName))).every((byte) => byte < 0x80)).toBe(true);
  });

  it('gives each topic its own figures when compare is called again and again', async () => {
    const options = await tempKnowledgeBaseOptions();
    const kb = await KnowledgeBase.open(options);
    const fresh = await KnowledgeBase.open(options);
    const troops = kb.compare('troops');
    expect(kb.compare('casualties')).toEqual(fresh.compare('casualties'));
    expect(kb.compare(' Troops ')).toEqual(troops);
    expect(kb.compare('troops')).toEqual(fresh.compare('troops'));
    expect(troops).not.toEqual(kb.compare('casualties'));
  });

  it('lets other work run while it builds, so a bot keeps answering during a reindex', async () => {
    const options = await tempKnowledgeBaseOptions();
    let turns = 0;
    let building = true;
    const count = () => {
      turns++;
      if (building) setImmediate(count);
    };
    setImmediate(count);
    const phases = new Set<string>();
    await KnowledgeBase.rebuild({ ...options, onProgress: (progress) => phases.add(progress.phase) });
    building = false;
    expect(turns).toBeGreaterThan(20);
    expect([...phases]).toEqual(['read', 'chunk', 'index', 'figures', 'save']);
  });

  it('rebuilds when a seed changes, and reports what changed', async () => {
    const options = await tempKnowledgeBaseOptions();
    const first = await KnowledgeBase.open(options);
    await writeFile(
      join(options.seedsDir, 'new-article.md'),
      '---\ntitle: New article\n---\nThe Storm Corps trains with wooden sticks.\n',
    );
    const file = join(options.seedsDir, 'telegraph-2024-12-20-north-korean-troops-nightmare-for-russia.txt');
    await writeFile(file, (await readFile(file, 'utf8')) + '\nA corrected closing paragraph about the alliance.\n');

    const reopened = await KnowledgeBase.open(options);
    expect(reopened.builtAt.getTime()).toBeGreaterThanOrEqual(first.builtAt.getTime());
    expect(reopened.sources().map((source) => source.id)).toContain('new-article');

    const { report } = await KnowledgeBase.rebuild(options, first);
    expect(report.added).toEqual(['new-article']);
    expect(report.changed).toEqual(['telegraph-2024-12-20-north-korean-troops-nightmare-for-russia']);
    expect(report.removed).toEqual([]);
    expect(report.chunksAfter).toBe(first.chunkCount + 2);
    expect(report.saved).toBe(true);
  });

  // Truncated, emptied and older-format snapshots, and unwritable folders: test/faults/.
  it('rebuilds with a warning when the snapshot does not match its schema', async () => {
    const options = await tempKnowledgeBaseOptions();
    await KnowledgeBase.open(options);
    const path = join(options.indexDir, snapshotFileName);
    await writeFile(path, `{"format":${snapshotFormat},"chunks":"nope"}`);

    const log = recordingLogger();
    const kb = await KnowledgeBase.open({ ...options, log });
    expect(log.warnings().join('\n')).toMatch(/Rebuilding the index/);
    expect(kb.ask('What agreement did the Duma ratify?').answered).toBe(true);
    const header = await readSnapshotHeader(options.indexDir);
    expect(header.status === 'ok' && header.value.format).toBe(snapshotFormat);
  });

  it('says which format an older, one-document snapshot has when it rebuilds it', async () => {
    const options = await tempKnowledgeBaseOptions();
    await mkdir(options.indexDir, { recursive: true });
    await writeFile(join(options.indexDir, snapshotFileName), '{"format":3,"chunks":[]}');

    const log = recordingLogger();
    await KnowledgeBase.open({ ...options, log });
    expect(log.warnings()).toEqual([
      expect.stringMatching(/is unusable: it has format 3, this version reads format \d+\.$/),
    ]);
  });

  it("clears the temporary file a killed reindex left behind, and keeps a running one's", async () => {
    const options = await tempKnowledgeBaseOptions();
    await mkdir(options.indexDir, { recursive: true });
    const abandoned = `.${snapshotFileName}.${2 ** 22 + 17}.dead.tmp`;
    const inProgress = `.${snapshotFileName}.${process.pid}.live.tmp`;
    await writeFile(join(options.indexDir, abandoned), '{"format":');
    await writeFile(join(options.indexDir, inProgress), '{"format":');
    await KnowledgeBase.open(options);
    expect((await readdir(options.indexDir)).sort()).toEqual([inProgress, snapshotFileName].sort());
  });

  it('indexes what it can when a seed is bad, and says which', async () => {
    const options = await tempKnowledgeBaseOptions();
    await writeFile(join(options.seedsDir, 'broken.md'), '---\ntitle: Broken\nwhen: tomorrow\n---\nText.\n');
    const kb = await KnowledgeBase.open(options);
    expect(kb.sources()).toHaveLength(5);
    expect(kb.problems).toEqual([
      { file: 'broken.md', line: 3, message: expect.stringMatching(/unknown field "when"/) },
    ]);
  });

  it('refuses an answerer.json fitted on other features, unless given a model to answer with (npm run train)', async () => {
    const options = await tempKnowledgeBaseOptions();
    const configDir = await tempDir();
    await cp(options.configDir, configDir, { recursive: true });
    const stale = JSON.parse(await readFile(join(configDir, 'answerer.json'), 'utf8'));
    stale.ranker.features.push('aFeatureOfTomorrow');
    stale.ranker.weights.push(1);
    await writeFile(join(configDir, 'answerer.json'), JSON.stringify(stale));
    await expect(KnowledgeBase.open({ ...options, configDir })).rejects.toThrow(/npm run train/);
    const kb = await KnowledgeBase.open({ ...options, configDir, answerer: unfittedAnswerer() });
    expect(kb.candidates('How many North Korean troops are in Kursk?')?.candidates.length).toBeGreaterThan(0);
  });
});
