import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FeedbackStore } from '../../src/feedback/store.js';
import { repoRoot, tempDatabasePath, vote } from './helpers.js';

function insightsCli(dataDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src/cli/insights.ts'), ...args],
      // The bundled seeds, but a private index folder, so the test never writes to the repository's index/.
      { cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, INDEX_DIR: join(dataDir, 'index') }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 2) : 0, stdout, stderr }),
    );
  });
}

describe('npm run insights', () => {
  it('prints the insights as JSON and text, and clears a guild’s declined log', async () => {
    const path = tempDatabasePath();
    const dataDir = dirname(path);
    const store = FeedbackStore.open({ path });
    store.recordVote(
      vote({ vote: 'down', reason: 'old figure', citedChunkIds: ['nato-confirms-north-korean-troops-in-russia#2'] }),
    );
    store.recordDeclined({
      guildId: 'guild-1',
      channelId: 'c',
      question: 'Who won the match?',
      at: Date.now() - 60_000,
    });
    store.recordDeclined({ guildId: 'guild-1', channelId: 'c', question: 'who won the MATCH' });
    store.close();

    const json = await insightsCli(dataDir, ['--days', '30', '--guild', 'guild-1', '--json']);
    expect(json.code, json.stderr).toBe(0);
    const insights = JSON.parse(json.stdout);
    expect(insights.days).toBe(30);
    expect(insights.declined).toEqual([expect.objectContaining({ key: 'who won the match', count: 2 })]);
    expect(insights.citedMost[0].sourceId).toBe('nato-confirms-north-korean-troops-in-russia');
    expect(insights.neverCited).toHaveLength(4); // the other bundled seeds

    const text = await insightsCli(dataDir, ['--guild', 'guild-1']);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('last 7 days, guild guild-1');
    expect(text.stdout).toContain('2×  "who won the MATCH"');
    expect(text.stdout).toContain('why: "old figure"');

    expect((await insightsCli(dataDir, ['--days', '14'])).code).toBe(1);
    expect((await insightsCli(dataDir, ['--clear-declined'])).code).toBe(1);
    const cleared = await insightsCli(dataDir, ['--clear-declined', '--guild', 'guild-1']);
    expect(cleared.stdout).toBe('Cleared 2 declined questions of guild guild-1.\n');
    const after = JSON.parse((await insightsCli(dataDir, ['--guild', 'guild-1', '--json'])).stdout);
    expect(after.declined).toEqual([]);
  });
});
