import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFigures, loadTopics, type Figure } from '../../src/figures/index.js';
import {
  evaluateFigures,
  figuresOfFolder,
  minimumRecall,
  readFiguresGold,
  transcriptsDir,
  transcriptsGold,
} from '../../src/eval/figures.js';
import { Analyzer } from '../../src/text/analyzer.js';
import { aliasGroups, parseAliasFile } from '../../src/text/aliases.js';
import { readFileSync } from 'node:fs';
import { projectRoot } from '../../src/util/paths.js';
import { configDir, seedFigures } from './seedFigures.js';

const gold = readFiguresGold(join(projectRoot, 'test/data/figures-gold.json'));
const topics = loadTopics(configDir);
let figures: Figure[];
let titles: Map<string, { title: string; publisher?: string }>;

beforeAll(async () => {
  ({ figures, titles } = await seedFigures());
});

describe("figures on today's seeds against the hand-checked gold", () => {
  it.each(Object.keys(gold.topics))(
    '%s: recall ≥ 0.9, no false figure, every group one quantity of one party',
    (topic) => {
      const score = evaluateFigures(figures, topics, gold).find((candidate) => candidate.topic === topic)!;
      expect(score.recall).toBeGreaterThanOrEqual(minimumRecall);
      expect(score.falseFigures).toEqual([]);
      expect(score.precision).toBe(1);
      expect(score.wrongQuantity).toEqual([]);
      expect(score.mixedGroups).toEqual([]);
    },
  );

  it('troops has the figures issue 3 names and none of those it rules out', () => {
    const rows = compareFigures(
      figures,
      topics.find((topic) => topic.name === 'troops')!,
      titles,
    ).estimates.flatMap((group) => group.rows);
    const bySource = (prefix: string) =>
      rows.filter((row) => row.sourceId.startsWith(prefix)).map((row) => row.written);
    expect(bySource('asia-times')).toEqual(['Three thousand or even ten thousand']);
    expect(bySource('nato-confirms')).toEqual(['up to 10,000', 'few thousand']);
    expect(bySource('rte')).toEqual(['roughly 10,000']);
    expect(bySource('t-online')).toEqual(expect.arrayContaining(['11,000', 'at least 10,000']));
    expect(bySource('telegraph')).toContain('11,000');
    const values = rows.flatMap((row) => [row.value, row.low, row.high]);
    for (const ruledOut of [8000, 13_000, 1_300_000, 1500, 30_000, 600_000]) expect(values).not.toContain(ruledOut);
  });
});

describe('figures on the White House transcripts (texts the rules were not written on) against their gold', () => {
  const transcripts = readFiguresGold(join(projectRoot, transcriptsGold));
  let found: Figure[];
  beforeAll(async () => {
    const analyzer = new Analyzer(
      aliasGroups(parseAliasFile(readFileSync(join(configDir, 'aliases.json'), 'utf8'), 'aliases.json')),
    );
    found = await figuresOfFolder(join(projectRoot, transcriptsDir), analyzer);
  });

  it.each(Object.keys(transcripts.topics))('%s: recall ≥ 0.9, every group one quantity of one party', (topic) => {
    const score = evaluateFigures(found, topics, transcripts).find((candidate) => candidate.topic === topic)!;
    expect(score.recall).toBeGreaterThanOrEqual(minimumRecall);
    expect(score.falseFigures).toEqual([]);
    expect(score.wrongQuantity).toEqual([]);
    expect(score.mixedGroups).toEqual([]);
  });

  it('reads "Mr. Putin and his military has suffered 530,000 casualties" as Russian casualties, not North Korean', () => {
    const figure = found.find((candidate) => candidate.text === '530,000')!;
    expect(figure).toMatchObject({ whose: 'Russian', measure: 'casualties' });
    const perDay = found.find((candidate) => candidate.text === '1,000 to 1,200')!;
    expect(perDay).toMatchObject({ whose: 'Russian', measure: 'killed-or-wounded', rate: 'day' });
  });
});
