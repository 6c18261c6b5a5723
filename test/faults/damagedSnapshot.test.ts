import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, type KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import { readSnapshotHeader, snapshotFileName, snapshotFormat } from '../../src/store/snapshot.js';
import { runCli } from '../helpers/runCli.js';
import { recordingLogger } from '../helpers/recordingLogger.js';
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
    ['cut off before its last line', (text: string) => text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1)],
    ['with chunks that are not chunks', (text: string) => replaceLine(text, 1, '[{"id":"a"}]')],
    [
      'with an index that does not fit its chunks',
      (text: string) => replaceLine(text, 2, '{"termCount":1,"fieldLength":[],"averageFieldLength":[]}'),
    ],
    [
      'with index terms that point past the last chunk',
      (text: string) => replaceLine(text, 3, '[["troop",[0,100000,1]]]'),
    ],
    ['with index terms that are not terms', (text: string) => replaceLine(text, 3, '[["troop",["0",1]]]')],
  ])('%s is rebuilt with a warning, and the question still answered', async (_case, damage) => {
    const paths: KnowledgeBaseOptions = await tempKnowledgeBaseOptions();
    const snapshotPath = join(paths.indexDir, snapshotFileName);
    await mkdir(paths.indexDir, { recursive: true });
    await writeFile(snapshotPath, damage(goodSnapshot));

    const { code, stdout, stderr } = await runCli('ask.ts', ['--json', 'What agreement did the Duma ratify?'], {
      paths,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/^warn: Rebuilding the index: the saved one in .+ is unusable: .+\.$/m);
    expect(JSON.parse(stdout)).toMatchObject({ answered: true });
    const header = await readSnapshotHeader(paths.indexDir);
    expect(header.status === 'ok' && header.value.format).toBe(snapshotFormat);
  });
});

describe('damaged figures in a snapshot that is otherwise sound', () => {
  it('are extracted again from the chunks on first use, with a warning', async () => {
    const paths = await tempKnowledgeBaseOptions();
    await mkdir(paths.indexDir, { recursive: true });
    await writeFile(join(paths.indexDir, snapshotFileName), replaceLine(goodSnapshot, 4, '[{"id":'));

    const log = recordingLogger();
    const kb = await KnowledgeBase.open({ ...paths, log });
    expect(log.warnings()).toEqual([]);
    const fresh = await KnowledgeBase.rebuild(await tempKnowledgeBaseOptions());
    expect(kb.figures()).toEqual(fresh.kb.figures());
    expect(log.warnings()).toEqual([
      expect.stringMatching(
        /^warn: The saved figures are unusable \(the saved figures are not valid JSON\); extracting them again\.$/,
      ),
    ]);
  });
});

/**
 * The snapshot is one JSON document a line: the header, the chunks, the index's documents, its
 * terms, the figures and an end line. The seeds' chunks, terms and figures fit a line each.
 */
function replaceLine(text: string, line: number, replacement: string): string {
  const lines = text.split('\n');
  lines[line] = replacement;
  return lines.join('\n');
}
