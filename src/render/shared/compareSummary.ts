import type { Comparison, SourceRows, SummaryGroup } from '../../figures/index.js';
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

/** "killed or wounded, per day (Russian soldiers)", "deployed or sent (North Korean soldiers)". */
export function groupTitle(group: SummaryGroup): string {
  const perRate =
    group.rate === 'total' || group.measureLabel.endsWith(`per ${group.rate}`) ? '' : `, per ${group.rate}`;
  return `${group.measureLabel}${perRate}`;
}

/**
 * The summary of a comparison as sentences, one block per quantity (measure, rate and unit): its
 * range, where most sources agree, who stands apart, claims several sources repeat, vague amounts;
 * projections apart. The one wording every renderer shows (terminal, Discord); each frames it and
 * marks it up its own way. At most `maxGroups` quantities are described; the rest are counted.
 */
export function summaryLines(
  comparison: Comparison,
  markup: SummaryMarkup = plainMarkup,
  maxGroups = Number.POSITIVE_INFINITY,
): string[] {
  const { summary } = comparison;
  const { strong, quoted } = markup;
  const nameOf = markup.sourceName ?? ((source: SourceRows) => quoted(source.publisher ?? source.title));
  const names = new Map(
    [...comparison.estimates, ...comparison.projections].map((source) => [source.sourceId, nameOf(source)]),
  );
  const who = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? quoted(id)).join(', ');
  const band = (low: number, high: number) =>
    low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`;
  const lines: string[] = [];
  const shown = summary.groups.slice(0, maxGroups);
  for (const group of shown) {
    const unit = quoted(group.unitLabel);
    const title = `${group.projection ? 'Projection · ' : ''}${groupTitle(group)}`;
    const { range, agreement } = group;
    const total = group.sourceCount;
    if (group.projection) {
      lines.push(
        `${title} (kept apart): ${group.claims.map((claim) => `${strong(band(claim.low, claim.high))} (${who(claim.reporters)})`).join('; ') || 'no exact figure'} ${unit}.`,
      );
    } else if (range) {
      lines.push(
        group.claims.length === 1 && group.sourceCount === 1
          ? `${title}: ${strong(band(range.low, range.high))} ${unit} (${who(range.lowSources)}), the only figure.`
          : range.low === range.high
            ? `${title}: all say ${strong(formatNumber(range.low))} ${unit} (${who(range.lowSources)}).`
            : `${title}: from ${strong(formatNumber(range.low))} (${who(range.lowSources)}) to ${strong(formatNumber(range.high))} (${who(range.highSources)}) ${unit}.`,
      );
      if (agreement)
        lines.push(
          `  Most sources agree on ${strong(band(agreement.low, agreement.high))}: ${agreement.sourceCount} of ${total} sources.`,
        );
      for (const apart of group.standsApart) {
        const values = apart.values.map(formatNumber).join(', ');
        lines.push(
          `  Stands apart: ${names.get(apart.sourceId) ?? quoted(apart.title)} gives the ${apart.side === 'below' ? 'lowest' : 'highest'} figure, ${values}, outside the common band.`,
        );
      }
      for (const claim of group.claims.filter((candidate) => candidate.reporters.length > 1))
        lines.push(
          `  One claim, ${strong(band(claim.low, claim.high))}${claim.claimant ? ` (${quoted(claim.claimant)})` : ''}, reported by ${who(claim.reporters)}.`,
        );
    } else {
      lines.push(`${title}: no exact figure.`);
    }
    if (group.vague.length)
      lines.push(
        `  Without a number (not on the scale): ${group.vague.map((amount) => `“${quoted(amount.written)}” (${who([amount.sourceId])})`).join(', ')}.`,
      );
  }
  const hidden = summary.groups.slice(shown.length);
  if (hidden.length)
    lines.push(
      `${hidden.length} more quantit${hidden.length === 1 ? 'y' : 'ies'} (${hidden.reduce((sum, group) => sum + group.figureCount, 0)} figures) not summarised here.`,
    );
  return lines;
}
