import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import { ConfigError, configVariables, loadConfig } from '../../src/discord/config.js';
import { projectRoot } from '../../src/util/paths.js';

const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeX.abcdefghijklmnopqrstuvwxyz0123';
const clientId = '123456789012345678';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a minimal environment with defaults', () => {
    const config = loadConfig({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId });
    expect(config).toMatchObject({ token, clientId, moderatorRoleIds: [], logLevel: 'info', cooldownSeconds: 3 });
    expect(config.guildId).toBeUndefined();
    expect(config.shardCount).toBeUndefined();
  });

  it('treats empty values (a copied .env.example) as unset', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      DISCORD_CLIENT_ID: clientId,
      DISCORD_GUILD_ID: '',
      SHARD_COUNT: ' ',
      MODERATOR_ROLE_IDS: '',
    });
    expect(config.guildId).toBeUndefined();
    expect(config.shardCount).toBeUndefined();
  });

  it('parses the optional values', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      DISCORD_CLIENT_ID: clientId,
      DISCORD_GUILD_ID: '223456789012345678',
      MODERATOR_ROLE_IDS: '323456789012345678, 423456789012345678',
      SHARD_COUNT: '4',
      LOG_LEVEL: 'debug',
      COOLDOWN_SECONDS: '0',
      SEEDS_DIR: '/tmp/seeds',
    });
    expect(config).toMatchObject({
      guildId: '223456789012345678',
      moderatorRoleIds: ['323456789012345678', '423456789012345678'],
      shardCount: 4,
      logLevel: 'debug',
      cooldownSeconds: 0,
    });
    expect(config.paths.seedsDir).toBe('/tmp/seeds');
  });

  it('names what to set and where to get it, in one line, for a missing or malformed token', () => {
    expect(problem({ DISCORD_CLIENT_ID: clientId })).toMatch(
      /^DISCORD_TOKEN is not set: .*https:\/\/discord\.com\/developers\/applications → your application → Bot/,
    );
    expect(problem({ DISCORD_TOKEN: 'not a token', DISCORD_CLIENT_ID: clientId })).toMatch(
      /^DISCORD_TOKEN does not look like a bot token/,
    );
  });

  it('names what to set for a missing or malformed client id, and never echoes the token', () => {
    expect(problem({ DISCORD_TOKEN: token })).toMatch(/^DISCORD_CLIENT_ID is not set: .*General Information/);
    const message = problem({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: 'my-bot' });
    expect(message).toMatch(/^DISCORD_CLIENT_ID must be the numeric Application ID/);
    expect(message).not.toContain(token);
    expect(message).not.toContain('\n');
  });

  it('rejects malformed optional values with a clear message', () => {
    expect(problem({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId, MODERATOR_ROLE_IDS: 'mods' })).toMatch(
      /MODERATOR_ROLE_IDS must be a comma-separated list/,
    );
    expect(problem({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId, SHARD_COUNT: 'two' })).toMatch(
      /SHARD_COUNT must be a whole number/,
    );
  });
});

describe('.env.example', () => {
  const example = readFileSync(join(projectRoot, '.env.example'), 'utf8');

  it('documents every variable the bot reads', () => {
    for (const name of configVariables) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });

  it('is a valid configuration once the token and client id are filled in', () => {
    const config = loadConfig({ ...parse(example), DISCORD_TOKEN: token, DISCORD_CLIENT_ID: clientId });
    expect(config).toMatchObject({ cooldownSeconds: 3, logLevel: 'info', moderatorRoleIds: [] });
  });
});
