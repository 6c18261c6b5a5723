import type { Comparison, ComparisonRow } from '../../figures/index.js';

/**
 * The CLI's JSON contract for a comparison (`npm run compare -- <topic> --json`): every figure as a
 * flat row (estimates, then projections, each grouped by source) and the summary as computed.
 */
export interface ComparisonJson {
  topic: string;
  description: string;
  figures: FigureJson[];
  summary: Comparison['summary'];
}

/** Descriptive fields a figure may lack: null in the JSON rather than absent, so every row has every key. */
type NullableField = 'qualifier' | 'counted' | 'whose' | 'outcome' | 'attribution';

/** One figure: a comparison row (see ComparisonRow for what its fields mean), under the contract's names. */
export type FigureJson = Pick<
  ComparisonRow,
  'title' | 'publisher' | 'paragraph' | 'written' | 'value' | 'low' | 'high' | 'quote' | 'projection'
> & {
  /** The row's `sourceId`. */
  source: string;
  /** The row's `unitLabel`: "North Korean soldiers", "USD per year", "%". */
  unit: string;
} & Record<NullableField, string | null>;

export function comparisonToJson(comparison: Comparison): ComparisonJson {
  const rows = [...comparison.estimates, ...comparison.projections].flatMap((group) => group.rows);
  return {
    topic: comparison.topic.name,
    description: comparison.topic.description,
    figures: rows.map(rowToJson),
    summary: comparison.summary,
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
  };
}
