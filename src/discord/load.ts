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
} as const;

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
 * Turns to run, one per turn of the event loop, first come first served: a burst of answers is
 * computed one at a time with the network (replies, acknowledgements) served in between, rather
 * than all of them before any reply is written.
 */
export class Turns {
  private readonly waiting: Array<() => void> = [];
  private scheduled = false;

  /** `hold`: while it says so, no turn is given (acknowledgements still to send come first). */
  constructor(private readonly hold: () => boolean = () => false) {}

  get length(): number {
    return this.waiting.length;
  }

  /** Resolves when it is this caller's turn. */
  next(): Promise<void> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.waiting.length === 0) return;
    this.scheduled = true;
    const turn = () => {
      if (this.hold()) {
        setTimeout(turn, holdRecheckMs);
        return;
      }
      this.scheduled = false;
      this.waiting.shift()!();
      this.schedule();
    };
    setImmediate(turn);
  }
}
