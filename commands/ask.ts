import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { maxQuestionLength } from '../src/ask/question.js';
import { answerMessage, handleAnswerButton, keepForButtons } from '../src/discord/answerButtons.js';
import type { Command } from '../src/discord/command.js';
import { withoutMentions } from '../src/discord/mentions.js';
import { respond } from '../src/discord/respond.js';
import { answerFeedback, handleReasonModal, handleVoteButton, isVoteCustomId } from '../src/discord/votes.js';
import { citationsPerAnswer } from '../src/render/discord/answer.js';
import { privateDescription } from '../src/render/discord/constants.js';
import { questionDescription, type CommandCatalog } from '../src/render/discord/descriptions.js';
import { sourceChoices } from '../src/render/discord/sources.js';

/** Built from the catalog, so the question's example names a subject the sources cover. */
const ask = (catalog: CommandCatalog): Command => ({
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question; get an answer quoted from the sources, with citations.')
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription(questionDescription(catalog))
        .setRequired(true)
        .setMinLength(3)
        .setMaxLength(maxQuestionLength),
    )
    .addStringOption((option) =>
      option.setName('source').setDescription('Only answer from this source').setAutocomplete(true),
    )
    .addBooleanOption((option) => option.setName('private').setDescription(privateDescription)),

  deferWhenBusy: (interaction) => ({ ephemeral: interaction.options.getBoolean('private') ?? false }),

  async execute(interaction, context) {
    const { knowledge, answerPages } = context;
    const question = interaction.options.getString('question', true);
    const source = interaction.options.getString('source') ?? undefined;
    const isPrivate = interaction.options.getBoolean('private') ?? false;
    const kb = knowledge.current;
    if (source && !kb.source(source)) {
      await respond(interaction, {
        content: 'I don’t know that source. Start typing in `source` and pick one from the list.',
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    const answer = { ...kb.ask(withoutMentions(question), { source, limit: citationsPerAnswer }), question };
    const key = keepForButtons(answer, isPrivate, answerPages);
    const view = {
      key,
      page: 0,
      ownerId: interaction.user.id,
      private: isPrivate,
      source: (id: string) => kb.source(id),
    };
    const rendered = answerMessage(answer, view, answerFeedback(interaction, answer, context));
    await respond(interaction, { ...rendered, flags: isPrivate ? MessageFlags.Ephemeral : undefined });
  },

  async autocomplete(interaction, { knowledge }) {
    await interaction.respond(sourceChoices(knowledge.current.sources(), interaction.options.getFocused()));
  },

  /** 👍 / 👎 (see src/discord/votes.ts); paging and sharing (see src/discord/answerButtons.ts). */
  async button(interaction, context) {
    if (isVoteCustomId(interaction.customId)) return handleVoteButton(interaction, context);
    return handleAnswerButton(interaction, context);
  },

  /** "What was wrong?", submitted. */
  modal: handleReasonModal,
});

export default ask;
