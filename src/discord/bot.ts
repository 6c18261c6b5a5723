import { once } from 'node:events';
import { Events, type Client } from 'discord.js';
import type { Logger } from '../util/log.js';
import { AnswerPages } from './answerPages.js';
import { createClient } from './client.js';
import type { CommandContext } from './command.js';
import type { BotConfig } from './config.js';
import { Cooldowns } from './cooldowns.js';
import { InteractionRouter } from './interactions.js';
import type { BusyThresholds } from './load.js';
import { KnowledgeHolder } from './knowledgeHolder.js';
import { loadCommands } from './loader.js';
import { MentionMode } from './mentionMode.js';
import { listenForIndexReloads, reloadAllShards } from './shard.js';
import { renderComparisonChart } from '../render/png/comparisonChart.js';
import { defaultDatabasePath, type FeedbackDatabaseProblem } from '../feedback/database.js';
import { openFeedbackStoreOrReport, type FeedbackStore } from '../feedback/store.js';

export interface Bot {
  client: Client;
  knowledge: KnowledgeHolder;
  /** The feedback database; undefined when it could not be opened (the bot answers without votes or insights). */
  feedback: FeedbackStore | undefined;
  /** Lets in-flight replies finish (at most `timeoutMs`), then disconnects from Discord. */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Tuning and stand-ins that are not configuration: tests make /reindex report progress without
 * throttling, and the /compare chart fail to draw.
 */
export interface BotOptions {
  reindexProgressIntervalMs?: number;
  drawComparisonChart?: CommandContext['drawComparisonChart'];
  /** When the router defers before answering (default `busyThresholds`; tests of exact replies turn lag off). */
  busyThresholds?: Partial<BusyThresholds>;
  /** How long answers are kept for their buttons (default `answerLifetimeMs`; tests: short, to see them expire). */
  answerLifetimeMs?: number;
}

/** Asked once at start, so that no member's question pays for loading the answerer's data. */
const warmUpQuestion = 'How many troops are in the region?';

/** Opens the index, loads the commands, logs in, and resolves once Discord says the bot is ready. */
export async function startBot(config: BotConfig, log: Logger, options: BotOptions = {}): Promise<Bot> {
  const knowledge = await KnowledgeHolder.open({ ...config.paths, log });
  // The first question loads what answering needs lazily (word vectors, WordNet: about 2 s): here,
  // before logging in, rather than in the path of the first member's answer and all behind it.
  knowledge.current.ask(warmUpQuestion);
  let feedbackProblem: FeedbackDatabaseProblem | undefined;
  const feedback = openFeedbackStoreOrReport(
    { path: defaultDatabasePath(config.paths.dataDir), salt: config.feedbackSalt },
    (error) => {
      feedbackProblem = error.problem;
      log.error('feedback database unavailable: answering without votes, insights or settings', {
        error: error.message,
      });
    },
  );
  const commands = await loadCommands({ catalog: { topics: knowledge.current.topics() } });
  const client = createClient({ apiBase: config.apiBase });
  const context: CommandContext = {
    knowledge,
    config,
    log,
    answerPages: new AnswerPages(undefined, options.answerLifetimeMs),
    feedback,
    feedbackProblem,
    commands,
    reloadOtherShards: (builtAt) => reloadAllShards(client, builtAt, log),
    ...options,
    drawComparisonChart: options.drawComparisonChart ?? renderComparisonChart,
  };
  const cooldowns = new Cooldowns(config.cooldownSeconds);
  const router = new InteractionRouter(context, cooldowns, log, options.busyThresholds);
  router.attach(client);
  new MentionMode(context, cooldowns, router, log).attach(client);
  listenForIndexReloads(client, knowledge, log);
  client.on(Events.Error, (error) => log.error('discord client error', { error: error.stack ?? error.message }));
  client.on(Events.Warn, (message) => log.warn(message));

  const ready = once(client, Events.ClientReady);
  await client.login(config.token);
  await ready;
  log.info('ready', {
    user: client.user?.tag,
    guilds: client.guilds.cache.size,
    shards: client.shard?.ids ?? [0],
    sources: knowledge.current.sources().length,
  });
  return {
    client,
    knowledge,
    feedback,
    async stop(timeoutMs = 10_000) {
      await router.drain(timeoutMs);
      await client.destroy();
      feedback?.close();
    },
  };
}
