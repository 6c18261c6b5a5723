import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { reindexResult } from '../support/assertions.js';
import { FakeDiscord } from '../support/fakeDiscord.js';
import { tempData } from '../support/harness.js';
import { InteractionSender, member, moderatorPermissions } from '../support/interactions.js';
import { botEnvironment, runEntry, type RunningScript } from '../support/processes.js';
import { guildIdForShard } from '../support/snowflakes.js';

/**
 * `npm run start:sharded` for real: discord.js' ShardingManager spawns two shard processes,
 * each a full bot connected to the fake Discord. A /reindex received by shard 0 must make
 * shard 1 answer from the new index too.
 */
const guildOnShard0 = guildIdForShard(0, 2);
const guildOnShard1 = guildIdForShard(1, 2);
let fake: FakeDiscord;
let data: Awaited<ReturnType<typeof tempData>>;
let manager: RunningScript;

beforeAll(async () => {
  fake = await FakeDiscord.start({ guildIds: [guildOnShard0, guildOnShard1], recommendedShards: 2 });
  data = await tempData();
  manager = runEntry('src/discord/start-sharded.ts', botEnvironment(fake, data.paths, { COOLDOWN_SECONDS: '0' }));
  await manager.waitForLog('all shards ready', 30_000);
}, 40_000);

afterAll(async () => {
  manager.child.kill('SIGTERM');
  const code = await manager.exited;
  await fake.stop();
  await rm(data.root, { recursive: true, force: true });
  expect(code).toBe(0);
});

it('runs one gateway session per shard, with the shard count Discord recommends', async () => {
  const sessions = await fake.waitForSessions(2);
  expect(sessions.map((session) => session.shard).sort()).toEqual([
    [0, 2],
    [1, 2],
  ]);
});

it('a /reindex on shard 0 makes shard 1 answer from the new index', async () => {
  const question = 'How many volunteers are in the Zephyrine Brigade?';
  const onShard1 = new InteractionSender(fake, guildOnShard1);
  const before = onShard1.command(member('alice'), 'ask', { question });
  expect((await fake.waitForResponses(before))[0]!.body.data.embeds[0].fields ?? []).toEqual([]);

  await writeFile(
    join(data.paths.seedsDir, 'test-2025-01-01-zephyrine-brigade.txt'),
    '---\ntitle: The Zephyrine Brigade\npublisher: Test Gazette\ndate: 2025-01-01\n---\n\nThe Zephyrine Brigade numbers 4,200 volunteers, according to its commander.\n',
  );
  const reindex = new InteractionSender(fake, guildOnShard0).command(
    member('mod', { permissions: moderatorPermissions }),
    'reindex',
  );
  const report = await reindexResult(fake, reindex, 15_000);
  expect(report.body.embeds[0].description).toContain('All 2 shards now answer from it.');

  const after = onShard1.command(member('alice'), 'ask', { question });
  const [answer] = await fake.waitForResponses(after);
  expect(answer!.body.data.embeds[0].fields[0].name).toMatch(/The Zephyrine Brigade · Test Gazette · 2025-01-01/);
});
