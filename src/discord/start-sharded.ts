import { fileURLToPath } from 'node:url';
import { REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult } from 'discord.js';
import { configFromEnvironment, exitOnStartupFailure } from './environment.js';

/**
 * `npm run start:sharded`: runs main.ts once per shard under discord.js' ShardingManager, for
 * bots in more servers than one connection may serve (2,500). The shard count is SHARD_COUNT
 * or Discord's recommendation. Shards in different identify buckets may connect together, so
 * the usual 5.5 s pause between spawns is only kept when Discord's max_concurrency needs it.
 */
const { config, log } = configFromEnvironment();
const gateway = (await new REST(config.apiBase ? { api: config.apiBase } : {})
  .setToken(config.token)
  .get(Routes.gatewayBot())
  .catch(exitOnStartupFailure(log, 'asking Discord for the shard count'))) as RESTGetAPIGatewayBotResult;
const totalShards = config.shardCount ?? gateway.shards;

const manager = new ShardingManager(fileURLToPath(new URL('./main.ts', import.meta.url)), {
  token: config.token,
  totalShards,
  // Shards are TypeScript run through tsx, like `npm start`.
  execArgv: ['--import', 'tsx'],
});
manager.on('shardCreate', (shard) => {
  log.info('shard spawned', { shard: shard.id, of: totalShards });
  shard.on('death', () => log.warn('shard process exited', { shard: shard.id }));
});

const delay = gateway.session_start_limit.max_concurrency >= totalShards ? 0 : 5_500;
await manager
  .spawn({ amount: totalShards, delay, timeout: 60_000 })
  .catch(exitOnStartupFailure(log, 'spawning shards'));
log.info('all shards ready', { shards: totalShards });

let stopping = false;
/** Each shard gets SIGTERM and finishes its own in-flight replies (see main.ts) before exiting. */
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('stopping all shards', { signal });
  manager.respawn = false;
  await Promise.all(
    manager.shards.map(async (shard) => {
      const child = shard.process;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }),
  );
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
