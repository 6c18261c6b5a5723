import type { Comparison, ComparisonRow, TimelineEntry } from '../../figures/index.js';

/**
 * The CLI's JSON contract for a comparison (`npm run compare -- <topic> --json`): every figure as a
 * flat row (estimates, then projections, each grouped by source) and the summary as computed.
 */
export interface ComparisonJson {
  topic: string;
  description: string;
  figures: Array<{
    source: string;
    title: string;
    publisher?: string;
    paragraph: number;
    /** The figure as written, hedge included ("up to 10,000"). */
    written: string;
    /** Normalized value; null for a range. */
    value: number | null;
    /** Ends of a range; null for a single value. */
    low: number | null;
    high: number | null;
    /** "North Korean soldiers", "USD per year", "%". */
    unit: string;
    qualifier: string | null;
    counted: string | null;
    whose: string | null;
    outcome: string | null;
    /** The sentence holding the figure. */
    quote: string;
    attribution: string | null;
    projection: boolean;
    /** What it measures: "deployed", "killed-or-wounded", "reserves", "revenue"… (docs/compare.md). */
    measure: string;
    /** "total", or what it is per: "day", "month", "soldier". */
    rate: string;
    /** "in Kursk", "since the invasion"; null when the sentence gives none. */
    scope: string | null;
    /** Whose the figure is ("Russian"); the same as `whose`, under the name the contract uses. */
    party: string | null;
    /** Who claims it; the same as `attribution`. */
    claimant: string | null;
    /** ISO date it was claimed: a date the sentence gives, resolved against the source's, else the source's; null if neither. */
    claimedOn: string | null;
    /** A vague amount ("tens of thousands"): low/high are what the words allow; never in a range. */
    vague: boolean;
  }>;
  summary: Comparison['summary'];
  /** With --timeline: one measure's claims oldest first, as indexes into `figures`. */
  timeline?: Array<{ claimedOn: string | null; dateFrom: TimelineEntry['dateFrom']; figure: number }>;
}

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

function rowToJson(row: ComparisonRow): ComparisonJson['figures'][number] {
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
