import {
  ChannelType,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { isModerator } from '../src/discord/permissions.js';
import { renderMentionSetting, renderSettingsUnavailable } from '../src/render/discord/settings.js';
import { errorMessage } from '../src/util/errors.js';

const refusal = 'Sorry, only moderators (Manage Server) can change the settings.';
const notSaved = 'Sorry, the setting could not be read or saved just now. It has been logged; please try again.';

const settings: Command = {
  data: new SlashCommandBuilder()
    .setName('settings')
    .setDescription('Moderators: see or change how the bot behaves in this server.')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((subcommand) =>
      subcommand
        .setName('mentions')
        .setDescription('Whether mentioning the bot with a question answers it (in a thread), per channel')
        .addChannelOption((option) =>
          option
            .setName('channel')
            .setDescription('The channel (default: this one)')
            .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
        )
        .addBooleanOption((option) =>
          option.setName('enabled').setDescription('Turn mention mode on or off there; leave out to see the setting'),
        ),
    ),

  async execute(interaction, { feedback, feedbackProblem, config, log }) {
    if (!isModerator(interaction, config.moderatorRoleIds) || !interaction.inGuild()) {
      await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
      return;
    }
    if (!feedback) {
      await interaction.reply({ content: renderSettingsUnavailable(feedbackProblem), flags: MessageFlags.Ephemeral });
      return;
    }
    const { guildId } = interaction;
    const channelId = interaction.options.getChannel('channel')?.id ?? interaction.channelId;
    const enabled = interaction.options.getBoolean('enabled');
    let content: string;
    try {
      if (enabled !== null) feedback.setMentionMode(guildId, channelId, enabled);
      const offIn = feedback
        .mentionModeChannels(guildId)
        .filter((channel) => !channel.enabled)
        .map((channel) => channel.channelId);
      content = renderMentionSetting({
        channelId,
        enabled: feedback.mentionModeEnabled(guildId, channelId),
        changed: enabled !== null,
        offIn,
      });
      if (enabled !== null) log.info('mention mode set', { guild: guildId, channel: channelId, enabled });
    } catch (error) {
      log.error('could not read or save the mention mode setting', {
        interaction: interaction.id,
        error: errorMessage(error),
      });
      content = notSaved;
    }
    await interaction.reply({ content, flags: MessageFlags.Ephemeral });
  },
};

export default settings;
