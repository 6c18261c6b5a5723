import type { APIApplicationCommandOptionChoice, APIEmbed, APIEmbedField } from 'discord.js';
import type { Comparison, ComparisonRow, TimelineEntry, Topic } from '../../figures/index.js';
import { summaryLines, type SummaryMarkup } from '../shared/compareSummary.js';
import { discordLimits, embedColors } from './constants.js';
import { escapeUserText, fitText } from './text.js';

/** Room kept for the title, footer and Discord's rounding, out of the 6,000 per message. */
const reservedForFrame = 400;
const summaryBudget = 1500;
/** Quantities the description summarises; the rest are counted ("3 more quantities"). */
const summaryGroups = 6;
/** Room kept in the description for the line saying what is left out. */
const omissionBudget = 200;

export interface CompareReplyOptions {
  /** The chart's attachment name, when one is attached. */
  chartFile?: string;
  /** The full table's attachment name, when one is attached. */
  tableFile?: string;
  /** Show one measure's claims in date order instead of the sources side by side. */
  timeline?: readonly TimelineEntry[];
}

/** What the embed leaves out, exactly: sources none of whose figures it shows, and figures it does not show. */
export interface EmbedOmission {
  sources: number;
  figures: number;
}

/**
 * /compare: the summary (per quantity: range, agreement, who stands apart) in the description,
 * one field per source with its figures and their paragraphs, projections apart, or with
 * `timeline` the claims in date order; then exactly how many sources and figures it leaves out,
 * and where the whole table is (the attached file). The chart is the image when one is attached.
 */
export function renderComparison(
  comparison: Comparison,
  options: CompareReplyOptions | string = {},
): { embeds: APIEmbed[]; omitted: EmbedOmission } {
  const { chartFile, tableFile, timeline } = typeof options === 'string' ? { chartFile: options } : options;
  const summary = fitText(summaryText(comparison).join('\n'), summaryBudget);
  const allRows = [...comparison.estimates, ...comparison.projections].flatMap((source) => source.rows);
  const shownRows = new Set<ComparisonRow>();
  let fields: APIEmbedField[] = [];
  let description = summary;
  if (timeline) {
    const lines: string[] = [];
    let length = summary.length + omissionBudget + 40;
    for (const entry of timeline) {
      const line = timelineLine(entry);
      if (
        length + line.length + 1 > discordLimits.embedDescription ||
        length + line.length > discordLimits.embedsTotal - reservedForFrame
      )
        break;
      lines.push(line);
      shownRows.add(entry.row);
      length += line.length + 1;
    }
    description = [summary, '', '**Over time**', ...lines].join('\n');
  } else {
    const groups = [
      ...comparison.estimates.map((source) => ({ source, projection: false })),
      ...comparison.projections.map((source) => ({ source, projection: true })),
    ];
    let room = discordLimits.embedsTotal - reservedForFrame - description.length - omissionBudget;
    for (const { source, projection } of groups) {
      if (fields.length === discordLimits.fields) break;
      const name = fitText(
        `${projection ? 'Projection · ' : ''}${source.title}`,
        Math.min(discordLimits.fieldName, 120),
        (kept, mark) =>
          escapeUserText(kept) + mark + (source.publisher ? ` — ${escapeUserText(source.publisher)}` : ''),
      );
      const max = Math.min(discordLimits.fieldValue, room - name.length);
      // Whole lines only, so what is left out can be counted exactly.
      const lines: string[] = [];
      let length = 0;
      for (const row of source.rows) {
        const line = rowLine(row);
        if (length + line.length + 1 > max) break;
        lines.push(line);
        shownRows.add(row);
        length += line.length + 1;
      }
      if (lines.length === 0) break;
      fields.push({ name, value: lines.join('\n') });
      room -= name.length + length;
    }
  }
  const shownSources = new Set([...shownRows].map((row) => row.sourceId));
  const omitted = {
    figures: allRows.filter((row) => !shownRows.has(row)).length,
    sources: new Set(allRows.filter((row) => !shownSources.has(row.sourceId)).map((row) => row.sourceId)).size,
  };
  if (omitted.figures > 0) description += `\n\n${omissionLine(omitted, tableFile)}`;
  if (fields.length === 0) fields = [];
  const embed: APIEmbed = {
    title: fitText(
      `Compare: ${comparison.topic.name} — ${comparison.topic.description}`,
      discordLimits.embedTitle,
      (kept, mark) => escapeUserText(kept) + mark,
    ),
    description,
    ...(fields.length ? { fields } : {}),
    color: embedColors.info,
    footer: {
      text: 'Each figure as the source writes it, with its paragraph (¶). Ranges are drawn within one measure, rate and unit; projections are never mixed in.',
    },
    ...(chartFile ? { image: { url: `attachment://${chartFile}` } } : {}),
  };
  return { embeds: [embed], omitted };
}

/** "Not shown here: 12 more sources and 31 figures — the whole table is attached (compare-troops.csv)." */
export function omissionLine(omitted: EmbedOmission, tableFile?: string): string {
  const sources = `${omitted.sources} source${omitted.sources === 1 ? '' : 's'}`;
  const figures = `${omitted.figures} figure${omitted.figures === 1 ? '' : 's'}`;
  return `**Not shown here: ${sources} and ${figures}**${tableFile ? ` — the whole table is attached (${tableFile}).` : ' (npm run compare has the whole table).'}`;
}

/** The counts, then the summary every renderer shows; or, when there is nothing to compare, that plainly. */
function summaryText(comparison: Comparison): string[] {
  const { summary } = comparison;
  if (summary.figureCount === 0)
    return [`The sources give no figures on ${escapeUserText(comparison.topic.description)}.`];
  return [
    `${summary.figureCount} figure${summary.figureCount === 1 ? '' : 's'} from ${summary.sourceCount} source${summary.sourceCount === 1 ? '' : 's'}.`,
    ...summaryLines(comparison, discordMarkup, summaryGroups),
  ];
}

/** "• **up to 10,000** troops, according to Zelensky (¶ 9)" */
function rowLine(row: ComparisonRow): string {
  const attribution = row.attribution ? `, according to ${escapeUserText(row.attribution)}` : '';
  const vague = row.vague ? ' (vague)' : '';
  return `• **${escapeUserText(row.written)}** ${escapeUserText(row.unitLabel)}${vague}${attribution} (¶ ${row.paragraph})`;
}

/** "`2024-10-23` **at least 3,000** North Korean soldiers — John Kirby (White House ¶2)" */
function timelineLine({ claimedOn, row }: TimelineEntry): string {
  const who = row.attribution ? ` — ${escapeUserText(row.attribution)}` : '';
  const marks = `${row.projection ? ' (projection)' : ''}${row.vague ? ' (vague)' : ''}`;
  return `\`${claimedOn ?? 'undated'}\` **${escapeUserText(row.written)}** ${escapeUserText(row.unitLabel)}${marks}${who} (${escapeUserText(fitText(row.publisher ?? row.title, 40))} ¶ ${row.paragraph})`;
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
