import { open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';
import { recordingLogger } from '../helpers/recordingLogger.js';

const megabyte = 1024 * 1024;

describe('bad seed files among good ones', () => {
  it('reports and skips a binary, an empty, a 50 MB and a non-UTF-8 seed, and indexes the rest', async () => {
    const options = await tempKnowledgeBaseOptions();
    await writeFile(
      join(options.seedsDir, 'binary.txt'),
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
    );
    await writeFile(join(options.seedsDir, 'empty.md'), '');
    await writeFile(join(options.seedsDir, 'latin1.txt'), Buffer.from('Caf\xe9 society in Kursk.\n', 'latin1'));
    // Sparse: 50 MB on paper, written in no time and no disk space.
    const huge = await open(join(options.seedsDir, 'huge.txt'), 'w');
    await huge.truncate(50 * megabyte);
    await huge.close();

    const log = recordingLogger();
    const kb = await KnowledgeBase.open({ ...options, log });

    expect(kb.sources()).toHaveLength(5);
    const problems = Object.fromEntries(kb.problems.map((problem) => [problem.file, problem.message]));
    expect(problems).toEqual({
      'binary.txt': expect.stringMatching(/binary/),
      'empty.md': expect.stringMatching(/no article text/),
      'huge.txt': expect.stringMatching(/50\.0 MB/),
      'latin1.txt': expect.stringMatching(/UTF-8/),
    });
    for (const file of Object.keys(problems))
      expect(log.warnings()).toContainEqual(expect.stringContaining(`Skipped seed ${file}`));
    expect(kb.ask('What agreement did the Duma ratify?').answered).toBe(true);

    // The snapshot remembers what was skipped: a restart reports the same without re-reading 50 MB.
    const reopened = await KnowledgeBase.open(options);
    expect(reopened.builtAt).toEqual(kb.builtAt);
    expect(reopened.problems).toEqual(kb.problems);
  });
});
