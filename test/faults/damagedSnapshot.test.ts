import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, type KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import {
  readSnapshotHeader,
  sealSnapshot,
  snapshotFileName,
  snapshotFormat,
  unsealSnapshot,
} from '../../src/store/snapshot.js';
import { runCli } from '../helpers/runCli.js';
import { recordingLogger } from '../helpers/recordingLogger.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

const question = 'What agreement did the Duma ratify?';
let goodSnapshot: string;
let goodAnswer: ReturnType<KnowledgeBase['ask']>;
beforeAll(async () => {
  const options = await tempKnowledgeBaseOptions();
  const kb = await KnowledgeBase.open(options);
  goodAnswer = kb.ask(question);
  goodSnapshot = await readFile(join(options.indexDir, snapshotFileName), 'utf8');
});

/**
 * The snapshot's lines, as JSON: the header, the chunks, the index's documents, its terms, the
 * figures (the seeds' chunks, terms and figures fit a line each).
 */
const line = { header: 0, chunks: 1, documents: 2, terms: 3, figures: 4 } as const;

/** The snapshot with one line's JSON changed, and sealed again: only a consistency check can tell. */
function resealed(part: keyof typeof line, change: (json: any) => unknown): string {
  const lines = unsealSnapshot(goodSnapshot);
  lines[line[part]] = JSON.stringify(change(JSON.parse(lines[line[part]]!)));
  return sealSnapshot(lines);
}

async function openDamaged(text: string) {
  const paths: KnowledgeBaseOptions = await tempKnowledgeBaseOptions();
  await mkdir(paths.indexDir, { recursive: true });
  await writeFile(join(paths.indexDir, snapshotFileName), text);
  const log = recordingLogger();
  const kb = await KnowledgeBase.open({ ...paths, log });
  return { kb, log, paths };
}

const rebuildWarning = /^warn: Rebuilding the index: the saved one in .+ is unusable: (.+)\.$/;

/** Through the CLI, as a person meets it: the warning on stderr, the answer on stdout. */
describe('a snapshot damaged on disk', () => {
  it.each([
    ['emptied (a crash before any byte was written)', () => '', /truncated/],
    ['truncated mid-file', (text: string) => text.slice(0, Math.floor(text.length * 0.7)), /checksum|truncated/],
    ['from an older format', (text: string) => text.replace(/^\{"format":\d+/, '{"format":0'), /format 0/],
    [
      'cut off before its end line',
      (text: string) => text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1),
      /truncated/,
    ],
    [
      'with a line doubled, each line sound',
      (text: string) => {
        const lines = text.split('\n');
        lines.splice(line.figures, 0, lines[line.figures]!);
        return lines.join('\n');
      },
      /end line does not match/,
    ],
  ])('%s is rebuilt with a warning, and the question still answered', async (_case, damage, reason) => {
    const paths: KnowledgeBaseOptions = await tempKnowledgeBaseOptions();
    await mkdir(paths.indexDir, { recursive: true });
    await writeFile(join(paths.indexDir, snapshotFileName), damage(goodSnapshot));

    const { code, stdout, stderr } = await runCli('ask.ts', ['--json', question], { paths });
    expect(code).toBe(0);
    expect(
      rebuildWarning.exec(stderr.split('\n').find((text) => text.startsWith('warn: Rebuilding')) ?? '')?.[1],
    ).toMatch(reason);
    expect(JSON.parse(stdout)).toMatchObject({ answered: true });
    const header = await readSnapshotHeader(paths.indexDir);
    expect(header.status === 'ok' && header.value.format).toBe(snapshotFormat);
  });

  it('20 random single-byte flips never serve an altered quote: each is refused by a checksum and rebuilt', async () => {
    let seed = 14;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let flip = 0; flip < 20; flip++) {
      const bytes = Buffer.from(goodSnapshot);
      const at = Math.floor(random() * (bytes.length - 1));
      bytes[at] = bytes[at]! ^ (1 << Math.floor(random() * 7));
      const { kb, log } = await openDamaged(bytes.toString('latin1'));
      expect(kb.ask(question), `flip at byte ${at}`).toEqual(goodAnswer);
      expect(log.warnings(), `flip at byte ${at}`).toEqual([expect.stringMatching(rebuildWarning)]);
    }
  }, 120_000);
});

