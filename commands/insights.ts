import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { DEFAULT_INSIGHT_DAYS, INSIGHT_WINDOWS } from '../src/feedback/store.js';
import { customId, type Command } from '../src/discord/command.js';
import { isModerator } from '../src/discord/permissions.js';
import {
  renderClearConfirmation,
  renderCleared,
  renderInsights,
  renderInsightsUnavailable,
} from '../src/render/discord/insights.js';

const refusal = 'Sorry, only moderators (Manage Server) can see the feedback insights.';
const confirmId = customId('insights', 'clear');
const cancelId = customId('insights', 'cancel');

const insights: Command = {
  data: new SlashCommandBuilder()
    .setName('insights')
    .setDescription('Moderators: what members asked that the bot declined or voted down, and what it cites.')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild)
    .addIntegerOption((option) =>
      option
        .setName('days')
        .setDescription(`The period to look at (default ${DEFAULT_INSIGHT_DAYS} days)`)
        .addChoices(...INSIGHT_WINDOWS.map((days) => ({ name: `last ${days} days`, value: days }))),
    )
    .addBooleanOption((option) =>
      option.setName('clear').setDescription('Clear this server’s log of declined questions (asks to confirm)'),
    ),

  async execute(interaction, { feedback, feedbackProblem, config, knowledge }) {
    if (!isModerator(interaction, config.moderatorRoleIds) || !interaction.inGuild()) {
      await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
      return;
    }
    if (!feedback) {
      await interaction.reply({ content: renderInsightsUnavailable(feedbackProblem), flags: MessageFlags.Ephemeral });
      return;
    }
    const guildId = interaction.guildId;
    const days = interaction.options.getInteger('days') === 30 ? 30 : DEFAULT_INSIGHT_DAYS;
    if (interaction.options.getBoolean('clear')) {
      await interaction.reply({
        ...renderClearConfirmation(feedback.declinedCount(guildId), { confirm: confirmId, cancel: cancelId }),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const kb = knowledge.current;
    const report = feedback.insights({ guildId, days, allSourceIds: kb.sources().map((source) => source.id) });
    await interaction.reply({
      ...renderInsights(report, { title: (id) => kb.source(id)?.title }),
      flags: MessageFlags.Ephemeral,
    });
  },

  /** The confirmation's buttons: checked again, since a button carries no permission of its own. */
  async button(interaction, { feedback, config }) {
    if (!isModerator(interaction, config.moderatorRoleIds) || !interaction.inGuild()) {
      await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
      return;
    }
    if (interaction.customId !== confirmId) {
      await interaction.update({ content: 'Nothing was cleared.', components: [] });
      return;
    }
    if (!feedback) {
      await interaction.update({ content: renderInsightsUnavailable(undefined), components: [] });
      return;
    }
    await interaction.update({ content: renderCleared(feedback.clearDeclined(interaction.guildId)), components: [] });
  },
};

export default insights;
