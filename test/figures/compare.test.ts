import { beforeAll, describe, expect, it } from 'vitest';
import { compareFigures, loadTopics, type Comparison } from '../../src/figures/index.js';
import { renderComparisonChart } from '../../src/render/png/comparisonChart.js';
import { comparisonToJson } from '../../src/render/json/compare.js';
import { renderComparisonText } from '../../src/render/text/compare.js';
import { configDir, seedFigures } from './seedFigures.js';

const topics = loadTopics(configDir);
let troops: Comparison;
let empty: Comparison;

beforeAll(async () => {
  const { figures, titles } = await seedFigures();
  troops = compareFigures(
    figures,
    topics.find((topic) => topic.name === 'troops')!,
    titles,
  );
  empty = compareFigures([], topics[0]!, titles);
});

describe('compareFigures on troops', () => {
  it('keeps projections apart from estimates', () => {
    expect(troops.estimates.flatMap((group) => group.rows).every((row) => !row.projection)).toBe(true);
    expect(troops.projections.flatMap((group) => group.rows).map((row) => row.written)).toEqual([
      'up to 15,000',
      'up to 100,000',
    ]);
  });

  it('summarises range, agreement and who stands apart', () => {
    expect(troops.summary.range).toMatchObject({ low: 3000, high: 11_000 });
    expect(troops.summary.range!.lowSources).toEqual([expect.stringMatching(/^asia-times/)]);
    expect(troops.summary.agreement).toMatchObject({ low: 10_000, high: 11_000, sourceCount: 5 });
    expect(troops.summary.standsApart).toEqual([
      expect.objectContaining({ side: 'below', values: [3000], sourceId: expect.stringMatching(/^asia-times/) }),
    ]);
    expect(troops.summary.projections).toEqual({ figureCount: 2, low: 15_000, high: 100_000 });
  });

  it('marks the figure inside its quote', () => {
    for (const row of troops.estimates.flatMap((group) => group.rows))
      expect(row.quote.slice(row.mark.start, row.mark.end)).toBe(row.written);
  });
});

describe('renderers', () => {
  it('gives the JSON contract of issue 3', () => {
    const json = comparisonToJson(troops);
    expect(json.topic).toBe('troops');
    for (const figure of json.figures) {
      expect(Object.keys(figure)).toEqual(
        expect.arrayContaining([
          'source',
          'title',
          'paragraph',
          'value',
          'low',
          'high',
          'unit',
          'qualifier',
          'quote',
          'attribution',
          'projection',
        ]),
      );
    }
    const range = json.figures.find((figure) => figure.low !== null)!;
    expect(range).toMatchObject({ value: null, low: 3000, high: 10_000 });
    expect(json.figures.find((figure) => figure.attribution?.includes('Zelensky'))).toMatchObject({
      value: 11_000,
      low: null,
      high: null,
      projection: false,
    });
  });

  it('prints every row with its citation, and the summary', () => {
    const text = renderComparisonText(troops);
    expect(text).toContain('»Three thousand or even ten thousand« North Koreans');
    expect(text).toMatch(/Most sources agree on 10,000–11,000: 5 of 5 sources\./);
    expect(text).toMatch(/Stands apart: Asia Times gives the lowest figure, 3,000/);
    expect(text.indexOf('Projections')).toBeGreaterThan(text.indexOf('The Telegraph'));
    expect(renderComparisonText(empty)).toContain('No figures on this topic');
  });

  it('draws a PNG, also for a topic without figures', async () => {
    for (const comparison of [troops, empty]) {
      const png = await renderComparisonChart(comparison);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      // Taller with more rows: one row per figure.
      expect(png.readUInt32BE(16)).toBe(1100);
    }
    expect((await renderComparisonChart(troops)).readUInt32BE(20)).toBeGreaterThan(
      (await renderComparisonChart(empty)).readUInt32BE(20),
    );
  });
});
