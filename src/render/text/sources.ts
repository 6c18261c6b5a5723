import type { ReindexReport, SourceSummary } from '../../knowledgeBase.js';
import type { SeedProblem } from '../../sources/types.js';
import { describeProblem } from '../shared/seedProblem.js';

/** The sources as a terminal list: title, then publisher · date · chunks · id. */
export function renderSourcesText(sources: readonly SourceSummary[], problems: readonly SeedProblem[]): string {
  const lines = sources.map((source) => {
    const details = [source.publisher, source.author, source.date, `${source.chunkCount} chunks`, `id ${source.id}`]
      .filter(Boolean)
      .join(' · ');
    return `${source.title}\n    ${details}`;
  });
  if (sources.length === 0) lines.push('No sources yet: add .txt or .md articles to seeds/ and run npm run reindex.');
  return [...lines, ...problems.map(describeProblem)].join('\n') + '\n';
}

/** What a reindex changed, in a few lines. */
export function renderReindexText(report: ReindexReport): string {
  const list = (label: string, ids: readonly string[]) =>
    ids.length ? [`${label} (${ids.length}): ${ids.join(', ')}`] : [];
  return (
    [
      `Reindexed in ${(report.durationMs / 1000).toFixed(2)} s: ${report.chunksAfter} chunks (was ${report.chunksBefore}).`,
      ...list('added', report.added),
      ...list('changed', report.changed),
      ...list('removed', report.removed),
      ...(report.added.length + report.changed.length + report.removed.length === 0 ? ['No source changed.'] : []),
      ...report.problems.map(describeProblem),
      ...(report.saved ? [] : ['warning: the index could not be saved to disk; it was built in memory only.']),
    ].join('\n') + '\n'
  );
}
