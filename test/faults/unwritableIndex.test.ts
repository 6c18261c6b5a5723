import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { snapshotFileName } from '../../src/store/snapshot.js';
import { tempDir, tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';
import { spawnRebuild } from './childProcess.js';
import { recordingLogger } from '../helpers/recordingLogger.js';

const question = 'What agreement did the Duma ratify?';

/**
 * chmod 0o555 would not do: tests run as root, and root writes through file modes. A folder
 * whose parent is a regular file refuses writes to anyone (mkdir fails with ENOTDIR, as a
 * read-only mount refuses to create index/). Not /proc: there Node's recursive mkdir retries
 * ENOENT forever, a hang no real index folder causes.
 */
describe('an index folder that cannot be written', () => {
  it('the bot starts, answers from memory and warns', async () => {
    const options = await tempKnowledgeBaseOptions();
    const blocker = join(await tempDir(), 'not-a-folder');
    await writeFile(blocker, '');
    const indexDir = join(blocker, 'index');
    const log = recordingLogger();
    const kb = await KnowledgeBase.open({ ...options, indexDir, log });
    expect(log.warnings()).toContainEqual(
      expect.stringMatching(/^warn: Could not save the index to .+ \(ENOTDIR: .+\); answering from memory\.$/),
    );
    expect(kb.ask(question).answered).toBe(true);

    const { report } = await KnowledgeBase.rebuild({ ...options, indexDir, log });
    expect(report.saved).toBe(false);
  });
});

describe('a full disk while the snapshot is written', () => {
  it('fails the write, keeps the previous snapshot and the temporary file cleaned up, and answers from memory', async () => {
    const options = await tempKnowledgeBaseOptions();
    await KnowledgeBase.open(options);
    const snapshotPath = join(options.indexDir, snapshotFileName);
    const savedBytes = await readFile(snapshotPath);
    // A new seed, so the rebuilt snapshot differs from the saved one.
    await writeFile(
      join(options.seedsDir, 'late-news.md'),
      '---\ntitle: Late news\n---\nThe Duma ratified a mutual defence treaty with Pyongyang.\n',
    );

    // Far below the snapshot's size (about 100 KB or more), far above anything else the child writes.
    const child = spawnRebuild(options, { fileSizeLimitKB: 16, question });
    const { code, stdout } = await child.exited;
    expect(code, stdout).toBe(0);
    expect(stdout).toMatch(
      /^warn Could not save the index to .+ \(EFBIG: file too large, write\); answering from memory\.$/m,
    );
    const line = (label: string) => JSON.parse(new RegExp(`^${label} (.*)$`, 'm').exec(stdout)![1]!);
    expect(line('report')).toMatchObject({ saved: false, chunksAfter: expect.any(Number) });
    expect(line('answer')).toMatchObject({ answered: true });

    expect(await readdir(options.indexDir)).toEqual([snapshotFileName]);
    expect(await readFile(snapshotPath)).toEqual(savedBytes);
  });
});
