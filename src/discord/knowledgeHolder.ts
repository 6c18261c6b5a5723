import { KnowledgeBase, type BuildProgress, type KnowledgeBaseOptions, type ReindexReport } from '../knowledgeBase.js';

export type ReindexOutcome = { status: 'done'; report: ReindexReport; builtAt: Date } | { status: 'busy'; since: Date };

/**
 * Holds the KnowledgeBase the bot answers from and swaps it atomically. A KnowledgeBase is
 * immutable, and every handler reads `current` once and answers synchronously from it, so a
 * question asked during a reindex is answered from the old index; the new one takes over with a
 * single assignment once it is fully built. At most one reindex runs at a time.
 */
export class KnowledgeHolder {
  private reindexing?: { since: Date; done: Promise<ReindexOutcome> };

  constructor(
    private kb: KnowledgeBase,
    private readonly options: KnowledgeBaseOptions,
  ) {}

  static async open(options: KnowledgeBaseOptions): Promise<KnowledgeHolder> {
    return new KnowledgeHolder(await KnowledgeBase.open(options), options);
  }

  get current(): KnowledgeBase {
    return this.kb;
  }

  /**
   * Rebuilds from the seeds, saves and swaps in; `busy` if another reindex is already running.
   * `onProgress` hears how the rebuild goes (not called when busy).
   */
  reindex(onProgress?: (progress: BuildProgress) => void): Promise<ReindexOutcome> {
    if (this.reindexing) return Promise.resolve({ status: 'busy', since: this.reindexing.since });
    const done = KnowledgeBase.rebuild(onProgress ? { ...this.options, onProgress } : this.options, this.kb)
      .then(({ kb, report }): ReindexOutcome => {
        this.swapIfNewer(kb);
        return { status: 'done', report, builtAt: kb.builtAt };
      })
      .finally(() => {
        this.reindexing = undefined;
      });
    this.reindexing = { since: new Date(), done };
    return done;
  }

  /**
   * Loads the snapshot another process (shard) saved, unless this one is already as new.
   * Returns whether anything changed.
   */
  async loadSaved(builtAt: Date): Promise<boolean> {
    if (this.kb.builtAt >= builtAt) return false;
    return this.swapIfNewer(await KnowledgeBase.open(this.options));
  }

  /** Never replaces an index with an older one when a reload and a reindex overlap. */
  private swapIfNewer(kb: KnowledgeBase): boolean {
    if (kb.builtAt < this.kb.builtAt) return false;
    this.kb = kb;
    return true;
  }
}
