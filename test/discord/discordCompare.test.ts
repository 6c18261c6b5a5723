import { describe, expect, it } from 'vitest';
import type { Comparison, ComparisonRow, SourceRows } from '../../src/figures/index.js';
import { topicSchema } from '../../src/figures/index.js';
import { renderComparison, topicChoices } from '../../src/render/discord/compare.js';
import { discordLimits } from '../../src/render/discord/constants.js';
import { embedsLength } from '../../src/render/discord/text.js';

const topic = topicSchema.parse({
  name: 'troops',
  description: 'North Korean soldiers sent to Russia',
  whose: ['North Korean'],
});

function row(sourceId: string, paragraph: number, written: string): ComparisonRow {
  return {
    figureId: `${sourceId}#${paragraph}`,
    sourceId,
    title: `Title ${sourceId}`,
    paragraph,
    written,
    value: 10_000,
    low: null,
    high: null,
    unit: 'count',
    unitLabel: 'troops',
    projection: false,
    measure: 'deployed',
    vague: false,
    quote: `About ${written} troops.`,
    mark: { start: 6, end: 6 + written.length },
  } as ComparisonRow;
}

function comparison(sourceCount: number, rowsPerSource: number, titleLength: number): Comparison {
  const sources: SourceRows[] = Array.from({ length: sourceCount }, (_, index) => ({
    sourceId: `s${index}`,
    title: `${'Long title words '.repeat(titleLength)}${index}`,
    publisher: `Publisher ${index}`,
    rows: Array.from({ length: rowsPerSource }, (_, paragraph) =>
      row(`s${index}`, paragraph + 1, `*up to* ${10_000 + paragraph} @everyone`),
    ),
  }));
  return {
    topic,
    estimates: sources,
    projections: [],
    summary: {
      figureCount: sourceCount * rowsPerSource,
      sourceCount,
      basis: { unitLabel: 'troops', figureCount: sourceCount * rowsPerSource },
      range: { low: 3_000, high: 11_000, lowSources: ['s0'], highSources: sources.map((source) => source.sourceId) },
      agreement: { low: 10_000, high: 11_000, sources: ['s1'], sourceCount: 1 },
      standsApart: [],
      projections: { figureCount: 0 },
      groups: [],
    },
  };
}

describe('renderComparison', () => {
  it('stays within Discord’s limits with many sources, many figures and long titles', () => {
    for (const [sources, rows, titleLength] of [
      [1, 1, 1],
      [5, 40, 3],
      [40, 3, 20],
      [25, 100, 30],
    ] as const) {
      const { embeds } = renderComparison(comparison(sources, rows, titleLength), 'chart.png');
      const [embed] = embeds;
      expect(embedsLength(embeds)).toBeLessThanOrEqual(discordLimits.embedsTotal);
      expect(embed!.fields!.length).toBeLessThanOrEqual(discordLimits.fields);
      expect(embed!.description!.length).toBeLessThanOrEqual(discordLimits.embedDescription);
      for (const field of embed!.fields!) {
        expect(field.name.length).toBeLessThanOrEqual(discordLimits.fieldName);
        expect(field.value.length).toBeLessThanOrEqual(discordLimits.fieldValue);
      }
    }
  });

  it('says exactly how many sources and figures it leaves out, and where the whole table is', () => {
    for (const [sources, rows] of [
      [40, 3],
      [30, 1],
      [3, 100],
    ] as const) {
      const { embeds, omitted } = renderComparison(comparison(sources, rows, 3), { tableFile: 'compare-troops.csv' });
      const fields = embeds[0]!.fields ?? [];
      const shownFigures = fields.flatMap((field) => field.value.split('\n')).filter((line) => line.startsWith('•'));
      expect(omitted.figures).toBe(sources * rows - shownFigures.length);
      expect(omitted.sources).toBe(sources - fields.length);
      expect(omitted.figures).toBeGreaterThan(0);
      expect(embeds[0]!.description).toContain(
        `Not shown here: ${omitted.sources} source${omitted.sources === 1 ? '' : 's'} and ${omitted.figures} figures** — the whole table is attached (compare-troops.csv).`,
      );
    }
    const { embeds, omitted } = renderComparison(comparison(2, 2, 1));
    expect(omitted).toEqual({ sources: 0, figures: 0 });
    expect(embeds[0]!.description).not.toContain('Not shown');
  });

  it('cites each figure by paragraph, escaped, and attaches the chart', () => {
    const { embeds } = renderComparison(comparison(1, 1, 1), 'chart.png');
    expect(embeds[0]!.fields![0]!.value).toBe('• **\\*up to\\* 10000 @\u200beveryone** troops (¶ 1)');
    expect(embeds[0]!.image).toEqual({ url: 'attachment://chart.png' });
    expect(renderComparison(comparison(1, 1, 1)).embeds[0]!.image).toBeUndefined();
  });

  it('says plainly when the sources give no figure', () => {
    const empty = {
      ...comparison(0, 0, 0),
      summary: { ...comparison(0, 0, 0).summary, figureCount: 0, range: undefined, agreement: undefined },
    };
    expect(renderComparison(empty).embeds[0]!.description).toBe(
      'The sources give no figures on North Korean soldiers sent to Russia.',
    );
  });
});

describe('topicChoices', () => {
  it('matches name or description, at most 25', () => {
    const topics = Array.from({ length: 30 }, (_, index) => ({ ...topic, name: `topic-${index}` }));
    expect(topicChoices(topics, '')).toHaveLength(25);
    expect(topicChoices(topics, 'topic-7')).toEqual([
      { name: 'topic-7 — North Korean soldiers sent to Russia', value: 'topic-7' },
    ]);
  });
});
