/**
 * Puts the figures of one topic side by side: rows grouped by source, projections apart, and a
 * summary of the spread (range, where most sources agree, who stands apart).
 */
import type { Bound } from './qualifiers.js';
import type { Figure } from './figure.js';
import { figureMatchesTopic, type Topic } from './topics.js';
import { presentFields } from '../util/presentFields.js';

/** One figure as shown to a reader. */
export interface ComparisonRow {
  figureId: string;
  sourceId: string;
  /** The source's title and publisher, for the citation. */
  title: string;
  publisher?: string;
  /** 1-based paragraph in the article: the citation is `sourceId`, paragraph. */
  paragraph: number;
  /** The figure as written, hedge included: "up to 10,000", "Three thousand or even ten thousand". */
  written: string;
  /** Normalized value for a single figure; null for a range (see low/high). */
  value: number | null;
  /** Ends of a range; both null for a single figure. */
  low: number | null;
  high: number | null;
  unit: Figure['unit'];
  currency?: string;
  /** "month" for "per month", "soldier" for "per soldier". */
  rate?: string;
  /** Human unit label: "North Korean soldiers", "USD per year", "%". */
  unitLabel: string;
  qualifier?: string;
  bound?: Bound;
  counted?: string;
  whose?: string;
  outcome?: string;
  attribution?: string;
  projection: boolean;
  /** The sentence the figure is in, verbatim. */
  quote: string;
  /** [start, end) of the figure (hedge included) within `quote`, for marking it. */
  mark: { start: number; end: number };
}

/** The rows of one source, in article order. */
export interface SourceRows {
  sourceId: string;
  title: string;
  publisher?: string;
  rows: ComparisonRow[];
}

export interface ComparisonSummary {
  /** Rows counted (estimates + projections) and sources they come from. */
  figureCount: number;
  sourceCount: number;
  /**
   * The figures the summary is about: present estimates in the topic's main unit and rate (a
   * monthly rate is not compared with a total). Describes them, e.g. "North Korean soldiers".
   */
  basis: { unitLabel: string; rate?: string; figureCount: number };
  /** Lowest and highest value among those figures, with the sources that give them. */
  range?: { low: number; high: number; lowSources: string[]; highSources: string[] };
  /** The narrowest band (values within 25% of each other) that the most sources give a figure in. */
  agreement?: { low: number; high: number; sources: string[]; sourceCount: number };
  /** Sources none of whose figures fall in the agreement band, or alone at the low or high end. */
  standsApart: { sourceId: string; title: string; side: 'below' | 'above'; values: number[] }[];
  /** Projections are never mixed into the range; their own span, if any. */
  projections: { figureCount: number; low?: number; high?: number };
}

/**
 * Everything `/compare <topic>` shows. Renderers (terminal table, JSON, Discord embed, chart) are
 * pure functions of this value: `estimates` and `projections` hold the rows, grouped by source in
 * the order the sources are listed; `summary` describes the estimates.
 */
export interface Comparison {
  topic: Topic;
  estimates: SourceRows[];
  projections: SourceRows[];
  summary: ComparisonSummary;
}

type SourceInfo = { title: string; publisher?: string };

/** Values within this factor of each other are read as agreeing. */
const agreementRatio = 1.25;

export function compareFigures(
  figures: readonly Figure[],
  topic: Topic,
  sources: ReadonlyMap<string, SourceInfo>,
): Comparison {
  const rows = figures
    .filter((figure) => figureMatchesTopic(figure, topic))
    .map((figure) => toRow(figure, sources.get(figure.sourceId)));
  const order = [...sources.keys()];
  const estimates = groupBySource(
    rows.filter((row) => !row.projection),
    order,
  );
  const projections = groupBySource(
    rows.filter((row) => row.projection),
    order,
  );
  return { topic, estimates, projections, summary: summarize(rows) };
}

function toRow(figure: Figure, source: SourceInfo | undefined): ComparisonRow {
  const markStart = figure.writtenStart - figure.sentenceStart;
  const markEnd = figure.writtenEnd - figure.sentenceStart;
  const { currency, rate, qualifier, bound, counted, whose, outcome, attribution } = figure;
  return {
    figureId: figure.id,
    sourceId: figure.sourceId,
    title: source?.title ?? figure.sourceId,
    paragraph: figure.paragraph,
    written: figure.sentence.slice(markStart, markEnd),
    value: figure.isRange ? null : figure.low,
    low: figure.isRange ? figure.low : null,
    high: figure.isRange ? figure.high : null,
    unit: figure.unit,
    unitLabel: unitLabel(figure),
    ...presentFields({
      publisher: source?.publisher,
      currency,
      rate,
      qualifier,
      bound,
      counted,
      whose,
      outcome,
      attribution,
    }),
    projection: figure.projection,
    quote: figure.sentence,
    mark: { start: markStart, end: markEnd },
  };
}

