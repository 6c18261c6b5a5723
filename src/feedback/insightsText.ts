import { CONFIDENCE_BUCKET_BOUNDS, type ConfidenceBucket, type Insights } from './store.js';

/** Longest question shown on one line of the terminal report; the full text is in `--json`. */
export const QUESTION_DISPLAY_CHARS = 100;

export interface InsightsTextOptions {
  /** Source titles by id, to show "Title (id)" instead of a bare id. */
  titles?: ReadonlyMap<string, string>;
}

const bucketLabels: Record<ConfidenceBucket, string> = {
  low: `low (< ${CONFIDENCE_BUCKET_BOUNDS.medium})`,
  medium: `medium (${CONFIDENCE_BUCKET_BOUNDS.medium}–${CONFIDENCE_BUCKET_BOUNDS.high})`,
  high: `high (≥ ${CONFIDENCE_BUCKET_BOUNDS.high})`,
  unknown: 'no confidence given',
};

/** The insights as plain text for a terminal (no colour: it is read, piped and pasted into chats). */
export function renderInsightsText(insights: Insights, options: InsightsTextOptions = {}): string {
  const source = (id: string) => {
    const title = options.titles?.get(id);
    return title ? `${title} (${id})` : id;
  };
  const scope = insights.guildId ? `guild ${insights.guildId}` : 'all guilds';
  const { totals } = insights;
  const lines = [
    `Feedback insights, last ${insights.days} days, ${scope} (${day(insights.since)} – ${day(insights.until)})`,
    `${count(totals.votes, 'vote')} (${totals.up} up, ${totals.down} down) on ${count(totals.answersVotedOn, 'answer')}; ` +
      `${count(totals.declined, 'declined question')}.`,
    '',
    'Most frequent declined questions:',
    ...orNone(insights.declined.map((row) => `  ${row.count}×  ${quote(row.question)}`)),
    '',
    'Most down-voted questions:',
    ...orNone(
      insights.downVoted.flatMap((row) => [
        `  ${row.down} down, ${row.up} up  ${quote(row.question)}`,
        ...row.reasons.map((reason) => `      why: ${quote(reason)}`),
      ]),
    ),
    '',
    'Articles cited most (in answers that got votes):',
    ...orNone(
      insights.citedMost.map((row) => `  ${row.answers}×  ${source(row.sourceId)}  (${row.up} up, ${row.down} down)`),
    ),
    '',
    ...(insights.neverCited === null
      ? []
      : ['Articles never cited:', ...orNone(insights.neverCited.map((id) => `  ${source(id)}`)), '']),
    'Answers by confidence:',
    ...insights.byConfidence.map(
      (row) =>
        `  ${bucketLabels[row.bucket].padEnd(20)} ${count(row.answers, 'answer')}, ${row.up} up, ${row.down} down`,
    ),
  ];
  return lines.join('\n') + '\n';
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function orNone(lines: string[]): string[] {
  return lines.length ? lines : ['  (none)'];
}

function quote(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `"${oneLine.length > QUESTION_DISPLAY_CHARS ? `${oneLine.slice(0, QUESTION_DISPLAY_CHARS - 1)}…` : oneLine}"`;
}

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
