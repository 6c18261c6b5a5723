import type { Comparison, ComparisonRow, TimelineEntry } from '../../figures/index.js';

/**
 * The CLI's JSON contract for a comparison (`npm run compare -- <topic> --json`): every figure as a
 * flat row (estimates, then projections, each grouped by source) and the summary as computed.
 */
export interface ComparisonJson {
  topic: string;
  description: string;
  figures: FigureJson[];
  summary: Comparison['summary'];
  /** With --timeline: one measure's claims oldest first, as indexes into `figures`. */
  timeline?: Array<{ claimedOn: string | null; dateFrom: TimelineEntry['dateFrom']; figure: number }>;
}

/** Descriptive fields a figure may lack: null in the JSON rather than absent, so every row has every key. */
type NullableField = 'qualifier' | 'counted' | 'whose' | 'outcome' | 'attribution' | 'scope' | 'claimedOn';

/** One figure: a comparison row (see ComparisonRow for what its fields mean), under the contract's names. */
export type FigureJson = Pick<
  ComparisonRow,
  | 'title'
  | 'publisher'
  | 'paragraph'
  | 'written'
  | 'value'
  | 'low'
  | 'high'
  | 'quote'
  | 'projection'
  | 'measure'
  | 'vague'
> & {
  /** The row's `sourceId`. */
  source: string;
  /** The row's `unitLabel`: "North Korean soldiers", "USD per year", "%". */
  unit: string;
  /** "total", or what the row's `rate` is per: "day", "month", "soldier". */
  rate: string;
  /** The row's `whose`, under the name the contract uses for it. */
  party: string | null;
  /** The row's `attribution`, under the name the contract uses for it. */
  claimant: string | null;
} & Record<NullableField, string | null>;

export function comparisonToJson(comparison: Comparison, timeline?: readonly TimelineEntry[]): ComparisonJson {
  const rows = [...comparison.estimates, ...comparison.projections].flatMap((group) => group.rows);
  const indexOf = new Map(rows.map((row, index) => [row, index]));
  return {
    topic: comparison.topic.name,
    description: comparison.topic.description,
    figures: rows.map(rowToJson),
    summary: comparison.summary,
    ...(timeline
      ? {
          timeline: timeline.map((entry) => ({
            claimedOn: entry.claimedOn ?? null,
            dateFrom: entry.dateFrom,
            figure: indexOf.get(entry.row)!,
          })),
        }
      : {}),
  };
}

function rowToJson(row: ComparisonRow): FigureJson {
  return {
    source: row.sourceId,
    title: row.title,
    ...(row.publisher ? { publisher: row.publisher } : {}),
    paragraph: row.paragraph,
    written: row.written,
    value: row.value,
    low: row.low,
    high: row.high,
    unit: row.unitLabel,
    qualifier: row.qualifier ?? null,
    counted: row.counted ?? null,
    whose: row.whose ?? null,
    outcome: row.outcome ?? null,
    quote: row.quote,
    attribution: row.attribution ?? null,
    projection: row.projection,
    measure: row.measure,
    rate: row.rate ?? 'total',
    scope: row.scope ?? null,
    party: row.whose ?? null,
    claimant: row.attribution ?? null,
    claimedOn: row.claimedOn ?? null,
    vague: row.vague,
  };
}
