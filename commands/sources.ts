import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { isModerator } from '../src/discord/permissions.js';
import { respond } from '../src/discord/respond.js';
import { renderSourceProblems, renderSources } from '../src/render/discord/sources.js';

const sources: Command = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the articles I answer from, and when they were last indexed.'),

  deferWhenBusy: () => ({ ephemeral: false }),

  async execute(interaction, { knowledge, config }) {
    const kb = knowledge.current;
    await respond(interaction, renderSources(kb.sources(), kb.builtAt));
    // Skipped seeds are moderator diagnostics: privately, to moderators only.
    if (kb.problems.length && isModerator(interaction, config.moderatorRoleIds))
      await interaction.followUp({ ...renderSourceProblems(kb.problems), flags: MessageFlags.Ephemeral });
  },
};

export default sources;
