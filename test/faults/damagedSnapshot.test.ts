import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, type KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import { snapshotFileName, snapshotFormat } from '../../src/search/snapshot.js';
import { runCli } from '../helpers/runCli.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

let goodSnapshot: string;
beforeAll(async () => {
  const options = await tempKnowledgeBaseOptions();
  await KnowledgeBase.open(options);
  goodSnapshot = await readFile(join(options.indexDir, snapshotFileName), 'utf8');
});

/** Through the CLI, as a person meets it: the warning on stderr, the answer on stdout. */
describe('a damaged snapshot on disk', () => {
  it.each([
    ['emptied (a crash before any byte was written)', () => ''],
    ['truncated mid-file', (text: string) => text.slice(0, Math.floor(text.length * 0.7))],
    ['from an older format', (text: string) => text.replace(/^\{"format":\d+/, '{"format":0')],
  ])('%s is rebuilt with a warning, and the question still answered', async (_case, damage) => {
    const paths: KnowledgeBaseOptions = await tempKnowledgeBaseOptions();
    const snapshotPath = join(paths.indexDir, snapshotFileName);
    await mkdir(paths.indexDir, { recursive: true });
    await writeFile(snapshotPath, damage(goodSnapshot));

    const { code, stdout, stderr } = await runCli('ask.ts', ['--json', 'What agreement did the Duma ratify?'], { paths });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warn: Rebuilding the index: the saved one in .+ is unusable: .+\.$/m);
    expect(JSON.parse(stdout)).toMatchObject({ answered: true });
    expect(JSON.parse(await readFile(snapshotPath, 'utf8')).format).toBe(snapshotFormat);
  });
});
