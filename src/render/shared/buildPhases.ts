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
 * terminal's bar, the /reindex reply). A phase that counts nothing (figures, save) is named, with
 * no count, until it is done.
 */
export const buildPhases: readonly BuildPhase[] = [
  { phase: 'read', label: 'Reading seeds', unit: 'files' },
  { phase: 'chunk', label: 'Splitting paragraphs', unit: 'files' },
  { phase: 'index', label: 'Indexing', object: 'chunks' },
  { phase: 'figures', label: 'Extracting figures' },
  { phase: 'save', label: 'Saving the index' },
];

/** What a phase's count counts; undefined for a phase that is only named until it is done (figures, save). */
export function countedBy(entry: BuildPhase): string | undefined {
  return entry.unit ?? entry.object;
}

/** The label with what a bare verb acts on: "Indexing chunks", "Reading seeds". */
export function phaseTitle(entry: BuildPhase): string {
  return entry.object ? `${entry.label} ${entry.object}` : entry.label;
}

/** The position of `phase` in `buildPhases`. */
export function phasePosition(phase: BuildProgress['phase']): number {
  return buildPhases.findIndex((entry) => entry.phase === phase);
}
