import type { Client } from 'discord.js';
import type { Logger } from '../util/log.js';
import type { ShardsReloaded } from '../render/discord/reindex.js';
import type { KnowledgeHolder } from './knowledgeHolder.js';
import { errorDetail } from '../util/errors.js';

/**
 * Keeping every shard on the same index. A /reindex runs on the shard that received it, which
 * saves the new snapshot to index/; it then asks every shard, through the ShardingManager's
 * `broadcastEval`, to load that snapshot. broadcastEval sends the function's *source* to each
 * shard process, so it cannot close over anything here: it only emits `reloadEvent` on the
 * shard's client, and the listener registered below does the work and calls back with the result.
 */
const reloadEvent = 'sourcedeskLoadSavedIndex';
type ReloadResult = 'loaded' | 'current' | 'failed' | 'not listening';

/** On every shard: answer reload broadcasts by loading the saved snapshot if it is newer. */
export function listenForIndexReloads(client: Client, knowledge: KnowledgeHolder, log: Logger): void {
  client.on(reloadEvent, (builtAt: string, done: (result: ReloadResult) => void) => {
    knowledge.loadSaved(new Date(builtAt)).then(
      (loaded) => {
        if (loaded) log.info('loaded the index saved by another shard', { builtAt, shards: client.shard?.ids });
        done(loaded ? 'loaded' : 'current');
      },
      (error: unknown) => {
        log.error('could not load the index saved by another shard', {
          builtAt,
          error: errorDetail(error),
        });
        done('failed');
      },
    );
  });
}

/** Makes every shard answer from the snapshot built at `builtAt`; null when not sharded. */
export async function reloadAllShards(client: Client, builtAt: Date, log: Logger): Promise<ShardsReloaded | null> {
  if (!client.shard) return null;
  let results: ReloadResult[];
  try {
    results = await client.shard.broadcastEval(
      (shardClient, context) =>
        new Promise<ReloadResult>((resolve) => {
          if (!shardClient.emit(context.event, context.builtAt, resolve)) resolve('not listening');
        }),
      { context: { event: reloadEvent, builtAt: builtAt.toISOString() } },
    );
  } catch (error) {
    log.error('could not reach the other shards to reload the index', {
      error: errorDetail(error),
    });
    return { shards: client.shard.count, failed: client.shard.count - 1 };
  }
  return {
    shards: results.length,
    failed: results.filter((result) => result === 'failed' || result === 'not listening').length,
  };
}