/** Well-formed, sealed again after the change: each case is caught by the one check it names. */
describe('a snapshot that is sound on disk but inconsistent', () => {
  it.each([
    ['chunks that are not chunks', () => resealed('chunks', () => [{ id: 'a' }]), /chunks does not match/],
    [
      'an index that does not fit its chunks',
      () => resealed('documents', () => ({ termCount: 1, fieldLength: [], averageFieldLength: [] })),
      /field lengths for 0 documents/,
    ],
    [
      'index terms that point past the last chunk',
      () => resealed('terms', () => [['troop', [0, 100000, 1]]]),
      /point outside/,
    ],
    ['index terms that are not terms', () => resealed('terms', () => [['troop', ['0', 1]]]), /malformed/],
    [
      'an infinite term frequency (1e999)',
      () =>
        sealSnapshot(
          unsealSnapshot(goodSnapshot).map((json, index) => (index === line.terms ? '[["troop",[0,0,1e999]]]' : json)),
        ),
      /positive finite/,
    ],
    [
      'a negative field length',
      () =>
        resealed('documents', (documents) => ({
          ...documents,
          fieldLength: [[-1, 0], ...documents.fieldLength.slice(1)],
        })),
      /index\.fieldLength\.0\.0: Too small/,
    ],
    [
      'two chunks with one id',
      () => resealed('chunks', (chunks) => [chunks[0], { ...chunks[1], id: chunks[0].id }, ...chunks.slice(2)]),
      /two chunks have the id/,
    ],
    [
      'a chunk of an unknown source',
      () => resealed('chunks', (chunks) => [{ ...chunks[0], sourceId: 'nowhere' }, ...chunks.slice(1)]),
      /unknown source nowhere/,
    ],
    [
      'a source whose chunk count is not its chunks’',
      () =>
        resealed('header', (header) => ({
          ...header,
          sources: [{ ...header.sources[0], chunkCount: header.sources[0].chunkCount + 1 }, ...header.sources.slice(1)],
        })),
      /chunks, not the/,
    ],
    [
      'a build time that is not a date',
      () => resealed('header', (header) => ({ ...header, builtAt: 'not a date' })),
      /builtAt: not a date/,
    ],
  ])('with %s is rebuilt, the warning naming what failed', async (_case, damaged, reason) => {
    const { kb, log } = await openDamaged(damaged());
    expect(log.warnings()).toHaveLength(1);
    expect(rebuildWarning.exec(log.warnings()[0]!)?.[1]).toMatch(reason);
    expect(kb.ask(question)).toEqual(goodAnswer);
    expect(Number.isNaN(kb.builtAt.getTime())).toBe(false);
  });

  it('a build time that is not a date does not make `sources --json` fail, once or on the next run', async () => {
    const { paths } = await openDamaged(resealed('header', (header) => ({ ...header, builtAt: 'not a date' })));
    for (let run = 0; run < 2; run++) {
      const { code } = await runCli('sources.ts', ['--json'], { paths });
      expect(code).toBe(0);
    }
  });
});

describe('damaged figures in a snapshot that is otherwise sound', () => {
  it.each([
    [
      'not valid JSON',
      () =>
        sealSnapshot(unsealSnapshot(goodSnapshot).map((json, index) => (index === line.figures ? '[{"id":' : json))),
      /not valid JSON/,
    ],
    [
      'a quote span that is inverted',
      () =>
        resealed('figures', (figures) => [
          {
            ...figures[0],
            sentenceEnd: figures[0].sentenceStart - 1 >= 0 ? figures[0].sentenceStart - 1 : 0,
            sentenceStart: figures[0].sentenceStart + 1,
          },
          ...figures.slice(1),
        ]),
      /out of order/,
    ],
    [
      'a figure that names another paragraph than its chunk’s',
      () =>
        resealed('figures', (figures) => [{ ...figures[0], paragraph: figures[0].paragraph + 1 }, ...figures.slice(1)]),
      /does not agree/,
    ],
  ])('(%s) are extracted again from the chunks on first use, with a warning', async (_case, damaged, reason) => {
    const { kb, log } = await openDamaged(damaged());
    expect(log.warnings()).toEqual([]);
    const fresh = await KnowledgeBase.rebuild(await tempKnowledgeBaseOptions());
    expect(kb.figures()).toEqual(fresh.kb.figures());
    expect(log.warnings()).toEqual([
      expect.stringMatching(/^warn: The saved figures are unusable \((.+)\); extracting them again\.$/),
    ]);
    expect(log.warnings()[0]).toMatch(reason);
  });
});
