/** What a thread the bot started is about: its first question, and the source it was restricted to, if any. */
export interface ThreadQuestion {
  question: string;
  source?: string;
}

/** Threads remembered at most: past it the oldest are forgotten (their follow-ups fall back on the thread's name). */
export const threadQuestionsKept = 1_000;

/**
 * The first question of each thread the bot started in mention mode, so a follow-up in the thread is answered with
 * it as context. Bounded (the oldest go first); lost on restart, when the thread's name (the question, cut to 100
 * characters) stands in for it, without the source.
 */
export class ThreadQuestions {
  private readonly threads = new Map<string, ThreadQuestion>();

  constructor(private readonly capacity = threadQuestionsKept) {}

  remember(threadId: string, question: ThreadQuestion): void {
    this.threads.delete(threadId);
    this.threads.set(threadId, question);
    // Maps iterate in insertion order, so the first keys are the oldest.
    for (const oldest of this.threads.keys()) {
      if (this.threads.size <= this.capacity) break;
      this.threads.delete(oldest);
    }
  }

  recall(threadId: string): ThreadQuestion | undefined {
    return this.threads.get(threadId);
  }
}