function unitLabel(figure: Figure): string {
  const base =
    figure.unit === 'currency'
      ? (figure.currency ?? 'money')
      : figure.unit === 'percent'
        ? '%'
        : (figure.counted ?? 'count');
  return figure.rate ? `${base} per ${figure.rate}` : base;
}

function groupBySource(rows: readonly ComparisonRow[], order: readonly string[]): SourceRows[] {
  const groups = new Map<string, SourceRows>();
  for (const row of rows) {
    let group = groups.get(row.sourceId);
    if (!group)
      groups.set(
        row.sourceId,
        (group = {
          sourceId: row.sourceId,
          title: row.title,
          ...(row.publisher ? { publisher: row.publisher } : {}),
          rows: [],
        }),
      );
    group.rows.push(row);
  }
  const position = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...groups.values()].sort(
    (a, b) => position(a.sourceId) - position(b.sourceId) || a.sourceId.localeCompare(b.sourceId),
  );
}

/** A row's values as points: one for a single figure, both ends for a range. */
function pointsOf(row: ComparisonRow): number[] {
  return row.value !== null ? [row.value] : [row.low!, row.high!];
}

function summarize(rows: readonly ComparisonRow[]): ComparisonSummary {
  const estimates = rows.filter((row) => !row.projection);
  const projected = rows.filter((row) => row.projection).flatMap(pointsOf);
  const projections = projected.length
    ? { figureCount: rows.length - estimates.length, low: Math.min(...projected), high: Math.max(...projected) }
    : { figureCount: 0 };
  // Totals before rates when as many of each: "up to $5.5 billion" over "$2,000 per soldier".
  const basisKey = mostCommon(
    estimates.map((row) => `${row.unit}|${row.currency ?? ''}|${row.rate ?? ''}`),
    (key) => key.endsWith('|'),
  );
  const basis = estimates.filter((row) => `${row.unit}|${row.currency ?? ''}|${row.rate ?? ''}` === basisKey);
  const summary: ComparisonSummary = {
    figureCount: rows.length,
    sourceCount: new Set(rows.map((row) => row.sourceId)).size,
    basis: {
      unitLabel: basis[0] ? mostCommon(basis.map((row) => row.unitLabel))! : '',
      ...(basis[0]?.rate ? { rate: basis[0].rate } : {}),
      figureCount: basis.length,
    },
    standsApart: [],
    projections,
  };
  if (basis.length === 0) return summary;

  const points = basis.flatMap((row) => pointsOf(row).map((value) => ({ value, row })));
  const low = Math.min(...points.map((point) => point.value));
  const high = Math.max(...points.map((point) => point.value));
  const sourcesAt = (value: number) => [
    ...new Set(points.filter((point) => point.value === value).map((point) => point.row.sourceId)),
  ];
  summary.range = { low, high, lowSources: sourcesAt(low), highSources: sourcesAt(high) };

  // The band [x, x·ratio] holding figures from the most sources (then the most figures).
  let best: { low: number; high: number; sources: Set<string>; count: number } | undefined;
  for (const anchor of points) {
    const inside = points.filter(
      (point) => point.value >= anchor.value && point.value <= anchor.value * agreementRatio,
    );
    const sources = new Set(inside.map((point) => point.row.sourceId));
    if (
      !best ||
      sources.size > best.sources.size ||
      (sources.size === best.sources.size && inside.length > best.count)
    ) {
      best = {
        low: anchor.value,
        high: Math.max(...inside.map((point) => point.value)),
        sources,
        count: inside.length,
      };
    }
  }
  const allSources = new Set(basis.map((row) => row.sourceId));
  if (best && best.sources.size >= 2) {
    summary.agreement = { low: best.low, high: best.high, sources: [...best.sources], sourceCount: best.sources.size };
    for (const sourceId of allSources) {
      const values = points.filter((point) => point.row.sourceId === sourceId).map((point) => point.value);
      const below = values.filter((value) => value < best.low);
      const above = values.filter((value) => value > best.high);
      const title = basis.find((row) => row.sourceId === sourceId)!.title;
      // A source stands apart when it alone gives a figure outside the band on that side.
      const othersBelow = points.some((point) => point.row.sourceId !== sourceId && point.value < best.low);
      const othersAbove = points.some((point) => point.row.sourceId !== sourceId && point.value > best.high);
      if (below.length && (!best.sources.has(sourceId) || !othersBelow))
        summary.standsApart.push({ sourceId, title, side: 'below', values: below });
      if (above.length && (!best.sources.has(sourceId) || !othersAbove))
        summary.standsApart.push({ sourceId, title, side: 'above', values: above });
    }
  }
  return summary;
}

function mostCommon(
  values: readonly string[],
  preferred: (value: string) => boolean = () => false,
): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || Number(preferred(b[0])) - Number(preferred(a[0])))[0]?.[0];
}
