/**
 * What tells the router the bot is too busy to answer within Discord's 3 s: the interactions
 * waiting for their turn, and how late the event loop runs. Past either threshold, a command
 * that allows it is deferred first (Discord shows "thinking…", and the answer may take 15 min).
 */
export const busyThresholds = {
  /** Interactions waiting for their turn; at about 3 ms an answer, 10 wait about 30 ms. */
  waiting: 10,
  /**
   * How late a timer fired, in ms: the event loop is held by something (a build, a collection,
   * a starved process). Well above the hiccups of a loaded machine, well below the 3 s.
   */
  lagMs: 250,
};
export type BusyThresholds = typeof busyThresholds;

/** How often the event loop's lag is sampled, in ms. */
const lagSampleMs = 25;

/** How soon a held turn looks again, in ms. */
const holdRecheckMs = 1;

/** The event loop's lag, sampled by a timer (unref'd: it never keeps the process alive). */
export class LagGauge {
  /** How late the last sample fired, in ms. */
  lagMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor() {
    let expected = performance.now() + lagSampleMs;
    this.timer = setInterval(() => {
      const now = performance.now();
      this.lagMs = Math.max(0, now - expected);
      expected = now + lagSampleMs;
    }, lagSampleMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Turns to run, one per turn of the event loop: a burst of answers is computed one at a time
 * with the network (replies, acknowledgements) served in between, rather than all of them before
 * any reply is written. Interactions not yet acknowledged go first, in order: their 3 s run.
 * Deferred ones (15 min) follow, and wait while `hold` says so (acknowledgements still out).
 */
export class Turns {
  private readonly urgent: Array<() => void> = [];
  private readonly deferred: Array<() => void> = [];
  private scheduled = false;

  constructor(private readonly hold: () => boolean = () => false) {}

  get length(): number {
    return this.urgent.length + this.deferred.length;
  }

  /** Resolves when it is this caller's turn; `acknowledged`: the interaction was deferred already. */
  next(acknowledged: boolean): Promise<void> {
    return new Promise((resolve) => {
      (acknowledged ? this.deferred : this.urgent).push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.length === 0) return;
    this.scheduled = true;
    const turn = () => {
      if (this.urgent.length === 0 && this.hold()) {
        setTimeout(turn, holdRecheckMs);
        return;
      }
      this.scheduled = false;
      (this.urgent.shift() ?? this.deferred.shift())!();
      this.schedule();
    };
    setImmediate(turn);
  }
}
