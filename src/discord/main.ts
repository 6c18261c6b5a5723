import { startBot } from './bot.js';
import { configFromEnvironment, exitOnStartupFailure } from './environment.js';
import { installProcessHandlers } from './processHandlers.js';

/** `npm start`: one bot process (or one shard, when spawned by start-sharded.ts). */
const { config, log } = configFromEnvironment();
const bot = await startBot(config, log).catch(exitOnStartupFailure(log, 'start'));
installProcessHandlers(log);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down: finishing replies in flight', { signal });
  await bot.stop();
  log.info('stopped');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
