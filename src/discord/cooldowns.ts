/**
 * Per-member cooldown, per command (or kind of button: see interactions.ts), so one member cannot
 * flood a channel or the bot. Memory is bounded: expired entries are swept whenever the table grows
 * past `sweepAbove`.
 */
export class Cooldowns {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly seconds: number,
    private readonly now: () => number = Date.now,
    private readonly sweepAbove = 10_000,
  ) {}

  /** Seconds the member must still wait (and nothing is recorded), or 0 after recording this use. */
  take(userId: string, what: string): number {
    if (this.seconds <= 0) return 0;
    const key = `${what}:${userId}`;
    const now = this.now();
    const until = this.until.get(key);
    if (until !== undefined && until > now) return Math.ceil((until - now) / 1000);
    this.until.set(key, now + this.seconds * 1000);
    if (this.until.size > this.sweepAbove) {
      for (const [entry, expiry] of this.until) if (expiry <= now) this.until.delete(entry);
    }
    return 0;
  }
}
