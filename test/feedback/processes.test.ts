import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FeedbackStore } from '../../src/feedback/store.js';
import { repoRoot, tempDatabasePath } from './helpers.js';

const voterScript = join(repoRoot, 'test/feedback/voter.ts');

interface Voter {
  child: ChildProcess;
  /** Every `committed` line so far: answer id and the child's clock. */
  commits: { answerId: string; at: number }[];
  stderr(): string;
  /** Resolves once stdout has a line matching. */
  waitFor(test: (line: string) => boolean): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startVoter(path: string, name: string, count: number, wait = false): Voter {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', voterScript, path, name, String(count), ...(wait ? ['--wait'] : [])],
    {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  const commits: Voter['commits'] = [];
  const waiters: { test: (line: string) => boolean; resolve: () => void }[] = [];
  let pending = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!; // a partial last line waits for the rest
    for (const line of lines) {
      const [word, answerId, at] = line.split(' ');
      if (word === 'committed') commits.push({ answerId: answerId!, at: Number(at) });
      for (const waiter of waiters.splice(0)) {
        if (waiter.test(line)) waiter.resolve();
        else waiters.push(waiter);
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    commits,
    stderr: () => err,
    exited,
    waitFor: (test) =>
      new Promise<void>((resolve, reject) => {
        waiters.push({ test, resolve });
        void exited.then(() => reject(new Error(`voter ${name} exited first; stderr:\n${err}`)));
      }),
  };
}

function storedAnswerIds(path: string): Set<string> {
  const db = new Database(path, { readonly: true });
  try {
    return new Set(
      (db.prepare(`SELECT answer_id FROM votes`).all() as { answer_id: string }[]).map((r) => r.answer_id),
    );
  } finally {
    db.close();
  }
}

describe('votes across processes', () => {
  it('a killed process loses no committed vote', async () => {
    const path = tempDatabasePath();
    // Far more votes than it gets to write: it is killed mid-stream, between or inside transactions.
    const voter = startVoter(path, 'killed', 1_000_000);
    let seen = 0;
    await voter.waitFor(() => ++seen >= 300);
    voter.child.kill('SIGKILL');
    const { signal } = await voter.exited;
    expect(signal).toBe('SIGKILL');
    const reported = voter.commits.map((commit) => commit.answerId);
    expect(reported.length).toBeGreaterThanOrEqual(300);

    // Reopened as the restarted bot would: the WAL left behind by the killed process is recovered.
    const store = FeedbackStore.open({ path, salt: 'test-salt' });
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
    const stored = storedAnswerIds(path);
    const missing = reported.filter((answerId) => !stored.has(answerId));
    expect(missing).toEqual([]);
    // At most the one vote in flight when the kill came may be there unreported.
    expect(stored.size - reported.length).toBeLessThanOrEqual(1);
  });

  it('two processes voting at once: every vote kept, no SQLITE_BUSY', async () => {
    const path = tempDatabasePath(); // a new file: both also race to create and migrate it
    const voters = [startVoter(path, 'shard-0', 500, true), startVoter(path, 'shard-1', 500, true)];
    await Promise.all(voters.map((voter) => voter.waitFor((line) => line === 'ready')));
    for (const voter of voters) voter.child.stdin!.end('go\n');
    const results = await Promise.all(voters.map((voter) => voter.exited));

    for (const [index, voter] of voters.entries()) {
      expect(voter.stderr(), `shard-${index} stderr`).not.toMatch(/SQLITE_BUSY|database is locked|failed/);
      expect(results[index]).toEqual({ code: 0, signal: null });
      expect(voter.commits).toHaveLength(500);
    }
    // The two really wrote at the same time: their spans of commits overlap.
    const spans = voters.map((voter) => [voter.commits[0]!.at, voter.commits.at(-1)!.at] as const);
    expect(spans[0]![0] <= spans[1]![1] && spans[1]![0] <= spans[0]![1]).toBe(true);

    const stored = storedAnswerIds(path);
    expect(stored.size).toBe(1000);
    for (const voter of voters) for (const { answerId } of voter.commits) expect(stored.has(answerId)).toBe(true);
  });
});
