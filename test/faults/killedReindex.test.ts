import { watch } from 'node:fs';
import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBrownCorpus } from '../../bench/brown.js';
import { writeBrownSeeds } from '../../bench/corpora.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { readSnapshotHeader, snapshotFileName } from '../../src/store/snapshot.js';
import { tempDir, tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';
import { recordingLogger } from '../helpers/recordingLogger.js';
import { spawnRebuild, type RebuildChild } from './childProcess.js';

/** Enough real text that writing its snapshot takes a while: the window the kill lands in. */
const extraParagraphs = 4000;

/**
 * Once the temporary file appears, the child is stopped (SIGSTOP) and let run a millisecond at a
 * time until the file holds at least `bytes`, then killed: a kill at that moment of the write.
 */
async function killOnceWritten(child: RebuildChild, path: string, bytes: number): Promise<number> {
  child.process.kill('SIGSTOP');
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    const { size } = await stat(path);
    if (size >= bytes) {
      child.process.kill('SIGKILL');
      return size;
    }
    child.process.kill('SIGCONT');
    await new Promise((resolve) => setTimeout(resolve, 1));
    child.process.kill('SIGSTOP');
  }
}

describe('a reindex killed with SIGKILL while it writes the snapshot', () => {
  it.each([
    ['as the temporary file appears', 0],
    ['64 KB into the file', 64 * 1024],
    ['half a megabyte into the file', 512 * 1024],
  ])(
    '%s leaves the previous snapshot intact: it loads, and a later open rebuilds cleanly',
    async (_moment, bytes) => {
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
      // The snapshot is written to a temporary file, then renamed: stop the writer as soon as that
      // file appears, then kill it once it has written `bytes`.
      const temporaryFile = await new Promise<string>((resolve) => {
        const watcher = watch(small.indexDir, (_event, name) => {
          if (name && name !== snapshotFileName && name.endsWith('.tmp')) {
            if (bytes === 0) child.process.kill('SIGKILL');
            else child.process.kill('SIGSTOP');
            watcher.close();
            resolve(name);
          }
        });
      });
      const written = bytes === 0 ? 0 : await killOnceWritten(child, join(small.indexDir, temporaryFile), bytes);
      const { signal, stdout } = await child.exited;
      expect(signal, `the reindex finished before it could be killed:\n${stdout}`).toBe('SIGKILL');
      expect(written).toBeGreaterThanOrEqual(bytes);
      // Killed mid-file: the temporary file is not a whole snapshot.
      if (bytes > 0) expect((await readFile(join(small.indexDir, temporaryFile), 'utf8')).endsWith('}\n')).toBe(false);

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
    },
    60_000,
  );
});
