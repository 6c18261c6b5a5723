import { rm } from 'node:fs/promises';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.js';
import { FakeDiscord, fakeToken } from '../support/fakeDiscord.js';
import { tempData } from '../support/harness.js';
import { InteractionSender, member } from '../support/interactions.js';
import { botEnvironment, runEntry, runScript } from '../support/processes.js';
import { snowflake } from '../support/snowflakes.js';

/**
 * The scripts a server owner runs (`npm run deploy`, `npm start`), as real processes. Starting
 * a process costs about a second, so these run concurrently, each with its own fake Discord.
 */
async function withFake(run: (fake: FakeDiscord, guildId: string) => Promise<void>): Promise<void> {
  const guildId = snowflake();
  const fake = await FakeDiscord.start({ guildIds: [guildId] });
  try {
    await run(fake, guildId);
  } finally {
    await fake.stop();
  }
}

/** Runs `npm start`'s entry point against the fake, on a temporary copy of the data. */
async function withBotProcess(
  fake: FakeDiscord,
  run: (bot: ReturnType<typeof runEntry>) => Promise<void>,
): Promise<void> {
  const data = await tempData();
  const bot = runEntry('src/discord/main.ts', botEnvironment(fake, data.paths));
  try {
    await run(bot);
  } finally {
    bot.child.kill('SIGKILL');
    await rm(data.root, { recursive: true, force: true });
  }
}

const commandNames = ['ask', 'compare', 'help', 'insights', 'reindex', 'settings', 'sources'];

describe.concurrent('npm run deploy', () => {
  it('registers the command set to the guild when DISCORD_GUILD_ID is set', () =>
    withFake(async (fake, guildId) => {
      const deploy = runScript('npm', ['run', '--silent', 'deploy'], {
        DISCORD_TOKEN: fakeToken,
        DISCORD_CLIENT_ID: fake.applicationId,
        DISCORD_GUILD_ID: guildId,
        DISCORD_API_BASE: fake.apiBase,
      });
      expect(await deploy.exited).toBe(0);
      const [put] = await fake.waitForRequests((request) => request.method === 'PUT');
      expect(put!.path).toBe(`/applications/${fake.applicationId}/guilds/${guildId}/commands`);
      expect(put!.body.map((command: { name: string }) => command.name).sort()).toEqual(commandNames);
      for (const moderatorsOnly of ['reindex', 'settings']) {
        const command = put!.body.find((candidate: { name: string }) => candidate.name === moderatorsOnly);
        expect(command.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
      }
      expect(deploy.stdout()).toMatch(new RegExp(`^Registered 7 commands for guild ${guildId}: /`));
    }));

  it('registers globally without DISCORD_GUILD_ID', () =>
    withFake(async (fake) => {
      const result = await deployCommands({ token: fakeToken, clientId: fake.applicationId, apiBase: fake.apiBase });
      expect(result.scope).toBe('all servers (global)');
      expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        `PUT /applications/${fake.applicationId}/commands`,
      ]);
      expect(result.names.sort()).toEqual(commandNames);
    }));
});

describe.concurrent('npm start', () => {
  it('prints one line saying what to set and where, without a stack trace, when the token is missing', async () => {
    const start = runEntry('src/discord/main.ts', { DISCORD_TOKEN: '', DISCORD_CLIENT_ID: snowflake() });
    expect(await start.exited).toBe(1);
    expect(start.stderr().trim().split('\n')).toEqual([
      expect.stringMatching(/^sourcedesk: DISCORD_TOKEN is not set: .*discord\.com\/developers\/applications.*\.env$/),
    ]);
  });

  it('exits 1 with a logged reason when Discord refuses the token', () =>
    withFake(async (fake) => {
      fake.script('GET', /^\/gateway\/bot$/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
      await withBotProcess(fake, async (bot) => {
        expect(await bot.exited).toBe(1);
        expect(await bot.waitForLog('start failed: An invalid token was provided.', 0)).toMatchObject({
          level: 'error',
        });
      });
    }));

  it('answers, and on SIGTERM finishes the reply in flight, disconnects and exits 0', () =>
    withFake(async (fake, guildId) => {
      await withBotProcess(fake, async (bot) => {
        await bot.waitForLog('ready');
        fake.script('POST', /^\/interactions\/.*\/callback$/, { status: 204, delayMs: 500 });
        const sent = new InteractionSender(fake, guildId).command(member('alice'), 'ask', {
          question: 'What did Blinken say?',
        });
        await fake.waitForRequests((request) => request.path.startsWith(`/interactions/${sent.id}/`));
        bot.child.kill('SIGTERM');
        expect(await bot.exited).toBe(0);
        expect(fake.responsesTo(sent).map((request) => request.status)).toEqual([204]);
        expect(fake.sessions.at(-1)!.socket.readyState).not.toBe(fake.sessions.at(-1)!.socket.OPEN);
        await bot.waitForLog('stopped', 0);
      });
    }));
});
