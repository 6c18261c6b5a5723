import type { APIApplicationCommandOptionChoice, APIEmbed, APIEmbedField } from 'discord.js';
import type { Comparison, ComparisonRow, SourceRows, Topic } from '../../figures/index.js';
import { formatNumber } from '../shared/formatNumber.js';
import { discordLimits, escapeUserText, fitLines, fitText } from './text.js';

/** Room kept for the title, footer and Discord's rounding, out of the 6,000 per message. */
const reservedForFrame = 400;
const summaryBudget = 1500;

/**
 * /compare: the summary (range, agreement, who stands apart) in the description, one field per
 * source with its figures and their paragraphs, projections apart, and the chart as the image
 * when one is attached under `chartFile`.
 */
export function renderComparison(comparison: Comparison, chartFile?: string): { embeds: APIEmbed[] } {
  const names = sourceNames(comparison);
  const description = fitText(summaryLines(comparison, names).join('\n'), summaryBudget);
  const groups = [
    ...comparison.estimates.map((source) => ({ source, projection: false })),
    ...comparison.projections.map((source) => ({ source, projection: true })),
  ];
  const shown = groups.slice(0, discordLimits.fields);
  // Share what the summary leaves of the 6,000 among the fields, so the total always fits.
  const perField = Math.floor(
    (discordLimits.embedsTotal - reservedForFrame - description.length) / Math.max(1, shown.length),
  );
  // Title (≤ 256) and footer stay inside `reservedForFrame`, so the message never passes 6,000.
  const fields: APIEmbedField[] = shown.map(({ source, projection }, index) => {
    const name = fitText(
      `${projection ? 'Projection · ' : ''}${source.title}`,
      Math.min(discordLimits.fieldName, 120),
      (kept, mark) => escapeUserText(kept) + mark + (source.publisher ? ` — ${escapeUserText(source.publisher)}` : ''),
    );
    const hidden = index === shown.length - 1 ? groups.length - shown.length : 0;
    const lines = [
      ...source.rows.map(rowLine),
      ...(hidden ? [`…and ${hidden} more sources (see npm run compare)`] : []),
    ];
    return { name, value: fitLines(lines, Math.min(discordLimits.fieldValue, perField - name.length)) };
  });
  const embed: APIEmbed = {
    title: fitText(
      `Compare: ${comparison.topic.name} — ${comparison.topic.description}`,
      discordLimits.embedTitle,
      (kept, mark) => escapeUserText(kept) + mark,
    ),
    description,
    fields,
    color: 0x2b7bb9,
    footer: {
      text: 'Each figure as the source writes it, with its paragraph (¶). Projections are never mixed into the range.',
    },
    ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}),
  };
  return { embeds: [embed] };
}

function summaryLines(comparison: Comparison, names: Map<string, string>): string[] {
  const { summary } = comparison;
  if (summary.figureCount === 0)
    return [`The sources give no figures on ${escapeUserText(comparison.topic.description)}.`];
  // The unit label already carries the rate ("USD per soldier").
  const unit = escapeUserText(summary.basis.unitLabel);
  const who = (ids: readonly string[]) => ids.map((id) => names.get(id) ?? escapeUserText(id)).join(', ');
  const lines = [
    `${summary.figureCount} figure${summary.figureCount === 1 ? '' : 's'} from ${summary.sourceCount} source${summary.sourceCount === 1 ? '' : 's'}.`,
  ];
  if (summary.range) {
    const { low, high, lowSources, highSources } = summary.range;
    lines.push(
      low === high
        ? `The comparable estimates all say **${formatNumber(low)}** ${unit}.`
        : `Estimates range from **${formatNumber(low)}** (${who(lowSources)}) to **${formatNumber(high)}** (${who(highSources)}) ${unit}.`,
    );
  }
  if (summary.agreement) {
    const { low, high, sourceCount } = summary.agreement;
    lines.push(
      `Most sources (${sourceCount}) agree on **${low === high ? formatNumber(low) : `${formatNumber(low)}–${formatNumber(high)}`}**.`,
    );
  }
  for (const apart of summary.standsApart) {
    lines.push(
      `${names.get(apart.sourceId) ?? escapeUserText(apart.title)} stands apart, ${apart.side}: ${apart.values.map(formatNumber).join(', ')}.`,
    );
  }
  const { projections } = summary;
  if (projections.figureCount && projections.low !== undefined && projections.high !== undefined) {
    const span =
      projections.low === projections.high
        ? formatNumber(projections.low)
        : `${formatNumber(projections.low)}–${formatNumber(projections.high)}`;
    lines.push(`Projections (${projections.figureCount}), kept apart: ${span}.`);
  }
  return lines;
}

/** "• **up to 10,000** troops, according to Zelensky (¶ 9)" */
function rowLine(row: ComparisonRow): string {
  const attribution = row.attribution ? `, according to ${escapeUserText(row.attribution)}` : '';
  return `• **${escapeUserText(row.written)}** ${escapeUserText(row.unitLabel)}${attribution} (¶ ${row.paragraph})`;
}

/** The short name a reader knows a source by: its publisher, else its title. */
function sourceNames(comparison: Comparison): Map<string, string> {
  const all: SourceRows[] = [...comparison.estimates, ...comparison.projections];
  return new Map(all.map((source) => [source.sourceId, escapeUserText(source.publisher ?? fitText(source.title, 60))]));
}

/** Autocomplete for /compare's `topic`: topics whose name or description contain what was typed. */
export function topicChoices(topics: readonly Topic[], typed: string): APIApplicationCommandOptionChoice<string>[] {
  const needle = typed.trim().toLowerCase();
  return topics
    .filter((topic) => !needle || topic.name.includes(needle) || topic.description.toLowerCase().includes(needle))
    .slice(0, discordLimits.choices)
    .map((topic) => ({
      name: fitText(`${topic.name} — ${topic.description}`, discordLimits.choiceName),
      value: topic.name,
    }));
}
