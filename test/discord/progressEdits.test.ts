import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressEdits } from '../../src/discord/progressEdits.js';

/** An edit function whose calls the test settles by hand, recording what was sent and in which order. */
function fakeEdits() {
  const sent: Array<{ payload: string; settle(error?: Error): void }> = [];
  const events: string[] = [];
  const edit = (payload: string) =>
    new Promise<void>((resolve, reject) => {
      events.push(`start ${payload}`);
      sent.push({
        payload,
        settle: (error) => {
          events.push(`end ${payload}`);
          if (error) reject(error);
          else resolve();
        },
      });
    });
  return { edit, sent, events, payloads: () => sent.map((entry) => entry.payload) };
}

/** Lets settled promises run their continuations. */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('ProgressEdits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends the first update at once, then at most one per interval: the latest, rendered only when sent', async () => {
    const { edit, sent, payloads } = fakeEdits();
    const rendered: string[] = [];
    const progress = new ProgressEdits(edit, { intervalMs: 1_000, now: () => Date.now(), onError: () => {} });
    const update = (text: string) =>
      progress.update(() => {
        rendered.push(text);
        return text;
      });

    update('1');
    expect(payloads()).toEqual(['1']);
    sent[0]!.settle();
    await settle();
    update('2');
    update('3');
    await vi.advanceTimersByTimeAsync(999);
    expect(payloads(), 'nothing more within the interval').toEqual(['1']);
    await vi.advanceTimersByTimeAsync(1);
    expect(payloads()).toEqual(['1', '3']);
    expect(rendered, 'skipped updates are never rendered').toEqual(['1', '3']);
    sent[1]!.settle();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(payloads(), 'no update, no edit').toEqual(['1', '3']);
  });

  it('keeps one edit in flight at a time, even with no interval, and then sends the latest', async () => {
    const { edit, sent, events, payloads } = fakeEdits();
    const progress = new ProgressEdits(edit, { intervalMs: 0, now: () => Date.now(), onError: () => {} });
    progress.update(() => 'a');
    progress.update(() => 'b');
    progress.update(() => 'c');
    await settle();
    expect(payloads()).toEqual(['a']);
    sent[0]!.settle();
    await settle();
    expect(payloads()).toEqual(['a', 'c']);
    sent[1]!.settle();
    await settle();
    expect(events).toEqual(['start a', 'end a', 'start c', 'end c']);
  });

  it('reports a failed edit and carries on: update never throws, later progress is still sent', async () => {
    const { edit, sent, payloads } = fakeEdits();
    const errors: unknown[] = [];
    const progress = new ProgressEdits(edit, {
      intervalMs: 0,
      now: () => Date.now(),
      onError: (error) => errors.push(error),
    });
    progress.update(() => 'a');
    sent[0]!.settle(new Error('500 Internal Server Error'));
    await settle();
    expect(errors).toEqual([new Error('500 Internal Server Error')]);
    progress.update(() => {
      throw new Error('render failed');
    });
    await settle();
    expect(errors).toHaveLength(2);
    progress.update(() => 'c');
    expect(payloads()).toEqual(['a', 'c']);
    sent[1]!.settle();
    await expect(progress.stop()).resolves.toBeUndefined();
  });

  it('stop() drops pending progress and resolves only once the edit in flight settled; nothing is sent after it', async () => {
    const { edit, sent, events, payloads } = fakeEdits();
    const progress = new ProgressEdits(edit, { intervalMs: 1_000, now: () => Date.now(), onError: () => {} });
    progress.update(() => 'a');
    progress.update(() => 'b');
    let stopped = false;
    const stopping = progress.stop().then(() => {
      stopped = true;
      events.push('stopped');
    });
    await settle();
    expect(stopped, 'waits for the edit in flight').toBe(false);
    sent[0]!.settle();
    await stopping;
    progress.update(() => 'late');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(payloads()).toEqual(['a']);
    expect(events).toEqual(['start a', 'end a', 'stopped']);
  });

  it('stop() cancels an edit waiting for its interval', async () => {
    const { edit, sent, payloads } = fakeEdits();
    const progress = new ProgressEdits(edit, { intervalMs: 1_000, now: () => Date.now(), onError: () => {} });
    progress.update(() => 'a');
    sent[0]!.settle();
    await settle();
    progress.update(() => 'b');
    await progress.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(payloads()).toEqual(['a']);
  });
});
