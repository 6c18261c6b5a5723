import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { isModerator } from '../src/discord/permissions.js';
import { respond } from '../src/discord/respond.js';
import { privateDescription } from '../src/render/discord/constants.js';
import { renderSourceProblems, renderSources } from '../src/render/discord/sources.js';

const sources: Command = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the articles I answer from, and when they were last indexed.')
    .addBooleanOption((option) => option.setName('private').setDescription(privateDescription)),

  deferWhenBusy: (interaction) => ({ ephemeral: interaction.options.getBoolean('private') ?? false }),

  async execute(interaction, { knowledge, config }) {
    const kb = knowledge.current;
    const flags = interaction.options.getBoolean('private') ? MessageFlags.Ephemeral : undefined;
    await respond(interaction, { ...renderSources(kb.sources(), kb.builtAt), flags });
    // Skipped seeds are moderator diagnostics: privately, to moderators only.
    if (kb.problems.length && isModerator(interaction, config.moderatorRoleIds))
      await interaction.followUp({ ...renderSourceProblems(kb.problems), flags: MessageFlags.Ephemeral });
  },
};

export default sources;
