import type { FakeDiscord } from './fakeDiscord.js';

/** Interaction callback types: a reply with a message, and "thinking…" to be edited later. */
const channelMessage = 4;
const deferredChannelMessage = 5;

/**
 * The message an interaction was answered with, whichever way: replied at once (callback type 4),
 * or deferred (type 5, as the bot does when busy) and then edited into the answer.
 */
export async function answerOf(
  fake: FakeDiscord,
  sent: { id: string; token: string },
  timeoutMs = 10_000,
): Promise<{ deferred: boolean; data: Record<string, any> }> {
  const [first] = await fake.waitForResponses(sent, 1, timeoutMs);
  if (first!.body.type === channelMessage) return { deferred: false, data: first!.body.data };
  if (first!.body.type !== deferredChannelMessage) throw new Error(`unexpected callback type ${first!.body.type}`);
  const [, edit] = await fake.waitForResponses(sent, 2, timeoutMs);
  return { deferred: true, data: edit!.body };
}
