import {
  DiscordAPIError,
  Events,
  MessageFlags,
  RESTJSONErrorCodes,
  type Client,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from '../util/log.js';
import type { Command, CommandContext } from './command.js';
import type { Cooldowns } from './cooldowns.js';
import { errorDetail, errorMessage } from '../util/errors.js';
import { busyThresholds, LagGauge, Turns, type BusyThresholds } from './load.js';

/** What a member is told when answering them failed (the log has the details). */
export const sorry =
  'Sorry, something went wrong while answering that. It has been logged; please try again in a moment.';
/** What a member is told when the bot is shutting down and takes no new work. */
export const restarting = 'I’m restarting right now; please try again in a minute.';

/**
 * Routes interactions to the commands: slash commands, autocomplete, and buttons and submitted modals (by the
 * `<command>:` prefix of their custom id); slash commands and buttons after the member's cooldown. A failing handler
 * gives the member a short private message and the log the details. Handlers in flight are
 * tracked so a shutdown can let them finish.
 */
export class InteractionRouter {
  private readonly inFlight = new Set<Promise<void>>();
  private accepting = true;
  /** Commands and buttons run one per turn of the event loop (see load.ts). */
  private readonly turns = new Turns(() => this.deferring > 0);
  /** Deferrals sent and not yet answered by Discord: while any is out, answers wait. */
  private deferring = 0;
  private readonly lag = new LagGauge();

  constructor(
    private readonly context: CommandContext,
    private readonly cooldowns: Cooldowns,
    private readonly log: Logger,
    thresholds: Partial<BusyThresholds> = {},
  ) {
    this.thresholds = { ...busyThresholds, ...thresholds };
  }

  private readonly thresholds: BusyThresholds;

  attach(client: Client): void {
    client.on(Events.InteractionCreate, (interaction) => void this.handle(interaction));
  }

  handle(interaction: Interaction): Promise<void> {
    return this.track(this.route(interaction).catch((error: unknown) => this.fail(interaction, error)));
  }

  /**
   * Work that is not an interaction (an answer to a mention, which handles its own errors), taken in turn with the
   * commands and let finish by a shutdown; undefined, and nothing run, once the bot is stopping.
   */
  runInTurn(work: () => Promise<void>): Promise<void> | undefined {
    if (!this.accepting) return undefined;
    // No 3-second window waits on it: it takes the turns left after interactions that must be acknowledged.
    return this.track(this.turns.next(true).then(work));
  }

  private track(work: Promise<void>): Promise<void> {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
    return tracked;
  }

  /** Stops taking new work and waits (at most `timeoutMs`) for the replies in flight. */
  async drain(timeoutMs: number): Promise<void> {
    this.accepting = false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.allSettled([...this.inFlight]), timeout]);
    clearTimeout(timer);
    this.lag.stop();
    if (this.inFlight.size) this.log.warn('shutting down with replies still in flight', { count: this.inFlight.size });
  }

  private async route(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = this.context.commands.get(interaction.commandName);
      await (command?.autocomplete?.(interaction, this.context) ?? interaction.respond([]));
      return;
    }
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    if (!this.accepting) {
      await interaction.reply({ content: restarting, flags: MessageFlags.Ephemeral });
      return;
    }
    if (interaction.isButton()) {
      const command = this.ownerOf(interaction.customId);
      if (!command?.button) throw new Error(`no handler for button ${interaction.customId}`);
      if (await this.tooFast(interaction, buttonKind(interaction.customId), 'that button')) return;
      await this.turns.next(false);
      await command.button(interaction, this.context);
      return;
    }
    if (interaction.isModalSubmit()) {
      const command = this.ownerOf(interaction.customId);
      if (!command?.modal) throw new Error(`no handler for modal ${interaction.customId}`);
      await this.turns.next(false);
      await command.modal(interaction, this.context);
      return;
    }
    const command = this.context.commands.get(interaction.commandName);
    if (!command) {
      this.log.warn('unknown command; run npm run deploy to update the registered commands', {
        command: interaction.commandName,
      });
      await interaction.reply({
        content: 'I don’t know that command any more; it will disappear once the commands are redeployed.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    if (await this.tooFast(interaction, interaction.commandName, `\`/${interaction.commandName}\``)) return;
    const started = performance.now();
    // Busy: acknowledge first (Discord's 3 s are for the first response), answer after.
    if (command.deferWhenBusy && this.isBusy()) {
      const { ephemeral } = command.deferWhenBusy(interaction);
      this.deferring++;
      try {
        await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
      } finally {
        this.deferring--;
      }
    }
    await this.turns.next(interaction.deferred);
    await command.execute(interaction, this.context);
    this.log.debug('command answered', {
      command: interaction.commandName,
      interaction: interaction.id,
      ms: Math.round(performance.now() - started),
    });
  }

  /**
   * The member's cooldown for `what` (a command, or a kind of button): when it is still running, the member is told
   * privately when to try `shown` again, and true is returned.
   */
  private async tooFast(interaction: RepliableInteraction, what: string, shown: string): Promise<boolean> {
    const wait = this.cooldowns.take(interaction.user.id, what);
    if (wait <= 0) return false;
    await interaction.reply({
      content: `You’re going a bit fast: try ${shown} again in ${wait} s.`,
      flags: MessageFlags.Ephemeral,
    });
    return true;
  }

  /** The command a button or modal belongs to: its custom id starts with `<command>:`. */
  private ownerOf(customId: string): Command | undefined {
    return this.context.commands.get(customId.split(':')[0]!);
  }

  private isBusy(): boolean {
    return this.turns.length >= this.thresholds.waiting || this.lag.lagMs >= this.thresholds.lagMs;
  }

  private async fail(interaction: Interaction, error: unknown): Promise<void> {
    const where = { interaction: interaction.id, user: interaction.user.id, what: describe(interaction) };
    if (isExpired(error)) {
      // Discord forgot the interaction (answered too late, or twice): nobody is left to tell.
      this.log.warn('interaction expired before the reply reached Discord', where);
      return;
    }
    this.log.error('interaction failed', {
      ...where,
      error: errorDetail(error),
    });
    if (!interaction.isRepliable() || interaction.isAutocomplete()) return;
    try {
      await tellPrivately(interaction, sorry);
    } catch (replyError) {
      this.log.warn('could not tell the member about the failure', {
        ...where,
        error: errorMessage(replyError),
      });
    }
  }
}

async function tellPrivately(interaction: RepliableInteraction, content: string): Promise<void> {
  if (interaction.replied) await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  else if (interaction.deferred) await interaction.editReply({ content, embeds: [], components: [] });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral });
}

/**
 * A button's cooldown is per kind (`<command>:<kind>`, e.g. `ask:page`), apart from its command's: paging an answer
 * just asked, or saying what was wrong just after voting 👎, is not going too fast; pressing "More excerpts" over
 * and over is.
 */
function buttonKind(customId: string): string {
  return customId.split(':').slice(0, 2).join(':');
}

/** Interaction tokens live 3 seconds until acknowledged and 15 minutes after: nothing more can be sent. */
export function isExpired(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.UnknownInteraction || error.code === RESTJSONErrorCodes.UnknownWebhook)
  );
}

function describe(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return `/${interaction.commandName}`;
  if (interaction.isMessageComponent()) return `button ${interaction.customId}`;
  // Every other interaction type (a ping) never reaches a handler.
  return `modal ${interaction.customId}`;
}
