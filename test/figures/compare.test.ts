import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareFigures,
  extractFigures,
  loadTopics,
  resolveClaimDate,
  timelineOf,
  type Comparison,
} from '../../src/figures/index.js';
import { layout, maxChartRows, omissionText, renderComparisonChart } from '../../src/render/png/comparisonChart.js';
import { comparisonToJson } from '../../src/render/json/compare.js';
import { renderComparisonText, renderTimelineText } from '../../src/render/text/compare.js';
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
      'thousands',
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
    expect(troops.summary.projections).toEqual({ figureCount: 3, low: 15_000, high: 100_000 });
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

describe('comparisons within one quantity (issue 12)', () => {
  let byName: (name: string) => Comparison;
  beforeAll(async () => {
    const { figures, titles } = await seedFigures();
    byName = (name) =>
      compareFigures(
        figures,
        topics.find((topic) => topic.name === name)!,
        titles,
      );
  });

  it('army-size: active soldiers and reservists are two quantities, never one range', () => {
    const { groups } = byName('army-size').summary;
    expect(groups.map((group) => [group.measure, group.range?.low, group.range?.high])).toEqual([
      ['active-strength', 1_300_000, 1_300_000],
      ['reserves', 7_600_000, 7_600_000],
    ]);
  });

  it('russian-losses: captured, wounded, per-day and per-month figures each stand alone; totals range among themselves', () => {
    const { groups } = byName('russian-losses').summary;
    const of = (measure: string, rate = 'total') =>
      groups.find((group) => group.measure === measure && group.rate === rate);
    expect(of('captured')?.range).toMatchObject({ low: 717, high: 717 });
    expect(of('casualties')?.range).toMatchObject({ low: 8000, high: 600_000 });
    expect(of('casualties', 'day')?.range).toMatchObject({ low: 1200, high: 1200 });
    expect(of('casualties', 'month')?.range).toMatchObject({ low: 30_000, high: 30_000 });
    for (const group of groups) expect(new Set(group.claims.map(() => group.measure + group.rate)).size).toBe(1);
  });

  it('payments: money per soldier is not compared with revenue', () => {
    const { groups } = byName('payments').summary;
    expect(groups.map((group) => `${group.measure}/${group.rate}/${group.projection}`)).toEqual([
      'revenue/total/false',
      'paid-per-soldier/soldier/false',
      'revenue/year/true',
    ]);
    expect(renderComparisonText(byName('payments'))).not.toMatch(/all say 5\.5 billion/);
  });

  it('troops: the same figure from several sources is one claim with its reporters; vague amounts stay off the scale', () => {
    const [deployed] = byName('troops').summary.groups;
    const eleven = deployed!.claims.filter((claim) => claim.low === 11_000);
    expect(eleven.some((claim) => claim.reporters.length === 2)).toBe(true);
    expect(deployed!.vague.map((amount) => amount.written)).toEqual(['few thousand', 'thousands']);
    expect(deployed!.range).toMatchObject({ low: 3000, high: 11_000 });
  });

  it('troops over time: claims oldest first, dated by the source or by the sentence', () => {
    const comparison = byName('troops');
    const timeline = timelineOf(comparison);
    const dates = timeline.map((entry) => entry.claimedOn ?? '9999');
    expect(dates).toEqual([...dates].sort());
    const dated = timeline.filter((entry) => entry.claimedOn);
    expect(dated[0]!.claimedOn! < dated.at(-1)!.claimedOn!).toBe(true);
    expect(timeline.at(-1)!.dateFrom).toBe('none');
    expect(timeline.every((entry) => entry.row.measure === 'deployed')).toBe(true);
    const json = comparisonToJson(comparison, timeline);
    expect(json.timeline).toHaveLength(timeline.length);
    expect(json.figures[json.timeline![0]!.figure]!.claimedOn).toBe(timeline[0]!.claimedOn);
    expect(renderTimelineText(comparison, timeline)).toMatch(/^troops: deployed or sent over time/);
  });

  it('adds measure, rate, scope, party, claimant and claimedOn to every JSON figure, and groups to the summary', () => {
    const json = comparisonToJson(byName('russian-losses'));
    for (const figure of json.figures)
      expect(Object.keys(figure)).toEqual(
        expect.arrayContaining(['measure', 'rate', 'scope', 'party', 'claimant', 'claimedOn', 'vague']),
      );
    expect(json.figures.find((figure) => figure.written.includes('717'))).toMatchObject({
      measure: 'captured',
      party: 'Russian',
      claimedOn: '2024-11-14',
    });
    expect(json.figures.find((figure) => figure.written.includes('8,000'))).toMatchObject({
      scope: 'in Kursk since the offensive began',
      claimant: 'Ukrainian Commander-in-Chief Alexander Silsky',
      claimedOn: '2024-11-07',
    });
    for (const group of json.summary.groups) expect(group).toHaveProperty('measure');
  });
});

describe('resolveClaimDate', () => {
  it.each([
    ['on Monday', '2024-12-20', '2024-12-16'],
    ['Last week', '2024-11-14', '2024-11-07'],
    ['in October', '2024-11-14', '2024-10-01'],
    ['by mid-December', '2024-12-27', '2024-12-15'],
    ['in mid-October', '2024-10-23', '2024-10-15'],
    ['on October 18', '2024-11-01', '2024-10-18'],
    [undefined, '2024-11-01', '2024-11-01'],
  ])('%s, in a source of %s, is %s', (phrase, source, expected) => {
    expect(resolveClaimDate(phrase, source)).toBe(expected);
  });
});

describe('the chart at any size', () => {
  it('draws the top groups of 2,000 sources and says exactly how many it leaves out', async () => {
    const chunks = Array.from({ length: 2000 }, (_, index) => ({
      id: `s${index}#1`,
      sourceId: `s${index}`,
      paragraph: 1,
      text: `Officials said ${10_000 + (index % 50) * 100} North Korean soldiers had been sent to Russia.`,
    }));
    const sources = new Map(chunks.map((chunk) => [chunk.sourceId, { title: `Report ${chunk.sourceId}` }]));
    const comparison = compareFigures(
      extractFigures(chunks),
      topics.find((topic) => topic.name === 'troops')!,
      sources,
    );
    const { sections, omitted } = layout(comparison);
    const drawn = sections.reduce((sum, section) => sum + section.rows.length, 0);
    expect(drawn).toBe(maxChartRows);
    expect(omitted).toEqual({ figures: 2000 - maxChartRows, sources: 2000 - maxChartRows });
    expect(omissionText(omitted)).toBe('1960 more sources (1960 figures) not drawn: see the full table.');
    const started = performance.now();
    const png = await renderComparisonChart(comparison);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(png.length).toBeLessThan(1024 * 1024);
    expect(png.readUInt32BE(20)).toBeLessThan(2000);
  });
});
