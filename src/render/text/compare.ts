import {
  measureLabels,
  type Comparison,
  type ComparisonRow,
  type SourceRows,
  type TimelineEntry,
  type Topic,
} from '../../figures/index.js';
import { summaryLines } from '../shared/compareSummary.js';
import { formatNumber } from '../shared/formatNumber.js';

export interface TextStyle {
  /** Wraps the figure inside its quote (e.g. bold on a terminal); plain text uses »…«. */
  mark(text: string): string;
  dim(text: string): string;
}

export const plainStyle: TextStyle = { mark: (text) => `»${text}«`, dim: (text) => text };
export const terminalStyle: TextStyle = {
  mark: (text) => `\x1b[1m${text}\x1b[22m`,
  dim: (text) => `\x1b[2m${text}\x1b[22m`,
};

/** A comparison for a terminal: per source, one line per figure and its quote; projections apart; a summary. */
export function renderComparisonText(comparison: Comparison, style: TextStyle = plainStyle): string {
  const { topic, summary } = comparison;
  const lines = [
    `${topic.name}: ${topic.description}`,
    style.dim(
      `${summary.figureCount} figure${summary.figureCount === 1 ? '' : 's'} from ${summary.sourceCount} source${summary.sourceCount === 1 ? '' : 's'}`,
    ),
    '',
  ];
  if (summary.figureCount === 0) return [...lines, 'No figures on this topic in the sources.'].join('\n') + '\n';
  lines.push(...groupsText('Estimates', comparison.estimates, style));
  if (comparison.projections.length)
    lines.push(...groupsText('Projections (forecasts, not counts)', comparison.projections, style));
  lines.push('Summary', ...summaryLines(comparison).map((line) => `  ${line}`));
  return lines.join('\n') + '\n';
}

function groupsText(heading: string, groups: readonly SourceRows[], style: TextStyle): string[] {
  const lines = [heading];
  for (const group of groups) {
    lines.push(`  ${group.publisher ? `${group.publisher}: ` : ''}${group.title}`);
    for (const row of group.rows) {
      const details = [
        measureLabels[row.measure],
        row.counted,
        row.whose && `whose: ${row.whose}`,
        row.scope,
        row.claimedOn && `claimed ${row.claimedOn}`,
        row.attribution && `per ${row.attribution}`,
        row.vague && 'vague, not on the scale',
      ]
        .filter(Boolean)
        .join(' · ');
      lines.push(`    ${valueText(row).padEnd(22)} ${details}`);
      const quote = `${row.quote.slice(0, row.mark.start)}${style.mark(row.quote.slice(row.mark.start, row.mark.end))}${row.quote.slice(row.mark.end)}`;
      lines.push(`      > ${quote} ${style.dim(`[${row.sourceId} ¶${row.paragraph}]`)}`);
    }
  }
  lines.push('');
  return lines;
}

/**
 * One measure's claims in date order, for `npm run compare -- troops --timeline`: date, figure,
 * who claims it and the citation; projections and vague amounts marked.
 */
export function renderTimelineText(
  comparison: Comparison,
  timeline: readonly TimelineEntry[],
  style: TextStyle = plainStyle,
): string {
  const measure = timeline[0]?.row.measure;
  const lines = [
    `${comparison.topic.name}: ${measure ? measureLabels[measure] : 'no figures'} over time`,
    style.dim(
      `${timeline.length} claim${timeline.length === 1 ? '' : 's'}, oldest first (a date in the sentence wins over the source's)`,
    ),
    '',
  ];
  for (const { claimedOn, dateFrom, row } of timeline) {
    const date = (claimedOn ?? 'undated').padEnd(10);
    const marks = [row.projection && 'projection', row.vague && 'vague', dateFrom === 'sentence' && `“${row.when}”`]
      .filter(Boolean)
      .join(', ');
    lines.push(
      `  ${date}  ${valueText(row).padEnd(22)} ${row.unitLabel}${row.attribution ? ` · per ${row.attribution}` : ''}${marks ? ` (${marks})` : ''} ${style.dim(`[${row.publisher ?? row.title} ¶${row.paragraph}]`)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** "up to 10,000", "3,000–10,000", "$572 million / year". */
export function valueText(row: ComparisonRow): string {
  if (row.vague) return `“${row.written}”`;
  const number = row.value !== null ? formatNumber(row.value) : `${formatNumber(row.low!)}–${formatNumber(row.high!)}`;
  const money =
    row.unit === 'currency'
      ? `${row.currency === 'USD' ? '$' : (row.currency ?? '') + ' '}${number}`
      : row.unit === 'percent'
        ? `${number}%`
        : number;
  return `${row.qualifier ? row.qualifier + ' ' : ''}${money}${row.rate ? ' / ' + row.rate : ''}`;
}

/** The topics for `--list` and for an unknown topic's message. */
export function renderTopicList(topics: readonly Topic[]): string {
  if (topics.length === 0) return 'No topics: add them to config/topics.json (see docs/compare.md).\n';
  const width = Math.max(...topics.map((topic) => topic.name.length));
  return topics.map((topic) => `${topic.name.padEnd(width)}  ${topic.description}`).join('\n') + '\n';
}
