import { expect } from 'vitest';
import type { RecordedRequest } from './fakeDiscord.js';

/** Requests that carry a message to Discord (replies, updates, edits, follow-ups). */
export function messageRequests(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (request) =>
      (request.path.endsWith('/callback') && [4, 7].includes(request.body?.type)) ||
      (request.path.startsWith('/webhooks/') && ['PATCH', 'POST'].includes(request.method)),
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
  for (const request of messages) expect(messageOf(request).allowed_mentions, `${request.method} ${request.path}`).toEqual({ parse: [] });
}
