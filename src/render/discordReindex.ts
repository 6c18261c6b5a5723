import type { APIEmbed } from 'discord.js';
import type { ReindexReport } from '../knowledgeBase.js';
import { describeProblem } from './cliSources.js';
import { discordLimits, escapeUserText, fitLines } from './discordText.js';

/** How the other shards took a reindex; absent when the bot runs as a single process. */
export interface ShardsReloaded {
  shards: number;
  failed: number;
}

/** The private reply to /reindex: what changed, how long it took, and any seed problems. */
export function renderReindexReport(report: ReindexReport, shards?: ShardsReloaded): { embeds: APIEmbed[] } {
  const list = (name: string, ids: readonly string[]) =>
    ids.length ? [{ name: `${name} (${ids.length})`, value: fitLines(ids.map((id) => `• ${escapeUserText(id)}`), discordLimits.fieldValue) }] : [];
  const changedNothing = report.added.length + report.changed.length + report.removed.length === 0;
  const notes = [
    `${report.chunksAfter} excerpts indexed (was ${report.chunksBefore}).`,
    changedNothing ? 'No source changed.' : '',
    report.saved ? '' : '⚠️ The index could not be saved to disk: it serves from memory and will be rebuilt at the next start.',
    shards ? `All ${shards.shards} shards now answer from it${shards.failed ? `, except ${shards.failed} that failed to reload (see the logs)` : ''}.` : '',
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
            ? [{ name: `Skipped (${report.problems.length})`, value: fitLines(report.problems.map((problem) => escapeUserText(describeProblem(problem))), discordLimits.fieldValue) }]
            : []),
        ],
        color: report.saved && report.problems.length === 0 ? 0x3ba55d : 0xfaa61a,
      },
    ],
  };
}
