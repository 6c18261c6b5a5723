import type { Comparison, ComparisonRow } from '../../figures/index.js';

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
  }>;
  summary: Comparison['summary'];
}

export function comparisonToJson(comparison: Comparison): ComparisonJson {
  const rows = [...comparison.estimates, ...comparison.projections].flatMap((group) => group.rows);
  return {
    topic: comparison.topic.name,
    description: comparison.topic.description,
    figures: rows.map(rowToJson),
    summary: comparison.summary,
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
  };
}
