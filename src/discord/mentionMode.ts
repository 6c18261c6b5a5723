import { Events, type Client, type Message, type MessageCreateOptions } from 'discord.js';
import { questionProblem } from '../ask/question.js';
import { citationsPerAnswer } from '../render/discord/answer.js';
import { discordLimits } from '../render/discord/constants.js';
import { fitText } from '../render/discord/text.js';
import { DEFAULT_MENTION_MODE } from '../feedback/store.js';
import type { Logger } from '../util/log.js';
import { errorDetail, errorMessage } from '../util/errors.js';
import { answerMessage, keepForButtons } from './answerButtons.js';
import type { CommandContext } from './command.js';
import type { Cooldowns } from './cooldowns.js';
import { restarting, sorry, type InteractionRouter } from './interactions.js';
import { withoutMentions } from './mentions.js';
import { answerFeedback } from './votes.js';
import { ThreadQuestions, type ThreadQuestion } from './threadQuestions.js';

/** A mention shares the member's cooldown with /ask: both are asking a question. */
const cooldownKey = 'ask';
/** The "going a bit fast" notice has a cooldown of its own, so a member who keeps mentioning gets one, not many. */
const cooldownNoticeKey = 'ask-mention-notice';
/** `source:<id>` anywhere in a mention restricts the answer to one article, as /ask's `source` option does. */
const sourceToken = /(?:^|\s)source:(\S+)/i;

const unknownSource = 'I don’t know that source. `/sources` lists the articles; write `source:<id>` with one of them.';

/**
 * Mention mode: a member @-mentions the bot with a question in a channel, and the bot answers in a thread started on
 * that message, with the same embed, paging and vote buttons as /ask. A member who mentions the bot again in that
 * thread asks a follow-up, answered with the thread's first question as context (`KnowledgeBase.followUp`) and its
 * source, if it had one. In a thread someone else started the bot answers in place, without context.
 *
 * Only messages that mention the bot are read: without the privileged Message Content intent (which the bot does
 * not request) Discord sends every other message's content empty, in threads too. Bots (this one included) are
 * never answered; moderators can turn mention mode off per channel (/settings), which covers its threads. Problems
 * (an empty or too long question, an unknown source, the cooldown) get a short reply; no message can ping anyone.
 */
export class MentionMode {
  private readonly threads = new ThreadQuestions();

  constructor(
    private readonly context: CommandContext,
    private readonly cooldowns: Cooldowns,
    private readonly router: InteractionRouter,
    private readonly log: Logger,
  ) {}

  attach(client: Client): void {
    // Every message in the server arrives here (GuildMessages): the cheap checks come before any queueing.
    client.on(Events.MessageCreate, (message) => {
      if (!isForBot(message)) return;
      if (this.router.runInTurn(() => this.answerSafely(message))) return;
      message.reply(restarting).catch((error: unknown) =>
        this.log.warn('could not tell the member the bot is restarting', {
          message: message.id,
          error: errorMessage(error),
        }),
      );
    });
  }

  private async answerSafely(message: Message<true>): Promise<void> {
    const started = performance.now();
    try {
      await this.answer(message);
      this.log.debug('mention answered', { message: message.id, ms: Math.round(performance.now() - started) });
    } catch (error) {
      const where = { message: message.id, channel: message.channelId, user: message.author.id };
      this.log.error('mention failed', { ...where, error: errorDetail(error) });
      await message
        .reply(sorry)
        .catch((replyError: unknown) =>
          this.log.warn('could not tell the member about the failure', { ...where, error: errorMessage(replyError) }),
        );
    }
  }

  private async answer(message: Message<true>): Promise<void> {
    const { channel } = message;
    const settingsChannelId = channel.isThread() ? channel.parentId : channel.id;
    if (!settingsChannelId || !this.enabledIn(message.guildId, settingsChannelId)) {
      this.log.debug('mention ignored: mention mode is off in this channel', { channel: settingsChannelId });
      return;
    }
    const text = withoutMentions(message.content);
    const source = sourceToken.exec(text)?.[1];
    const question = text.replace(sourceToken, ' ').trim();
    const problem = questionProblem(question);
    const kb = this.context.knowledge.current;
    const refusal = problem ?? (source && !kb.source(source) ? unknownSource : undefined);
    if (refusal) {
      await message.reply(refusal);
      return;
    }
    const wait = this.cooldowns.take(message.author.id, cooldownKey);
    if (wait > 0) {
      if (this.cooldowns.take(message.author.id, cooldownNoticeKey) === 0)
        await message.reply(`You’re going a bit fast: ask again in ${wait} s.`);
      return;
    }

    const ownThread = channel.isThread() && channel.ownerId === message.client.user.id;
    // A thread the bot no longer remembers (a restart, or one of many) is about its name: the question, cut.
    const earlier: ThreadQuestion | undefined = ownThread
      ? (this.threads.recall(channel.id) ?? { question: channel.name })
      : undefined;
    const options = { source: source ?? earlier?.source, limit: citationsPerAnswer };
    const answer = earlier ? kb.followUp(earlier.question, question, options) : kb.ask(question, options);
    const where = channel.isThread() ? channel : await this.threadFor(message, question);
    const asked = { id: message.id, guildId: message.guildId, channelId: where.id };
    // A public message, paged in place by the member who asked (anyone else gets a private copy), as /ask's.
    const view = {
      key: keepForButtons(answer, false, this.context.answerPages),
      page: 0,
      ownerId: message.author.id,
      private: false,
      source: (id: string) => kb.source(id),
    };
    const payload: MessageCreateOptions = answerMessage(answer, view, answerFeedback(asked, answer, this.context));
    const threadRefused = where === channel && !channel.isThread();
    if (threadRefused) {
      await message.reply(payload);
      return;
    }
    await where.send(payload);
    if (!channel.isThread()) this.threads.remember(where.id, { question, ...(source ? { source } : {}) });
  }

  /**
   * The thread for a question asked in a channel, named after it; the channel itself when Discord refuses the
   * thread (no Create Public Threads permission, say), so the member still gets the answer, as a reply.
   */
  private async threadFor(message: Message<true>, question: string) {
    try {
      return await message.startThread({ name: fitText(question, discordLimits.threadName) });
    } catch (error) {
      this.log.warn('could not start a thread for a mention; replying in the channel', {
        message: message.id,
        error: errorMessage(error),
      });
      return message.channel;
    }
  }

  /** Whether mention mode is on in the channel: on by default, without the database, and when it fails. */
  private enabledIn(guildId: string, channelId: string): boolean {
    try {
      return this.context.feedback?.mentionModeEnabled(guildId, channelId) ?? DEFAULT_MENTION_MODE;
    } catch (error) {
      this.log.warn('could not read the mention mode setting; answering', {
        channel: channelId,
        error: errorMessage(error),
      });
      return DEFAULT_MENTION_MODE;
    }
  }
}

/**
 * A member's message in a server that mentions the bot itself: `<@id>` in its text, or a reply to one of its
 * messages with the reply's ping on (Discord puts the bot in `mentions` for both, and sends both with their
 * content). Not @everyone or a role, which only ping.
 */
function isForBot(message: Message): message is Message<true> {
  if (message.author.bot || message.system || message.webhookId || !message.inGuild()) return false;
  return message.mentions.users.has(message.client.user.id);
}
