import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { renderHelp } from '../src/render/discord/help.js';

const help: Command = {
  data: new SlashCommandBuilder().setName('help').setDescription('What this bot does and how to use it.'),

  async execute(interaction, { commands }) {
    await interaction.reply({
      ...renderHelp([...commands.values()].map((command) => command.data.toJSON())),
      flags: MessageFlags.Ephemeral,
    });
  },
};

export default help;
