import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareFigures, loadTopics, type Figure } from '../../src/figures/index.js';
import { evaluateFigures, readFiguresGold } from '../../src/eval/figures.js';
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
  it.each(Object.keys(gold.topics))('%s: recall 1.0 and no false figure', (topic) => {
    const score = evaluateFigures(figures, topics, gold).find((candidate) => candidate.topic === topic)!;
    expect(score.missed).toEqual([]);
    expect(score.falseFigures).toEqual([]);
    expect(score.recall).toBe(1);
    expect(score.precision).toBe(1);
  });

  it('troops has the figures issue 3 names and none of those it rules out', () => {
    const rows = compareFigures(
      figures,
      topics.find((topic) => topic.name === 'troops')!,
      titles,
    ).estimates.flatMap((group) => group.rows);
    const bySource = (prefix: string) =>
      rows.filter((row) => row.sourceId.startsWith(prefix)).map((row) => row.written);
    expect(bySource('asia-times')).toEqual(['Three thousand or even ten thousand']);
    expect(bySource('nato-confirms')).toEqual(['up to 10,000']);
    expect(bySource('rte')).toEqual(['roughly 10,000']);
    expect(bySource('t-online')).toEqual(expect.arrayContaining(['11,000', 'at least 10,000']));
    expect(bySource('telegraph')).toContain('11,000');
    const values = rows.flatMap((row) => [row.value, row.low, row.high]);
    for (const ruledOut of [8000, 13_000, 1_300_000, 1500, 30_000, 600_000]) expect(values).not.toContain(ruledOut);
  });
});
