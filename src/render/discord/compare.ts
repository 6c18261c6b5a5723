import type { APIApplicationCommandOptionChoice, APIEmbed, APIEmbedField } from 'discord.js';
import type { Comparison, ComparisonRow, Topic } from '../../figures/index.js';
import { summaryLines, type SummaryMarkup } from '../shared/compareSummary.js';
import { discordLimits, embedColors } from './constants.js';
import { escapeUserText, fitLines, fitText } from './text.js';

/** Room kept for the title, footer and Discord's rounding, out of the 6,000 per message. */
const reservedForFrame = 400;
const summaryBudget = 1500;

/**
 * /compare: the summary (range, agreement, who stands apart) in the description, one field per
 * source with its figures and their paragraphs, projections apart, and the chart as the image
 * when one is attached under `chartFile`.
 */
export function renderComparison(comparison: Comparison, chartFile?: string): { embeds: APIEmbed[] } {
  const description = fitText(summaryText(comparison).join('\n'), summaryBudget);
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
    color: embedColors.info,
    footer: {
      text: 'Each figure as the source writes it, with its paragraph (¶). Projections are never mixed into the range.',
    },
    ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}),
  };
  return { embeds: [embed] };
}

/** The counts, then the summary every renderer shows; or, when there is nothing to compare, that plainly. */
function summaryText(comparison: Comparison): string[] {
  const { summary } = comparison;
  if (summary.figureCount === 0)
    return [`The sources give no figures on ${escapeUserText(comparison.topic.description)}.`];
  return [
    `${summary.figureCount} figure${summary.figureCount === 1 ? '' : 's'} from ${summary.sourceCount} source${summary.sourceCount === 1 ? '' : 's'}.`,
    ...summaryLines(comparison, discordMarkup),
  ];
}

/** "• **up to 10,000** troops, according to Zelensky (¶ 9)" */
function rowLine(row: ComparisonRow): string {
  const attribution = row.attribution ? `, according to ${escapeUserText(row.attribution)}` : '';
  return `• **${escapeUserText(row.written)}** ${escapeUserText(row.unitLabel)}${attribution} (¶ ${row.paragraph})`;
}

const discordMarkup: SummaryMarkup = {
  strong: (text) => `**${text}**`,
  quoted: escapeUserText,
  sourceName: (source) => escapeUserText(source.publisher ?? fitText(source.title, 60)),
};

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
