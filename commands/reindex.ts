import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder, time } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { isModerator } from '../src/discord/permissions.js';
import { renderReindexReport } from '../src/render/discordReindex.js';

const reindex: Command = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Moderators: reload the articles in seeds/ and rebuild the index.')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  async execute(interaction, { knowledge, config, log, reloadOtherShards }) {
    if (!isModerator(interaction, config.moderatorRoleIds)) {
      await interaction.reply({ content: 'Sorry, only moderators (Manage Server) can reindex the sources.', flags: MessageFlags.Ephemeral });
      return;
    }
    // Rebuilding takes longer than Discord's 3-second window: acknowledge first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const outcome = await knowledge.reindex();
    if (outcome.status === 'busy') {
      await interaction.editReply(`A reindex is already running (started ${time(outcome.since, 'R')}); its result will be used.`);
      return;
    }
    log.info('reindexed', { user: interaction.user.id, ...outcome.report, problems: outcome.report.problems.length });
    const shards = await reloadOtherShards(outcome.builtAt);
    await interaction.editReply(renderReindexReport(outcome.report, shards ?? undefined));
  },
};

export default reindex;
