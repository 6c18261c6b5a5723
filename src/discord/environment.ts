import { join } from 'node:path';
import dotenv from 'dotenv';
import { createLogger, type Logger } from '../util/log.js';
import { projectRoot } from '../util/paths.js';
import { ConfigError, loadConfig, type BotConfig } from './config.js';
import { errorDetail, errorMessage } from '../util/errors.js';

/**
 * Start-up shared by `npm start`, `npm run start:sharded` and `npm run deploy`: reads .env from
 * the project root (real environment variables win), validates it, and on a configuration
 * mistake prints one line saying what to fix and exits with code 1, without a stack trace.
 */
export function configFromEnvironment(): { config: BotConfig; log: Logger } {
  dotenv.config({ path: join(projectRoot, '.env'), quiet: true });
  try {
    const config = loadConfig();
    return { config, log: forShard(createLogger({ level: config.logLevel, format: 'json' })) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`sourcedesk: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * Under start:sharded every shard process writes to the same stderr: tag each line with the
 * shards it serves (the ShardingManager passes them in SHARDS).
 */
function forShard(log: Logger): Logger {
  const shards = process.env.SHARDS;
  if (!shards) return log;
  const tag = { shards: JSON.parse(shards) as unknown };
  const tagged =
    (write: Logger['info']): Logger['info'] =>
    (message, fields) =>
      write(message, { ...tag, ...fields });
  return { debug: tagged(log.debug), info: tagged(log.info), warn: tagged(log.warn), error: tagged(log.error) };
}

/** For anything else that stops start-up (Discord refusing the token, unreadable seeds): log and exit 1. */
export function exitOnStartupFailure(log: Logger, what: string) {
  return (error: unknown): never => {
    log.error(`${what} failed: ${errorMessage(error)}`, {
      error: errorDetail(error),
    });
    process.exit(1);
  };
}
