import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import type { Logger } from '../../src/log.js';
import { snapshotFileName, snapshotFormat } from '../../src/search/snapshot.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, debug() {}, info() {}, error() {}, warn: (message) => void warnings.push(message) };
}

describe('KnowledgeBase', () => {
  it('builds and saves the index, then loads it unchanged while the seeds are unchanged', async () => {
    const options = await tempKnowledgeBaseOptions();
    const first = await KnowledgeBase.open(options);
    expect(first.sources()).toHaveLength(5);
    expect(await readdir(options.indexDir)).toEqual([snapshotFileName]);

    const second = await KnowledgeBase.open(options);
    expect(second.builtAt).toEqual(first.builtAt);
    expect(second.chunkCount).toBe(first.chunkCount);
    expect(second.ask('How many troops has North Korea sent to Russia?')).toEqual(first.ask('How many troops has North Korea sent to Russia?'));
  });

  it('rebuilds when a seed changes, and reports what changed', async () => {
    const options = await tempKnowledgeBaseOptions();
    const first = await KnowledgeBase.open(options);
    await writeFile(join(options.seedsDir, 'new-article.md'), '---\ntitle: New article\n---\nThe Storm Corps trains with wooden sticks.\n');
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

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2)],
    ['from an older format', (text: string) => text.replace(/^\{"format":\d+/, '{"format":0')],
    ['not matching the schema', () => `{"format":${snapshotFormat},"chunks":"nope"}`],
  ])('rebuilds with a warning when the snapshot is %s', async (_case, damage) => {
    const options = await tempKnowledgeBaseOptions();
    await KnowledgeBase.open(options);
    const path = join(options.indexDir, snapshotFileName);
    await writeFile(path, damage(await readFile(path, 'utf8')));

    const log = recordingLogger();
    const kb = await KnowledgeBase.open({ ...options, log });
    expect(log.warnings.join('\n')).toMatch(/Rebuilding the index/);
    expect(kb.ask('What agreement did the Duma ratify?').answered).toBe(true);
    expect(JSON.parse(await readFile(path, 'utf8')).format).toBe(snapshotFormat);
  });

  it('clears the temporary file a killed reindex left behind, and keeps a running one\'s', async () => {
    const options = await tempKnowledgeBaseOptions();
    await mkdir(options.indexDir, { recursive: true });
    const abandoned = `.${snapshotFileName}.${2 ** 22 + 17}.dead.tmp`;
    const inProgress = `.${snapshotFileName}.${process.pid}.live.tmp`;
    await writeFile(join(options.indexDir, abandoned), '{"format":');
    await writeFile(join(options.indexDir, inProgress), '{"format":');
    await KnowledgeBase.open(options);
    expect((await readdir(options.indexDir)).sort()).toEqual([inProgress, snapshotFileName].sort());
  });

  it('answers from memory with a warning when index/ cannot be written', async () => {
    const options = await tempKnowledgeBaseOptions();
    const blocker = join(options.seedsDir, 'not-a-folder.json');
    await writeFile(blocker, '{}');
    const log = recordingLogger();
    const { kb, report } = await KnowledgeBase.rebuild({ ...options, indexDir: join(blocker, 'index'), log });
    expect(report.saved).toBe(false);
    expect(log.warnings.join('\n')).toMatch(/Could not save the index/);
    expect(kb.ask('What agreement did the Duma ratify?').answered).toBe(true);
  });

  it('indexes what it can when a seed is bad, and says which', async () => {
    const options = await tempKnowledgeBaseOptions();
    await writeFile(join(options.seedsDir, 'broken.md'), '---\ntitle: Broken\nwhen: tomorrow\n---\nText.\n');
    const kb = await KnowledgeBase.open(options);
    expect(kb.sources()).toHaveLength(5);
    expect(kb.problems).toEqual([{ file: 'broken.md', line: 3, message: expect.stringMatching(/unknown field "when"/) }]);
  });
});
