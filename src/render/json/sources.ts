import type { KnowledgeBase, SourceSummary } from '../../knowledgeBase.js';
import type { SeedProblem } from '../../sources/types.js';

/** The CLI's JSON contract for `npm run sources -- --json`: the sources without their hashes, and skipped seeds. */
export interface SourcesJson {
  builtAt: string;
  sources: Array<Omit<SourceSummary, 'hash'>>;
  problems: readonly SeedProblem[];
}

export function sourcesToJson(kb: Pick<KnowledgeBase, 'builtAt' | 'sources' | 'problems'>): SourcesJson {
  return {
    builtAt: kb.builtAt.toISOString(),
    sources: kb.sources().map(({ hash: _hash, ...source }) => source),
    problems: kb.problems,
  };
}
