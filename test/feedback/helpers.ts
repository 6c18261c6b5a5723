import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { VoteInput } from '../../src/feedback/store.js';

/** The repository root (children run from it so `--import tsx` resolves). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const created: string[] = [];
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh database path in its own folder under the OS temp dir, removed when the test file is done. */
export function tempDatabasePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sourcedesk-feedback-'));
  created.push(dir);
  return join(dir, 'data', 'sourcedesk.db');
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A fixed clock the tests move by hand. */
export function testClock(start = Date.UTC(2025, 5, 1)) {
  let now = start;
  return {
    now: () => now,
    set: (ms: number) => (now = ms),
    advance: (ms: number) => (now += ms),
  };
}

export function vote(overrides: Partial<VoteInput> = {}): VoteInput {
  return {
    answerId: 'answer-1',
    messageId: 'message-1',
    memberId: '111111111111111111',
    guildId: 'guild-1',
    channelId: 'channel-1',
    question: 'Where are the troops?',
    citedChunkIds: ['kursk-report#3', 'kursk-report#4', 'seoul-briefing#1'],
    confidence: 0.8,
    vote: 'up',
    ...overrides,
  };
}
