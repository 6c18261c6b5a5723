import type { BuildProgress } from '../../knowledgeBase.js';

export interface BuildPhase {
  phase: BuildProgress['phase'];
  /** What the phase is called while it runs: "Reading seeds". */
  label: string;
  /** What its count counts, said after the count: "120/3,163 files". */
  unit?: string;
  /** What a bare verb of a label acts on, which is also what it counts: "Indexing chunks 40,000/93,681". */
  object?: string;
}

/**
 * The build's phases in the order they arrive, for every renderer of a reindex's progress (the
 * terminal's bar, the /reindex reply). The figures phase reports once, when it is done: until
 * then a renderer names the phase and shows no count.
 */
export const buildPhases: readonly BuildPhase[] = [
  { phase: 'read', label: 'Reading seeds', unit: 'files' },
  { phase: 'chunk', label: 'Splitting paragraphs', unit: 'files' },
  { phase: 'index', label: 'Indexing', object: 'chunks' },
  { phase: 'figures', label: 'Extracting figures' },
  { phase: 'save', label: 'Saving the index' },
];

/** The position of `phase` in `buildPhases`. */
export function phasePosition(phase: BuildProgress['phase']): number {
  return buildPhases.findIndex((entry) => entry.phase === phase);
}
