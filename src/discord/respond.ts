import type { ChatInputCommandInteraction, InteractionReplyOptions } from 'discord.js';

/**
 * Replies, or edits the deferred reply when the router deferred the command because the bot was
 * busy (see `Command.deferWhenBusy`). A deferred reply's visibility was chosen when deferring.
 */
export async function respond(
  interaction: ChatInputCommandInteraction,
  payload: InteractionReplyOptions & { flags?: number },
): Promise<void> {
  if (interaction.deferred) {
    const { flags: _flags, ...edit } = payload;
    await interaction.editReply(edit);
  } else {
    await interaction.reply(payload);
  }
}
