import { watch } from 'node:fs';
import { cp, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBrownCorpus } from '../../bench/brown.js';
import { writeBrownSeeds } from '../../bench/corpora.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { readSnapshotHeader, snapshotFileName } from '../../src/store/snapshot.js';
import { tempDir, tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';
import { recordingLogger } from '../helpers/recordingLogger.js';
import { spawnRebuild } from './childProcess.js';

/** Enough real text that writing its snapshot takes a while: the window the kill lands in. */
const extraParagraphs = 4000;

describe('a reindex killed with SIGKILL while it writes the snapshot', () => {
  it('leaves the previous snapshot intact: it loads, and a later open rebuilds cleanly', async () => {
    const small = await tempKnowledgeBaseOptions();
    const before = await KnowledgeBase.open(small);
    const snapshotPath = join(small.indexDir, snapshotFileName);
    const savedBytes = await readFile(snapshotPath);

    // The same index folder, rebuilt from the seeds plus a large corpus.
    const large = { ...small, seedsDir: join(await tempDir(), 'seeds') };
    await cp(small.seedsDir, large.seedsDir, { recursive: true });
    await writeBrownSeeds(readBrownCorpus(), extraParagraphs, large.seedsDir);

    const child = spawnRebuild(large);
    await child.reached('figures');
    // The snapshot is written to a temporary file, then renamed: kill as soon as that file appears.
    const temporaryFile = await new Promise<string>((resolve) => {
      const watcher = watch(small.indexDir, (_event, name) => {
        if (name && name !== snapshotFileName && name.endsWith('.tmp')) {
          child.process.kill('SIGKILL');
          watcher.close();
          resolve(name);
        }
      });
    });
    const { signal, stdout } = await child.exited;
    expect(signal, `the reindex finished before it could be killed:\n${stdout}`).toBe('SIGKILL');

    // The killed write left its temporary file behind; the snapshot itself is untouched.
    expect((await readdir(small.indexDir)).sort()).toEqual([snapshotFileName, temporaryFile].sort());
    expect(await readFile(snapshotPath)).toEqual(savedBytes);

    const log = recordingLogger();
    const reloaded = await KnowledgeBase.open({ ...small, log });
    expect(log.entries.filter((entry) => entry.level !== 'debug')).toEqual([]);
    expect(reloaded.builtAt).toEqual(before.builtAt);
    expect(reloaded.ask('What agreement did the Duma ratify?')).toEqual(
      before.ask('What agreement did the Duma ratify?'),
    );

    // With the seeds of the killed reindex, the old snapshot is out of date: rebuilt, without complaint.
    const rebuilt = await KnowledgeBase.open({ ...large, log });
    expect(log.warnings()).toEqual([]);
    expect(rebuilt.chunkCount).toBeGreaterThan(before.chunkCount + extraParagraphs / 2);
    const read = await readSnapshotHeader(small.indexDir);
    expect(read.status === 'ok' && read.value.chunkCount).toBe(rebuilt.chunkCount);
  }, 60_000);
});
