import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { answerMessage, pageButtonId } from '../src/discord/answerMessage.js';
import type { Command } from '../src/discord/command.js';
import { discordQuestionMaxLength, withoutMentions } from '../src/discord/mentions.js';
import { respond } from '../src/discord/respond.js';
import { handleReasonModal, handleVoteButton, isVoteCustomId, voteRowOf } from '../src/discord/votes.js';
import { citationsPerAnswer, renderAnswer } from '../src/render/discord/answer.js';
import { sourceChoices } from '../src/render/discord/sources.js';

const ask: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question; get an answer quoted from the sources, with citations.')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question, e.g. "How many North Korean troops are in Kursk?"')
        .setRequired(true)
        .setMinLength(3)
        .setMaxLength(discordQuestionMaxLength),
    )
    .addStringOption((option) =>
      option.setName('source').setDescription('Only answer from this source').setAutocomplete(true),
    )
    .addBooleanOption((option) => option.setName('private').setDescription('Show the answer to you only')),

  deferWhenBusy: (interaction) => ({ ephemeral: interaction.options.getBoolean('private') ?? false }),

  async execute(interaction, context) {
    const { knowledge } = context;
    const question = interaction.options.getString('question', true);
    const source = interaction.options.getString('source') ?? undefined;
    const flags = interaction.options.getBoolean('private') ? MessageFlags.Ephemeral : undefined;
    const kb = knowledge.current;
    if (source && !kb.source(source)) {
      await respond(interaction, {
        content: 'I don’t know that source. Start typing in `source` and pick one from the list.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const answer = { ...kb.ask(withoutMentions(question), { source, limit: citationsPerAnswer }), question };
    await respond(interaction, { ...answerMessage(answer, interaction, context), flags });
  },

  async autocomplete(interaction, { knowledge }) {
    await interaction.respond(sourceChoices(knowledge.current.sources(), interaction.options.getFocused()));
  },

  /** 👍 / 👎 (see src/discord/votes.ts); "More excerpts" / "Previous": another page of the same answer in place. */
  async button(interaction, context) {
    if (isVoteCustomId(interaction.customId)) return handleVoteButton(interaction, context);
    const { answerPages, knowledge } = context;
    const [, key = '', page = '0'] = interaction.customId.split(':');
    const answer = answerPages.get(key);
    if (!answer) {
      await interaction.reply({
        content: 'These excerpts have expired. Ask again with `/ask` to see them.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const rendered = renderAnswer(answer, {
      page: Number.parseInt(page, 10) || 0,
      pageButtonId: pageButtonId(key),
      source: (id) => knowledge.current.source(id),
    });
    await interaction.update({ ...rendered, components: [...rendered.components, ...voteRowOf(interaction.message)] });
  },

  /** "What was wrong?", submitted. */
  modal: handleReasonModal,
};

export default ask;
