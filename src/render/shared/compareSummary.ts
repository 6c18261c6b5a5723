import type { Comparison, SourceRows } from '../../figures/index.js';
import { formatNumber } from './formatNumber.js';

/** How a renderer marks up the summary's sentences: the only thing that differs between renderers. */
export interface SummaryMarkup {
  /** The figures the summary is about (bold in Discord). */
  strong: (text: string) => string;
  /** Text taken from the sources, such as a title (escaped in Discord). */
  quoted: (text: string) => string;
  /** The short name a reader knows a source by; by default its publisher, else its title. */
  sourceName?: (source: SourceRows) => string;
}

export const plainMarkup: SummaryMarkup = { strong: (text) => text, quoted: (text) => text };

/**
 * The summary of a comparison as sentences: the range, where most sources agree, who stands apart,
 * what was left out of it and the projections. The one wording every renderer shows (terminal,
 * Discord); each frames it and marks it up its own way.
 */
export function summaryLines(comparison: Comparison, markup: SummaryMarkup = plainMarkup): string[] {
  const { summary } = comparison;
  const { strong, quoted } = markup;
  const nameOf = markup.sourceName ?? ((source: SourceRows) => quoted(source.publisher ?? source.title));
  const names = new Map(
    [...comparison.estimates, ...comparison.projections].map((source) => [source.sourceId, nameOf(source)]),
  );
  const who = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? quoted(id)).join(', ');
  const band = (low: number, high: number) =>
    low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`;
  // The unit label already carries the rate ("USD per soldier").
  const unit = quoted(summary.basis.unitLabel);
  const lines: string[] = [];
  const { range, agreement, basis, projections } = summary;
  if (range) {
    lines.push(
      range.low === range.high
        ? `The comparable estimates all say ${strong(formatNumber(range.low))} ${unit} (${who(range.lowSources)}).`
        : `Estimates range from ${strong(formatNumber(range.low))} (${who(range.lowSources)}) to ${strong(formatNumber(range.high))} (${who(range.highSources)}) ${unit}.`,
    );
  }
  if (agreement) {
    const total = new Set(comparison.estimates.map((source) => source.sourceId)).size;
    lines.push(
      `Most sources agree on ${strong(band(agreement.low, agreement.high))}: ${agreement.sourceCount} of ${total} sources.`,
    );
  }
  for (const apart of summary.standsApart) {
    const values = apart.values.map(formatNumber).join(', ');
    lines.push(
      `Stands apart: ${names.get(apart.sourceId) ?? quoted(apart.title)} gives the ${apart.side === 'below' ? 'lowest' : 'highest'} figure, ${values}, outside the common band.`,
    );
  }
  const others = summary.figureCount - projections.figureCount - basis.figureCount;
  if (others > 0)
    lines.push(
      `${others} figure${others === 1 ? '' : 's'} in other units or rates shown above but not in this summary.`,
    );
  if (projections.figureCount > 0 && projections.low !== undefined && projections.high !== undefined)
    lines.push(`Projections (${projections.figureCount}), kept apart: ${band(projections.low, projections.high)}.`);
  return lines;
}
