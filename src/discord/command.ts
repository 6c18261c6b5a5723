import type { ChartOptions } from '../render/png/comparisonChart.js';
import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Comparison } from '../figures/index.js';
import type { Logger } from '../util/log.js';
import type { ShardsReloaded } from '../render/discord/reindex.js';
import type { AnswerPages } from './answerPages.js';
import type { BotConfig } from './config.js';
import type { KnowledgeHolder } from './knowledgeHolder.js';
import type { FeedbackDatabaseProblem } from '../feedback/database.js';
import type { FeedbackStore } from '../feedback/store.js';

/** A slash command definition: any SlashCommandBuilder, whatever options narrowed its type. */
export interface CommandDefinition {
  readonly name: string;
  readonly description: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/**
 * One slash command: its definition (what `npm run deploy` registers) and thin handlers that
 * call the core and a renderer. Buttons whose custom id starts with `<name>:` are routed to
 * `button`, submitted modals with such a custom id to `modal`.
 */
export interface Command {
  readonly data: CommandDefinition;
  execute: (interaction: ChatInputCommandInteraction, context: CommandContext) => Promise<void>;
  /**
   * Present when the router may defer the command before `execute` while the bot is busy (see
   * src/discord/load.ts); says whether the deferred reply is private. Such a command answers
   * with `respond`, which edits the deferred reply. Commands that defer themselves leave it out.
   */
  deferWhenBusy?: (interaction: ChatInputCommandInteraction) => { ephemeral: boolean };
  autocomplete?: (interaction: AutocompleteInteraction, context: CommandContext) => Promise<void>;
  button?: (interaction: ButtonInteraction, context: CommandContext) => Promise<void>;
  modal?: (interaction: ModalSubmitInteraction, context: CommandContext) => Promise<void>;
}

/** What handlers may use: the running bot's services, passed in rather than imported, for tests. */
export interface CommandContext {
  knowledge: KnowledgeHolder;
  config: Pick<BotConfig, 'moderatorRoleIds'>;
  log: Logger;
  answerPages: AnswerPages;
  /** Votes, the declined log and per-guild settings; undefined when the database could not be opened. */
  feedback: FeedbackStore | undefined;
  /** Why `feedback` is undefined (what /insights tells a moderator); undefined when it is open. */
  feedbackProblem?: FeedbackDatabaseProblem;
  commands: ReadonlyMap<string, Command>;
  /** Makes the other shards load the index this one just saved; null when not sharded. */
  reloadOtherShards: (builtAt: Date) => Promise<ShardsReloaded | null>;
  /** The least time between two progress edits of the /reindex reply; default 1 s (tests: 0). */
  reindexProgressIntervalMs?: number;
  /** Draws the /compare chart as a PNG: renderComparisonChart (tests: one that fails). */
  drawComparisonChart: (comparison: Comparison, options?: ChartOptions) => Promise<Buffer>;
}

/** Custom ids are `<command>:<rest>`, so the dispatcher knows which command owns a button or modal. */
export function customId(command: string, ...parts: Array<string | number>): string {
  return [command, ...parts].join(':');
}
