import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { FeedbackDatabaseProblem } from '../../feedback/database.js';
import { CONFIDENCE_BUCKET_BOUNDS, type ConfidenceBucket, type Insights } from '../../feedback/store.js';
import { discordLimits, embedColors } from './constants.js';
import { escapeUserText, fitLines, fitText } from './text.js';

/**
 * Budgets that keep the insights embed inside Discord's limits whatever the data: five fields of at most
 * `field` characters (5 × 1,000) plus title, description, names and footer (under 500) stay below the 6,000 of a
 * message; one question or reason line is cut at `line` so one long question cannot push the others out.
 */
export const insightsBudgets = { field: 1_000, line: 120, sourceTitle: 60 } as const;

const none = 'None in this period.';

const bucketLabels: Record<ConfidenceBucket, string> = {
  low: `Low (< ${CONFIDENCE_BUCKET_BOUNDS.medium})`,
  medium: `Medium (${CONFIDENCE_BUCKET_BOUNDS.medium}–${CONFIDENCE_BUCKET_BOUNDS.high})`,
  high: `High (≥ ${CONFIDENCE_BUCKET_BOUNDS.high})`,
  unknown: 'No confidence given',
};

/** Why the feedback database is not open, in words a moderator can act on (the log has the file and the error). */
export const problemText: Record<FeedbackDatabaseProblem | 'unknown', string> = {
  corrupt: 'the feedback database file is damaged or not a database (move it aside to start a new one)',
  'newer-schema': 'the feedback database was written by a newer sourcedesk (update the bot)',
  unopenable: 'the feedback database could not be created or opened (check that `DATA_DIR` is a writable folder)',
  unknown: 'the feedback database is not open',
};

export interface InsightsRenderOptions {
  /** An article's title by source id, shown instead of the bare id. */
  title?: (sourceId: string) => string | undefined;
}

/** The moderators' insights: declined and down-voted questions, articles cited most and never, confidence. */
export function renderInsights(insights: Insights, options: InsightsRenderOptions = {}): { embeds: APIEmbed[] } {
  const { totals } = insights;
  const source = (id: string) => {
    const title = options.title?.(id);
    const name = title ? `${fitText(title, insightsBudgets.sourceTitle)} (${id})` : id;
    return escapeUserText(name);
  };
  const field = (name: string, lines: string[]) => ({
    name,
    value: lines.length ? fitLines(lines, insightsBudgets.field) : none,
  });
  const fields = [
    field(
      'Most frequent declined questions',
      insights.declined.map((row) => `${row.count}× ${quote(row.question)}`),
    ),
    field(
      'Most down-voted questions',
      insights.downVoted.flatMap((row) => [
        `${row.down} 👎 ${row.up} 👍 ${quote(row.question)}`,
        ...row.reasons.map((reason) => `  ↳ ${quote(reason)}`),
      ]),
    ),
    field(
      'Articles cited most',
      insights.citedMost.map((row) => `${row.answers}× ${source(row.sourceId)} · ${row.up} 👍 ${row.down} 👎`),
    ),
    ...(insights.neverCited === null
      ? []
      : [
          field(
            'Articles never cited',
            insights.neverCited.map((id) => `• ${source(id)}`),
          ),
        ]),
    field(
      'Answers by confidence',
      insights.byConfidence.map(
        (row) => `${bucketLabels[row.bucket]}: ${count(row.answers, 'answer')}, ${row.up} 👍 ${row.down} 👎`,
      ),
    ),
  ];
  return {
    embeds: [
      {
        title: `Feedback insights · last ${insights.days} days`,
        description:
          `${count(totals.votes, 'vote')} (${totals.up} 👍, ${totals.down} 👎) on ${count(totals.answersVotedOn, 'answer')}; ` +
          `${count(totals.declined, 'declined question')}.\n` +
          `<t:${seconds(insights.since)}:d> – <t:${seconds(insights.until)}:d>`,
        color: embedColors.info,
        fields,
        footer: { text: 'Citations and confidence count the answers someone voted on. Members are never shown.' },
      },
    ],
  };
}

export function renderInsightsUnavailable(problem: FeedbackDatabaseProblem | undefined): string {
  return `Insights are unavailable: ${problemText[problem ?? 'unknown']}. Answers still work, without votes.`;
}

/** Asks before deleting: the declined log cannot be brought back. */
export function renderClearConfirmation(
  declined: number,
  ids: { confirm: string; cancel: string },
): { content: string; components: Array<APIActionRowComponent<APIButtonComponent>> } {
  return {
    content: `Clear this server’s log of declined questions (${count(declined, 'question')})? This cannot be undone.`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: 'Clear the log', custom_id: ids.confirm },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: ids.cancel },
        ],
      },
    ],
  };
}

export function renderCleared(cleared: number): string {
  return `Cleared ${count(cleared, 'declined question')} from this server’s log.`;
}

/** A question or reason on one line, inert, cut to the line budget. */
function quote(text: string): string {
  return fitText(
    text.replace(/\s+/g, ' ').trim(),
    Math.min(insightsBudgets.line, discordLimits.fieldValue),
    (kept, mark) => `“${escapeUserText(kept)}${mark}”`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(ms: number): number {
  return Math.floor(ms / 1000);
}
