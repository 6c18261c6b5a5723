import { pathToFileURL } from 'node:url';
import { REST, Routes } from 'discord.js';
import type { BotConfig } from './config.js';
import { configFromEnvironment, exitOnStartupFailure } from './environment.js';
import { loadTopics } from '../figures/topics.js';
import { defaultPaths, type DataPaths } from '../util/paths.js';
import { loadCommands } from './loader.js';

/**
 * `npm run deploy`: registers the slash commands with Discord. To one guild when
 * DISCORD_GUILD_ID is set (changes show at once, for development), globally otherwise (can take
 * up to an hour to reach every server). A PUT replaces the whole set, so removed commands go too.
 */
export async function deployCommands(
  config: Pick<BotConfig, 'token' | 'clientId' | 'guildId' | 'apiBase'> & { paths?: Pick<DataPaths, 'configDir'> },
): Promise<{ scope: string; names: string[] }> {
  // The option descriptions name the /compare topics, read as the bot reads them.
  const { configDir } = config.paths ?? defaultPaths();
  const commands = await loadCommands({ catalog: { topics: loadTopics(configDir) } });
  const body = [...commands.values()].map((command) => command.data.toJSON());
  const rest = new REST(config.apiBase ? { api: config.apiBase } : {}).setToken(config.token);
  const route = config.guildId
    ? Routes.applicationGuildCommands(config.clientId, config.guildId)
    : Routes.applicationCommands(config.clientId);
  const registered = (await rest.put(route, { body })) as Array<{ name: string }>;
  return {
    scope: config.guildId ? `guild ${config.guildId}` : 'all servers (global)',
    names: registered.map((command) => command.name),
  };
}

// Run as a script (npm run deploy), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { config, log } = configFromEnvironment();
  const { scope, names } = await deployCommands(config).catch(exitOnStartupFailure(log, 'deploy'));
  process.stdout.write(
    `Registered ${names.length} commands for ${scope}: ${names.map((name) => `/${name}`).join(', ')}\n`,
  );
}
