import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { isModerator } from '../src/discord/permissions.js';
import { respond } from '../src/discord/respond.js';
import { renderHelp } from '../src/render/discord/help.js';

const help: Command = {
  data: new SlashCommandBuilder().setName('help').setDescription('What this bot does and how to use it.'),

  deferWhenBusy: () => ({ ephemeral: true }),

  async execute(interaction, { commands, config }) {
    await respond(interaction, {
      ...renderHelp(
        [...commands.values()].map((command) => command.data.toJSON()),
        { moderator: isModerator(interaction, config.moderatorRoleIds) },
      ),
      flags: MessageFlags.Ephemeral,
    });
  },
};

export default help;
