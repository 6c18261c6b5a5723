/**
 * Puts the figures of one topic side by side: rows grouped by source, projections apart, and a
 * summary of the spread (range, where most sources agree, who stands apart).
 */
import type { Bound } from './qualifiers.js';
import type { Figure } from './figure.js';
import { resolveClaimDate } from './claimDate.js';
import { measureLabels, type Measure } from './measure.js';
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
  /** What it measures ("deployed", "killed-or-wounded", "reserves"…), see measure.ts. */
  measure: Measure;
  /** "in Kursk", "since the invasion", as written. */
  scope?: string;
  /** When it was claimed (ISO date): the date its sentence gives, resolved against the source's, else the source's. */
  claimedOn?: string;
  /** The date phrase of the sentence ("on Monday"), when `claimedOn` comes from it. */
  when?: string;
  /** A vague amount ("tens of thousands"): shown, never on the scale; low–high is what its words allow. */
  vague: boolean;
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

/** One claim: the same figure from the same claimant, however many sources report it. */
export interface Claim {
  low: number;
  high: number;
  bound?: Bound;
  /** Who makes it, as the first report writes it; absent when no source names anyone. */
  claimant?: string;
  /** The sources that report it, in listing order, and the rows. */
  reporters: string[];
  figureIds: string[];
  /** The earliest date it is reported. */
  claimedOn?: string;
}

/**
 * One quantity: figures of one measure, rate and unit (and only estimates, or only projections).
 * Range, agreement and who stands apart are computed within it and nowhere across quantities.
 */
export interface SummaryGroup {
  measure: Measure;
  /** "killed or wounded", "deployed or sent". */
  measureLabel: string;
  /** "total", or what it is per: "day", "month", "soldier". */
  rate: string;
  unit: Figure['unit'];
  currency?: string;
  /** The most common unit label in it: "North Korean soldiers", "USD per soldier". */
  unitLabel: string;
  projection: boolean;
  figureCount: number;
  sourceCount: number;
  range?: ComparisonSummary['range'];
  agreement?: ComparisonSummary['agreement'];
  standsApart: ComparisonSummary['standsApart'];
  /** Its exact figures as distinct claims, largest first. */
  claims: Claim[];
  /** Its vague amounts ("tens of thousands"), shown but never on the scale. */
  vague: { figureId: string; sourceId: string; written: string; low: number; high: number }[];
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
  /**
   * Every quantity of the topic, one group per measure, rate and unit, estimates before
   * projections, the most sources first. `basis`, `range`, `agreement` and `standsApart` above
   * describe the first estimate group (kept for readers of the older contract).
   */
  groups: SummaryGroup[];
}

/** A claim in a timeline: one measure's figures in the order they were claimed. */
export interface TimelineEntry {
  claimedOn?: string;
  /** Whether the date is the source's own or one its sentence gives ("on Monday"). */
  dateFrom: 'source' | 'sentence' | 'none';
  row: ComparisonRow;
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

type SourceInfo = { title: string; publisher?: string; date?: string };

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
  const summary = summarize(rows, order);
  return { topic, estimates, projections, summary };
}

/**
 * The claims of one measure (the first group's when none is named) in the order they were made,
 * estimates and projections alike, each with its date; undated claims last.
 */
export function timelineOf(comparison: Comparison, measure?: Measure): TimelineEntry[] {
  const wanted = measure ?? comparison.summary.groups[0]?.measure;
  const rows = [...comparison.estimates, ...comparison.projections]
    .flatMap((source) => source.rows)
    .filter((row) => row.measure === wanted);
  return rows
    .map((row): TimelineEntry => ({
      ...presentFields({ claimedOn: row.claimedOn }),
      dateFrom: row.claimedOn ? (row.when ? 'sentence' : 'source') : 'none',
      row,
    }))
    .sort(
      (a, b) =>
        (a.claimedOn ?? '9999').localeCompare(b.claimedOn ?? '9999') ||
        (a.row.low ?? a.row.value ?? 0) - (b.row.low ?? b.row.value ?? 0),
    );
}

