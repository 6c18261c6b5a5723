import { randomBytes } from 'node:crypto';
import type { Answer } from '../ask/types.js';

/**
 * Answers kept for their "More excerpts" buttons. A button's custom id holds at most 100
 * characters, too few for the question, so the id carries a short key into this store. Pages
 * come from the answer computed when the question was asked, so paging stays consistent even
 * if a reindex happens meanwhile. Bounded in size and kept for as long as Discord lets the bot
 * edit its reply (15 minutes); older buttons are turned off, with a polite "ask again" (answerButtons.ts).
 * That goes through the press's own interaction, which can update the message at any age.
 */
export const answerLifetimeMs = 15 * 60_000;

export class AnswerPages {
  private readonly answers = new Map<string, { answer: Answer; expires: number }>();

  constructor(
    private readonly capacity = 1000,
    private readonly lifetimeMs = answerLifetimeMs,
    private readonly now: () => number = Date.now,
  ) {}

  save(answer: Answer): string {
    const key = randomBytes(6).toString('base64url');
    this.answers.set(key, { answer, expires: this.now() + this.lifetimeMs });
    // Maps iterate in insertion order, so the first keys are the oldest.
    for (const oldest of this.answers.keys()) {
      if (this.answers.size <= this.capacity) break;
      this.answers.delete(oldest);
    }
    return key;
  }

  get(key: string): Answer | undefined {
    const saved = this.answers.get(key);
    if (!saved) return undefined;
    if (saved.expires < this.now()) {
      this.answers.delete(key);
      return undefined;
    }
    return saved.answer;
  }
}
