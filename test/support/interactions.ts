import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ComponentType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import type { FakeDiscord } from './fakeDiscord.js';
import { snowflake } from './snowflakes.js';

/**
 * Interaction payloads as Discord sends them in INTERACTION_CREATE. discord.js silently drops
 * payloads that lack `entitlements`, `authorizing_integration_owners` or `member`/`user`, so
 * every interaction is built by `baseInteraction` and only the `type`/`data` differ.
 */

export interface Member {
  id: string;
  name: string;
  /** Permission bits, as Discord computes them for the member in the channel. */
  permissions: bigint;
  roles?: string[];
}

export function member(name: string, options: { permissions?: bigint; roles?: string[] } = {}): Member {
  return {
    id: snowflake(),
    name,
    permissions: options.permissions ?? PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel,
    roles: options.roles ?? [],
  };
}

export const moderatorPermissions =
  PermissionFlagsBits.ManageGuild | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ViewChannel;

export interface SentInteraction {
  id: string;
  token: string;
  payload: Record<string, any>;
}

/** A channel option's value: the channel's id (its object goes in the interaction's `resolved.channels`). */
export interface ChannelValue {
  channel: string;
}

type OptionValue = string | number | boolean | ChannelValue;

/** Options as Discord sends them; `focused` marks the option being autocompleted. */
function commandOptions(options: Record<string, OptionValue>, focused?: string) {
  return Object.entries(options).map(([name, value]) => ({
    name,
    type:
      typeof value === 'object'
        ? ApplicationCommandOptionType.Channel
        : typeof value === 'boolean'
          ? ApplicationCommandOptionType.Boolean
          : typeof value === 'number'
            ? ApplicationCommandOptionType.Integer
            : ApplicationCommandOptionType.String,
    value: typeof value === 'object' ? value.channel : value,
    ...(name === focused ? { focused: true } : {}),
  }));
}

/** The channels that channel options name, as Discord resolves them (with the member's permissions in each). */
function resolvedChannels(fake: FakeDiscord, options: Record<string, OptionValue>) {
  const ids = Object.values(options).flatMap((value) => (typeof value === 'object' ? [value.channel] : []));
  if (ids.length === 0) return {};
  const channels = Object.fromEntries(
    ids.map((id) => {
      const channel = fake.channels.get(id);
      if (!channel) throw new Error(`fake Discord has no channel ${id}`);
      const { id: _id, type, name, guild_id, parent_id } = channel;
      return [id, { id, type, name, guild_id, parent_id, permissions: '0' }];
    }),
  );
  return { resolved: { channels } };
}

function baseInteraction(
  fake: FakeDiscord,
  guildId: string,
  who: Member,
  type: InteractionType,
  data: unknown,
  extra: Record<string, unknown> = {},
  channelId = snowflake(),
): SentInteraction {
  const id = snowflake();
  const token = `aW50ZXJhY3Rpb24${randomBytes(24).toString('base64url')}`;
  const payload = {
    id,
    application_id: fake.applicationId,
    type,
    data,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'general' },
    member: {
      user: { id: who.id, username: who.name, discriminator: '0', global_name: who.name, avatar: null },
      roles: who.roles ?? [],
      permissions: who.permissions.toString(),
      joined_at: new Date().toISOString(),
      deaf: false,
      mute: false,
      flags: 0,
    },
    token,
    version: 1,
    app_permissions: (
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.AttachFiles
    ).toString(),
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10_485_760,
    ...extra,
  };
  return { id, token, payload };
}

/** Builds and sends interactions from members of one guild. */
export class InteractionSender {
  constructor(
    private readonly fake: FakeDiscord,
    readonly guildId: string,
  ) {}

  /**
   * A slash command, run in `channelId` (default: a channel of its own, unknown to the fake). `name` may name a
   * subcommand ("settings mentions"): the options are then the subcommand's, as Discord nests them.
   */
  command(who: Member, name: string, options: Record<string, OptionValue> = {}, channelId?: string): SentInteraction {
    const [command, subcommand] = name.split(' ');
    const given = commandOptions(options);
    return this.send(
      baseInteraction(
        this.fake,
        this.guildId,
        who,
        InteractionType.ApplicationCommand,
        {
          id: snowflake(),
          name: command,
          type: ApplicationCommandType.ChatInput,
          options: subcommand
            ? [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: given }]
            : given,
          ...resolvedChannels(this.fake, options),
        },
        {},
        channelId,
      ),
    );
  }

  autocomplete(who: Member, name: string, options: Record<string, OptionValue>, focused: string): SentInteraction {
    return this.send(
      baseInteraction(this.fake, this.guildId, who, InteractionType.ApplicationCommandAutocomplete, {
        id: snowflake(),
        name,
        type: ApplicationCommandType.ChatInput,
        options: commandOptions(options, focused),
      }),
    );
  }

  /**
   * A click on a button of a message the bot sent (`message` as the fake returns it, `FakeDiscord.message`). Discord
   * sends presses only of buttons the message shows, enabled: pressing any other is the test's mistake.
   */
  button(who: Member, customId: string, message: Record<string, any>): SentInteraction {
    const button = (message.components ?? [])
      .flatMap((row: { components?: Array<Record<string, any>> }) => row.components ?? [])
      .find((component: Record<string, any>) => component.custom_id === customId);
    if (!button) throw new Error(`the message has no button ${customId}`);
    if (button.disabled) throw new Error(`the button ${customId} is disabled: Discord sends no press`);
    return this.send(
      baseInteraction(
        this.fake,
        this.guildId,
        who,
        InteractionType.MessageComponent,
        { custom_id: customId, component_type: ComponentType.Button },
        { message },
      ),
    );
  }

  /**
   * A submitted modal (MODAL_SUBMIT), as Discord sends it: the modal's custom id, and each of its text inputs with
   * the value typed (`values` by input custom id; an input left out was left empty). `modal` is the callback's
   * `data` as the bot sent it; `message` the message whose button opened it, when one did.
   */
  modalSubmit(
    who: Member,
    modal: { custom_id: string; components: Array<Record<string, any>> },
    values: Record<string, string>,
    message?: Record<string, unknown>,
  ): SentInteraction {
    let id = 0;
    const input = (component: Record<string, any>) => ({
      type: ComponentType.TextInput,
      id: ++id,
      custom_id: component.custom_id,
      value: values[component.custom_id] ?? '',
    });
    const components = modal.components.map((component) =>
      component.type === ComponentType.Label
        ? { type: ComponentType.Label, id: ++id, component: input(component.component) }
        : { type: ComponentType.ActionRow, id: ++id, components: component.components.map(input) },
    );
    return this.send(
      baseInteraction(
        this.fake,
        this.guildId,
        who,
        InteractionType.ModalSubmit,
        { custom_id: modal.custom_id, components },
        message ? { message } : {},
      ),
    );
  }

  private send(interaction: SentInteraction): SentInteraction {
    this.fake.dispatch('INTERACTION_CREATE', interaction.payload as { guild_id: string });
    return interaction;
  }
}
