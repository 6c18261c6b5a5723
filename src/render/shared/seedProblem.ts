import type { SeedProblem } from '../../sources/types.js';

/** "skipped bad.md:3: date must look like 2024-11-14, 2024-11 or 2024": one line a moderator can act on. */
export function describeProblem(problem: SeedProblem): string {
  return `skipped ${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}
