import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { UnknownTopicError, type Comparison } from '../src/figures/index.js';
import { renderComparison, topicChoices } from '../src/render/discord/compare.js';
import { discordLimits } from '../src/render/discord/constants.js';
import { fitText } from '../src/render/discord/text.js';
import { errorDetail } from '../src/util/errors.js';

const chartFile = 'comparison.png';

const compare: Command = {
  data: new SlashCommandBuilder()
    .setName('compare')
    .setDescription('Compare the figures the sources give on one topic, with a chart.')
    .addStringOption((option) =>
      option.setName('topic').setDescription('What to compare, e.g. troops').setRequired(true).setAutocomplete(true),
    ),

  async execute(interaction, { knowledge, log, drawComparisonChart }) {
    const topic = interaction.options.getString('topic', true);
    let comparison: Comparison;
    try {
      comparison = knowledge.current.compare(topic);
    } catch (error) {
      if (!(error instanceof UnknownTopicError)) throw error;
      const known = knowledge.current
        .topics()
        .map((candidate) => `\`${candidate.name}\``)
        .join(', ');
      await interaction.reply({
        content: fitText(`I have no topic called that. Try one of: ${known}.`, discordLimits.content),
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    // Drawing the chart can outlast Discord's 3-second window: acknowledge first.
    await interaction.deferReply();
    // The table is the answer and the chart an extra: a chart that cannot be drawn (a native
    // canvas error, a font that will not load) must not cost the member the table.
    let chart: Buffer | undefined;
    try {
      chart = await drawComparisonChart(comparison);
    } catch (error) {
      log.warn('could not draw the comparison chart; sending the table alone', {
        topic,
        error: errorDetail(error),
      });
    }
    await interaction.editReply(
      chart
        ? { ...renderComparison(comparison, chartFile), files: [{ attachment: chart, name: chartFile }] }
        : renderComparison(comparison),
    );
  },

  async autocomplete(interaction, { knowledge }) {
    await interaction.respond(topicChoices(knowledge.current.topics(), interaction.options.getFocused()));
  },
};

export default compare;
