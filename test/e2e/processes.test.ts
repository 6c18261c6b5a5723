import { rm } from 'node:fs/promises';
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployCommands } from '../../src/discord/deploy.js';
import { FakeDiscord, fakeToken } from '../support/fakeDiscord.js';
import { tempData } from '../support/harness.js';
import { InteractionSender, member } from '../support/interactions.js';
import { runEntry, runScript } from '../support/processes.js';
import { snowflake } from '../support/snowflakes.js';

/** The scripts a server owner runs (`npm run deploy`, `npm start`), as real processes. */
let fake: FakeDiscord;
const guildId = snowflake();
beforeAll(async () => {
  fake = await FakeDiscord.start({ guildIds: [guildId] });
});
afterAll(async () => {
  await fake.stop();
});

const commandNames = ['ask', 'compare', 'help', 'reindex', 'sources'];

describe('npm run deploy', () => {
  it('registers the command set to the guild when DISCORD_GUILD_ID is set', async () => {
    const deploy = runScript('npm', ['run', '--silent', 'deploy'], {
      DISCORD_TOKEN: fakeToken,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_GUILD_ID: guildId,
      DISCORD_API_BASE: fake.apiBase,
    });
    expect(await deploy.exited).toBe(0);
    const [put] = await fake.waitForRequests((request) => request.method === 'PUT');
    expect(put!.path).toBe(`/applications/${fake.applicationId}/guilds/${guildId}/commands`);
    expect(put!.body.map((command: { name: string }) => command.name).sort()).toEqual(expect.arrayContaining(commandNames));
    const reindex = put!.body.find((command: { name: string }) => command.name === 'reindex');
    expect(reindex.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(deploy.stdout()).toMatch(new RegExp(`^Registered ${put!.body.length} commands for guild ${guildId}: /`));
  });

  it('registers globally without DISCORD_GUILD_ID', async () => {
    const result = await deployCommands({ token: fakeToken, clientId: fake.applicationId, apiBase: fake.apiBase });
    expect(result.scope).toBe('all servers (global)');
    expect(fake.requests.at(-1)!.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(result.names).toEqual(expect.arrayContaining(commandNames));
  });
});

describe('npm start', () => {
  it('prints one line saying what to set and where, without a stack trace, when the token is missing', async () => {
    const start = runEntry('src/discord/main.ts', { DISCORD_TOKEN: '', DISCORD_CLIENT_ID: fake.applicationId });
    expect(await start.exited).toBe(1);
    expect(start.stderr().trim().split('\n')).toEqual([expect.stringMatching(/^sourcedesk: DISCORD_TOKEN is not set: .*discord\.com\/developers\/applications.*\.env$/)]);
  });

  it('exits 1 with a logged reason when Discord refuses the token', async () => {
    fake.script('GET', /^\/gateway\/bot$/, { status: 401, body: { message: '401: Unauthorized', code: 0 } });
    const data = await tempData();
    const start = runEntry('src/discord/main.ts', {
      DISCORD_TOKEN: fakeToken,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      SEEDS_DIR: data.paths.seedsDir,
      INDEX_DIR: data.paths.indexDir,
      CONFIG_DIR: data.paths.configDir,
    });
    try {
      expect(await start.exited).toBe(1);
      expect(await start.waitForLog('start failed: An invalid token was provided.', 0)).toMatchObject({ level: 'error' });
    } finally {
      await rm(data.root, { recursive: true, force: true });
    }
  });

  it('answers, and on SIGTERM finishes the reply in flight, disconnects and exits 0', async () => {
    const data = await tempData();
    const bot = runEntry('src/discord/main.ts', {
      DISCORD_TOKEN: fakeToken,
      DISCORD_CLIENT_ID: fake.applicationId,
      DISCORD_API_BASE: fake.apiBase,
      SEEDS_DIR: data.paths.seedsDir,
      INDEX_DIR: data.paths.indexDir,
      CONFIG_DIR: data.paths.configDir,
    });
    try {
      await bot.waitForLog('ready');
      const guild = new InteractionSender(fake, guildId);
      fake.script('POST', /^\/interactions\/.*\/callback$/, { status: 204, delayMs: 500 });
      const sent = guild.command(member('alice'), 'ask', { question: 'What did Blinken say?' });
      await fake.waitForRequests((request) => request.path.startsWith(`/interactions/${sent.id}/`));
      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      expect(fake.responsesTo(sent).map((request) => request.status)).toEqual([204]);
      expect(fake.sessions.at(-1)!.socket.readyState).not.toBe(fake.sessions.at(-1)!.socket.OPEN);
      await bot.waitForLog('stopped', 0);
    } finally {
      bot.child.kill('SIGKILL');
      await rm(data.root, { recursive: true, force: true });
    }
  });
});
