import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { respond } from '../src/discord/respond.js';
import { renderSources } from '../src/render/discord/sources.js';

const sources: Command = {
  data: new SlashCommandBuilder()
    .setName('sources')
    .setDescription('List the articles I answer from, and when they were last indexed.'),

  deferWhenBusy: () => ({ ephemeral: false }),

  async execute(interaction, { knowledge }) {
    const kb = knowledge.current;
    await respond(interaction, renderSources(kb.sources(), kb.builtAt, kb.problems));
  },
};

export default sources;
