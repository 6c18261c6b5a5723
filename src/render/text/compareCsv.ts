import type { Comparison } from '../../figures/index.js';

/** The columns of the whole table, as attached to a Discord reply and written by nothing else. */
const columns = [
  'source',
  'publisher',
  'title',
  'paragraph',
  'written',
  'value',
  'low',
  'high',
  'unit',
  'measure',
  'rate',
  'scope',
  'party',
  'claimant',
  'claimedOn',
  'qualifier',
  'projection',
  'vague',
  'quote',
] as const;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every figure of a comparison, estimates then projections, one CSV line each: the table no message can hold. */
export function renderComparisonCsv(comparison: Comparison): string {
  const rows = [...comparison.estimates, ...comparison.projections].flatMap((source) => source.rows);
  const lines = rows.map((row) =>
    [
      row.sourceId,
      row.publisher,
      row.title,
      row.paragraph,
      row.written,
      row.value,
      row.low,
      row.high,
      row.unitLabel,
      row.measure,
      row.rate ?? 'total',
      row.scope,
      row.whose,
      row.attribution,
      row.claimedOn,
      row.qualifier,
      row.projection,
      row.vague,
      row.quote,
    ]
      .map(field)
      .join(','),
  );
  return [columns.join(','), ...lines].join('\r\n') + '\r\n';
}
