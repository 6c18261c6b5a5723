export interface ProgressEditsOptions {
  /** At most one edit per interval, besides the first (sent at once). Default 1 s. */
  intervalMs?: number;
  now?: () => number;
  /** Told about an edit that failed (to log it); the work and later edits carry on. */
  onError(error: unknown): void;
}

/**
 * Shows the progress of long work by editing a reply, without flooding Discord: the first update
 * is sent at once, later ones at most once per `intervalMs` (only the latest counts), and one edit
 * at a time, so they land in order. Edits run in the background: a failed one is logged and
 * forgotten, never thrown at the work it reports on. `stop()` drops what is pending and waits for
 * the edit in flight, so the reply sent after it (the result) is the last edit.
 */
export class ProgressEdits<Payload> {
  private readonly intervalMs: number;
  private readonly now: () => number;
  private latest?: () => Payload;
  private inFlight?: Promise<void>;
  private sentAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly edit: (payload: Payload) => Promise<unknown>,
    private readonly options: ProgressEditsOptions,
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** The latest progress; `render` is only called if it is actually sent. */
  update(render: () => Payload): void {
    if (this.stopped) return;
    this.latest = render;
    this.sendWhenDue();
  }

  /** No more edits: drops pending progress, and resolves once the edit in flight (if any) settled. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.latest = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private sendWhenDue(): void {
    if (this.stopped || !this.latest || this.inFlight || this.timer) return;
    const wait = this.sentAt + this.intervalMs - this.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.sendWhenDue();
      }, wait);
      // Progress alone must not keep the process alive (shutdown).
      this.timer.unref();
      return;
    }
    const render = this.latest;
    this.latest = undefined;
    this.sentAt = this.now();
    this.inFlight = (async () => {
      try {
        await this.edit(render());
      } catch (error) {
        this.options.onError(error);
      }
    })().finally(() => {
      this.inFlight = undefined;
      this.sendWhenDue();
    });
  }
}
