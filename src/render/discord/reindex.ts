import type { APIEmbed } from 'discord.js';
import { SetupError } from '../../util/dataFile.js';
import type { BuildProgress, ReindexReport } from '../../knowledgeBase.js';
import { buildPhases, countedBy, phasePosition, phaseTitle, type BuildPhase } from '../shared/buildPhases.js';
import { describeProblem } from '../shared/seedProblem.js';
import { discordLimits, embedColors } from './constants.js';
import { escapeUserText, fitLines, fitText } from './text.js';

/** How the other shards took a reindex; absent when the bot runs as a single process. */
export interface ShardsReloaded {
  shards: number;
  failed: number;
}

/** The private reply to /reindex: what changed, how long it took, and any seed problems. */
export function renderReindexReport(report: ReindexReport, shards?: ShardsReloaded): { embeds: APIEmbed[] } {
  const list = (name: string, ids: readonly string[]) =>
    ids.length
      ? [
          {
            name: `${name} (${ids.length})`,
            value: fitLines(
              ids.map((id) => `• ${escapeUserText(id)}`),
              discordLimits.fieldValue,
            ),
          },
        ]
      : [];
  const changedNothing = report.added.length + report.changed.length + report.removed.length === 0;
  const notes = [
    `${report.chunksAfter} excerpts indexed (was ${report.chunksBefore}).`,
    changedNothing ? 'No source changed.' : '',
    report.saved
      ? ''
      : '⚠️ The index could not be saved to disk: it serves from memory and will be rebuilt at the next start.',
    shards
      ? `All ${shards.shards} shards now answer from it${shards.failed ? `, except ${shards.failed} that failed to reload (see the logs)` : ''}.`
      : '',
  ].filter(Boolean);
  return {
    embeds: [
      {
        title: `Reindexed in ${(report.durationMs / 1000).toFixed(2)} s`,
        description: notes.join('\n'),
        fields: [
          ...list('Added', report.added),
          ...list('Changed', report.changed),
          ...list('Removed', report.removed),
          ...(report.problems.length
            ? [
                {
                  name: `Skipped (${report.problems.length})`,
                  value: fitLines(
                    report.problems.map((problem) => escapeUserText(describeProblem(problem))),
                    discordLimits.fieldValue,
                  ),
                },
              ]
            : []),
        ],
        color: report.saved && report.problems.length === 0 ? embedColors.success : embedColors.warning,
      },
    ],
  };
}

/**
 * The private /reindex reply when the rebuild failed: it replaces the progress, so the moderator
 * is not left looking at "Indexing chunks … (42%)" for a reindex that is over. A SetupError is
 * something the moderator can fix (a broken config/topics.json, a missing seeds folder) and says
 * so in one line; anything else is only in the log.
 */
export function renderReindexFailure(error: unknown): { embeds: APIEmbed[] } {
  const unchanged = 'Questions are still answered from the current index, unchanged.';
  // The fixed sentence is kept whole; only an overlong cause is trimmed.
  const room = discordLimits.embedDescription - unchanged.length - 1;
  const cause =
    error instanceof SetupError
      ? fitText(error.message, room, (kept, mark) => escapeUserText(kept) + mark)
      : 'Something went wrong while rebuilding; the details are in the log.';
  return {
    embeds: [
      {
        title: 'Reindex failed',
        description: `${cause}\n${unchanged}`,
        color: embedColors.failure,
      },
    ],
  };
}

/**
 * The private /reindex reply while the rebuild runs: the current phase and its count
 * ("Indexing chunks 40,000/93,681 (42%)"). A finished phase hands over to the next one, which
 * may report nothing until it is done itself. An embed, so the report that follows replaces it.
 */
export function renderReindexProgress({ phase, done, total }: BuildProgress): { embeds: APIEmbed[] } {
  const position = Math.max(0, phasePosition(phase));
  const finished = done >= total;
  const step = finished ? position + 1 : position;
  const showing = buildPhases[step];
  const count = (entry: BuildPhase) => {
    const percent = Math.floor((100 * Math.max(0, done)) / Math.max(1, total));
    return `${done.toLocaleString('en')}/${total.toLocaleString('en')}${entry.unit ? ` ${entry.unit}` : ''} (${percent}%)`;
  };
  const line = !showing
    ? 'Saved; switching to the new index…'
    : finished || !countedBy(showing)
      ? `${phaseTitle(showing)}…`
      : `${phaseTitle(showing)} ${count(showing)}`;
  return {
    embeds: [
      {
        title: 'Reindexing…',
        description: fitText(line, discordLimits.embedDescription),
        footer: {
          text: `Step ${Math.min(step + 1, buildPhases.length)} of ${buildPhases.length}. Questions are answered from the current index until the new one is ready.`,
        },
        color: embedColors.progress,
      },
    ],
  };
}
