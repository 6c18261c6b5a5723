import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { projectRoot } from '../../src/util/paths.js';
import { startBot, type Bot, type BotOptions } from '../../src/discord/bot.js';
import type { BotConfig } from '../../src/discord/config.js';
import { expectNoPings } from './assertions.js';
import { FakeDiscord, fakeToken } from './fakeDiscord.js';
import { InteractionSender } from './interactions.js';
import { snowflake } from './snowflakes.js';
import { recordingLogger } from '../helpers/recordingLogger.js';

/** Copies of seeds/ and config/ and an empty index folder, so tests never touch the repository's. */
export async function tempData(): Promise<{ root: string; paths: BotConfig['paths'] }> {
  const root = await mkdtemp(join(tmpdir(), 'sourcedesk-e2e-'));
  const paths = {
    seedsDir: join(root, 'seeds'),
    indexDir: join(root, 'index'),
    configDir: join(root, 'config'),
    dataDir: join(root, 'data'),
  };
  await cp(join(projectRoot, 'seeds'), paths.seedsDir, { recursive: true });
  await cp(join(projectRoot, 'config'), paths.configDir, { recursive: true });
  return { root, paths };
}

/**
 * Like tempData, but the database cannot be opened: `dataDir` is a regular file. `roots` are the folders to
 * remove afterwards.
 */
export async function tempDataWithoutDatabase(): Promise<{ roots: string[]; paths: BotConfig['paths'] }> {
  const { root, paths } = await tempData();
  const notAFolder = join(await mkdtemp(join(tmpdir(), 'sourcedesk-nodb-')), 'file');
  await writeFile(notAFolder, 'not a folder');
  return { roots: [root, dirname(notAFolder)], paths: { ...paths, dataDir: notAFolder } };
}

export interface Harness {
  fake: FakeDiscord;
  bot: Bot;
  guild: InteractionSender;
  log: ReturnType<typeof recordingLogger>;
  paths: BotConfig['paths'];
  moderatorRoleId: string;
  stop(): Promise<void>;
}

/**
 * One harness for the tests of a file or describe block: started before them, and after them
 * checked that no message could have pinged anyone, then stopped.
 */
export function useHarness(options: Parameters<typeof startHarness>[0] = {}): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness(options);
  });
  afterAll(async () => {
    if (!harness) return;
    expectNoPings(harness.fake.requests);
    await harness.stop();
  });
  return () => harness!;
}

/**
 * The fake Discord, and the real bot (real discord.js Client, real KnowledgeBase) logged in to it. With `paths`
 * (e.g. a restart on the same data) the folders are the caller's and are left in place; without, a temporary copy
 * is made and removed by `stop`. `guildId` keeps a restarted bot in the same guild.
 */
export async function startHarness(
  options: { cooldownSeconds?: number; paths?: BotConfig['paths']; guildId?: string } & BotOptions = {},
): Promise<Harness> {
  const guildId = options.guildId ?? snowflake();
  const moderatorRoleId = snowflake();
  const fake = await FakeDiscord.start({ guildIds: [guildId], roles: [{ id: moderatorRoleId, name: 'Moderators' }] });
  const { root, paths } = options.paths ? { root: undefined, paths: options.paths } : await tempData();
  const log = recordingLogger();
  const config: BotConfig = {
    token: fakeToken,
    clientId: fake.applicationId,
    moderatorRoleIds: [moderatorRoleId],
    logLevel: 'debug',
    cooldownSeconds: options.cooldownSeconds ?? 0,
    apiBase: fake.apiBase,
    paths,
  };
  const bot = await startBot(config, log, {
    reindexProgressIntervalMs: options.reindexProgressIntervalMs,
    drawComparisonChart: options.drawComparisonChart,
    busyThresholds: options.busyThresholds,
    answerLifetimeMs: options.answerLifetimeMs,
  });
  return {
    fake,
    bot,
    guild: new InteractionSender(fake, guildId),
    log,
    paths,
    moderatorRoleId,
    async stop() {
      // The client first: stopping the fake under a live client makes it reconnect.
      await bot.stop(2_000);
      await fake.stop();
      if (root) await rm(root, { recursive: true, force: true });
    },
  };
}
