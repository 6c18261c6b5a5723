import { expect } from 'vitest';
import type { FakeDiscord, RecordedRequest } from './fakeDiscord.js';

/** Requests that carry a message to Discord (replies, updates, edits, follow-ups, messages posted in channels). */
export function messageRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (request) =>
      (request.path.endsWith('/callback') && [4, 7].includes(request.body?.type)) ||
      (request.path.startsWith('/webhooks/') && ['PATCH', 'POST'].includes(request.method)) ||
      (request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path)),
  );
}

/** The message itself, whichever way it was sent. */
export function messageOf(request: RecordedRequest): Record<string, any> {
  return request.path.endsWith('/callback') ? request.body.data : request.body;
}

/** No message the bot sent could ping anyone. */
export function expectNoPings(requests: readonly RecordedRequest[]): void {
  const messages = messageRequests(requests);
  expect(messages.length).toBeGreaterThan(0);
  for (const request of messages)
    expect(messageOf(request).allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
}

/** A progress edit of the /reindex reply (rather than its report or another message). */
export function isReindexProgress(body: any): boolean {
  return body?.embeds?.[0]?.title === 'Reindexing…';
}

/** The edits of an interaction's original reply, in the order they reached Discord. */
export function editsOf(fake: FakeDiscord, interaction: { token: string }): RecordedRequest[] {
  return fake.requests.filter((request) => isEditOf(request, interaction));
}

function isEditOf(request: RecordedRequest, interaction: { token: string }): boolean {
  return request.method === 'PATCH' && request.path.endsWith(`/${interaction.token}/messages/@original`);
}

/** Waits for the edit of a /reindex reply that is not progress (the report, or "already running"). */
export async function reindexResult(
  fake: FakeDiscord,
  interaction: { id: string; token: string },
  timeoutMs = 5_000,
): Promise<RecordedRequest> {
  const isResult = (request: RecordedRequest) =>
    isEditOf(request, interaction) && request.status >= 200 && request.status < 300 && !isReindexProgress(request.body);
  const [result] = await fake.waitForRequests(isResult, 1, timeoutMs);
  return result!;
}