function toRow(figure: Figure, source: SourceInfo | undefined): ComparisonRow {
  const fromSentence = resolveClaimDate(figure.when, source?.date);
  const claimedOn = figure.when && fromSentence ? fromSentence : source?.date;
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
    measure: figure.measure,
    ...(figure.scope ? { scope: figure.scope } : {}),
    ...(claimedOn ? { claimedOn } : {}),
    ...(figure.when && fromSentence ? { when: figure.when } : {}),
    vague: figure.vague ?? false,
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

/** The quantity a row belongs to: its measure, rate, unit and whether it is a projection. */
const quantityKey = (row: ComparisonRow) =>
  [row.measure, row.rate ?? 'total', row.unit, row.currency ?? '', row.projection ? 'projection' : ''].join('|');

function summarize(rows: readonly ComparisonRow[], order: readonly string[]): ComparisonSummary {
  const estimates = rows.filter((row) => !row.projection);
  const projected = rows.filter((row) => row.projection && !row.vague).flatMap(pointsOf);
  const projections = projected.length
    ? { figureCount: rows.length - estimates.length, low: Math.min(...projected), high: Math.max(...projected) }
    : { figureCount: rows.length - estimates.length };
  const byKey = new Map<string, ComparisonRow[]>();
  for (const row of rows) {
    const key = quantityKey(row);
    byKey.set(key, [...(byKey.get(key) ?? []), row]);
  }
  const groups = [...byKey.values()]
    .map((members) => summarizeGroup(members, order))
    .sort(
      (a, b) =>
        Number(a.projection) - Number(b.projection) ||
        b.sourceCount - a.sourceCount ||
        b.figureCount - a.figureCount ||
        // Totals before rates when as many of each: "up to $5.5 billion" over "$2,000 per soldier".
        Number(b.rate === 'total') - Number(a.rate === 'total'),
    );
  const main = groups.find((group) => !group.projection && group.claims.length > 0);
  return {
    figureCount: rows.length,
    sourceCount: new Set(rows.map((row) => row.sourceId)).size,
    basis: {
      unitLabel: main?.unitLabel ?? '',
      ...(main && main.rate !== 'total' ? { rate: main.rate } : {}),
      figureCount: main ? main.figureCount - main.vague.length : 0,
    },
    ...(main?.range ? { range: main.range } : {}),
    ...(main?.agreement ? { agreement: main.agreement } : {}),
    standsApart: main?.standsApart ?? [],
    projections,
    groups,
  };
}

function summarizeGroup(members: readonly ComparisonRow[], order: readonly string[]): SummaryGroup {
  const first = members[0]!;
  const exact = members.filter((row) => !row.vague);
  const group: SummaryGroup = {
    measure: first.measure,
    measureLabel: measureLabels[first.measure],
    rate: first.rate ?? 'total',
    unit: first.unit,
    ...(first.currency ? { currency: first.currency } : {}),
    unitLabel: mostCommon(members.map((row) => row.unitLabel))!,
    projection: first.projection,
    figureCount: members.length,
    sourceCount: new Set(members.map((row) => row.sourceId)).size,
    standsApart: [],
    claims: claimsOf(exact, order),
    vague: members
      .filter((row) => row.vague)
      .map((row) => ({
        figureId: row.figureId,
        sourceId: row.sourceId,
        written: row.written,
        low: row.low!,
        high: row.high!,
      })),
  };
  if (exact.length === 0) return group;
  Object.assign(group, spread(exact));
  return group;
}

/** A claimant as a key: the last capitalised word ("Zelensky" in "Ukrainian President Volodymyr Zelensky"). */
function claimantKey(attribution: string | undefined): string {
  const names = (attribution ?? '').match(/\p{Lu}[\p{L}'’-]+/gu);
  return names?.at(-1)?.toLowerCase() ?? '';
}

/**
 * Rows of one quantity as distinct claims: the same value and bound from the same claimant (or
 * from no one named) is one claim.
 */
function claimsOf(rows: readonly ComparisonRow[], order: readonly string[]): Claim[] {
  const claims = new Map<string, Claim>();
  const position = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  for (const row of rows) {
    const low = row.value ?? row.low!;
    const high = row.value ?? row.high!;
    const key = [low, high, row.bound ?? '', claimantKey(row.attribution)].join('|');
    let claim = claims.get(key);
    if (!claim)
      claims.set(
        key,
        (claim = {
          low,
          high,
          ...(row.bound ? { bound: row.bound } : {}),
          ...(row.attribution ? { claimant: row.attribution } : {}),
          reporters: [],
          figureIds: [],
        }),
      );
    if (!claim.reporters.includes(row.sourceId)) claim.reporters.push(row.sourceId);
    claim.figureIds.push(row.figureId);
    if (row.claimedOn && (!claim.claimedOn || row.claimedOn < claim.claimedOn)) claim.claimedOn = row.claimedOn;
  }
  for (const claim of claims.values()) claim.reporters.sort((a, b) => position(a) - position(b));
  return [...claims.values()].sort((a, b) => b.high - a.high || b.low - a.low);
}

/** Range, the band most sources agree on, and who stands apart, among rows of one quantity. */
function spread(rows: readonly ComparisonRow[]): Pick<ComparisonSummary, 'range' | 'agreement' | 'standsApart'> {
  const points = rows
    .flatMap((row) => pointsOf(row).map((value) => ({ value, row })))
    .sort((a, b) => a.value - b.value);
  const low = points[0]!.value;
  const high = points.at(-1)!.value;
  const sourcesAt = (value: number) => [
    ...new Set(points.filter((point) => point.value === value).map((point) => point.row.sourceId)),
  ];
  const result: Pick<ComparisonSummary, 'range' | 'agreement' | 'standsApart'> = {
    range: { low, high, lowSources: sourcesAt(low), highSources: sourcesAt(high) },
    standsApart: [],
  };

  // The band [x, x·ratio] holding figures from the most sources (then the most figures): one
  // pass over the sorted points with a window, so a topic of thousands of figures stays linear.
  let best: { low: number; high: number; sources: Set<string>; count: number } | undefined;
  let end = 0;
  for (let start = 0; start < points.length; start++) {
    const anchor = points[start]!.value;
    if (start > 0 && points[start - 1]!.value === anchor) continue;
    end = Math.max(end, start);
    while (end + 1 < points.length && points[end + 1]!.value <= anchor * agreementRatio) end++;
    const inside = points.slice(start, end + 1);
    const sources = new Set(inside.map((point) => point.row.sourceId));
    if (!best || sources.size > best.sources.size || (sources.size === best.sources.size && inside.length > best.count))
      best = { low: anchor, high: points[end]!.value, sources, count: inside.length };
  }
  if (!best || best.sources.size < 2) return result;
  const band = best;
  result.agreement = { low: band.low, high: band.high, sources: [...band.sources], sourceCount: band.sources.size };
  const bySource = new Map<string, number[]>();
  for (const point of points)
    bySource.set(point.row.sourceId, [...(bySource.get(point.row.sourceId) ?? []), point.value]);
  const belowSources = new Set(points.filter((point) => point.value < band.low).map((point) => point.row.sourceId));
  const aboveSources = new Set(points.filter((point) => point.value > band.high).map((point) => point.row.sourceId));
  for (const [sourceId, values] of bySource) {
    const title = rows.find((row) => row.sourceId === sourceId)!.title;
    const below = values.filter((value) => value < band.low);
    const above = values.filter((value) => value > band.high);
    // A source stands apart when it alone gives a figure outside the band on that side.
    if (below.length && (!band.sources.has(sourceId) || belowSources.size === 1))
      result.standsApart.push({ sourceId, title, side: 'below', values: below });
    if (above.length && (!band.sources.has(sourceId) || aboveSources.size === 1))
      result.standsApart.push({ sourceId, title, side: 'above', values: above });
  }
  return result;
}

function mostCommon(
  values: readonly string[],
  preferred: (value: string) => boolean = () => false,
): string | undefined {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || Number(preferred(b[0])) - Number(preferred(a[0])))[0]?.[0];
}
