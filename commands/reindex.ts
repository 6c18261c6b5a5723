import {
  InteractionContextType,
  MessageFlags,
  type InteractionEditReplyOptions,
  PermissionFlagsBits,
  SlashCommandBuilder,
  time,
} from 'discord.js';
import type { Command } from '../src/discord/command.js';
import type { ReindexOutcome } from '../src/discord/knowledgeHolder.js';
import { isModerator } from '../src/discord/permissions.js';
import { ProgressEdits } from '../src/discord/progressEdits.js';
import { renderReindexFailure, renderReindexProgress, renderReindexReport } from '../src/render/discord/reindex.js';
import { errorDetail, errorMessage } from '../src/util/errors.js';

const reindex: Command = {
  data: new SlashCommandBuilder()
    .setName('reindex')
    .setDescription('Moderators: reload the articles in seeds/ and rebuild the index.')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts(InteractionContextType.Guild),

  async execute(interaction, { knowledge, config, log, reloadOtherShards, reindexProgressIntervalMs }) {
    if (!isModerator(interaction, config.moderatorRoleIds)) {
      await interaction.reply({
        content: 'Sorry, only moderators (Manage Server) can reindex the sources.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    // Rebuilding takes longer than Discord's 3-second window: acknowledge first.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Progress edits of the private reply, throttled; stopped before anything else is sent, so they never land
    // after it.
    const progress = new ProgressEdits<InteractionEditReplyOptions>((payload) => interaction.editReply(payload), {
      intervalMs: reindexProgressIntervalMs,
      onError: (error) =>
        log.warn('reindex progress edit failed; carrying on', {
          interaction: interaction.id,
          error: errorMessage(error),
        }),
    });
    let outcome: ReindexOutcome;
    try {
      outcome = await knowledge
        .reindex((update) => progress.update(() => renderReindexProgress(update)))
        .finally(() => progress.stop());
    } catch (error) {
      // The reply shows the last progress: turn it into the failure, rather than leave it "in progress"
      // above the router's generic apology. Progress has stopped, so this is the last edit.
      log.error('reindex failed', {
        interaction: interaction.id,
        user: interaction.user.id,
        error: errorDetail(error),
      });
      await interaction.editReply(renderReindexFailure(error));
      return;
    }
    if (outcome.status === 'busy') {
      await interaction.editReply(
        `A reindex is already running (started ${time(outcome.since, 'R')}); its result will be used.`,
      );
      return;
    }
    log.info('reindexed', { user: interaction.user.id, ...outcome.report, problems: outcome.report.problems.length });
    const shards = await reloadOtherShards(outcome.builtAt);
    await interaction.editReply(renderReindexReport(outcome.report, shards ?? undefined));
  },
};

export default reindex;
