import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import type { Command } from '../src/discord/command.js';
import { isExpired } from '../src/discord/interactions.js';
import { timelineOf, UnknownTopicError, type Comparison } from '../src/figures/index.js';
import { renderComparison, topicChoices } from '../src/render/discord/compare.js';
import { discordLimits, privateDescription } from '../src/render/discord/constants.js';
import { topicDescription, type CommandCatalog } from '../src/render/discord/descriptions.js';
import { fitText } from '../src/render/discord/text.js';
import { renderComparisonCsv } from '../src/render/text/compareCsv.js';
import { errorDetail, errorMessage } from '../src/util/errors.js';

const chartFile = 'comparison.png';

/** Built from the catalog, so `topic` names the topics there are. */
const compare = (catalog: CommandCatalog): Command => ({
  data: new SlashCommandBuilder()
    .setName('compare')
    .setDescription('Compare the figures the sources give on one topic, with a chart.')
    .addStringOption((option) =>
      option.setName('topic').setDescription(topicDescription(catalog)).setRequired(true).setAutocomplete(true),
    )
    .addStringOption((option) =>
      option
        .setName('view')
        .setDescription('Sources side by side (default), or the claims over time')
        .addChoices({ name: 'side by side', value: 'table' }, { name: 'over time', value: 'timeline' }),
    )
    .addBooleanOption((option) => option.setName('private').setDescription(privateDescription)),

  async execute(interaction, { knowledge, log, drawComparisonChart }) {
    const topic = interaction.options.getString('topic', true);
    const asTimeline = interaction.options.getString('view') === 'timeline';
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
    const timeline = asTimeline ? timelineOf(comparison) : undefined;
    // Drawing the chart can outlast Discord's 3-second window: acknowledge first.
    await interaction.deferReply(interaction.options.getBoolean('private') ? { flags: MessageFlags.Ephemeral } : {});
    // The table is the answer and the chart an extra: a chart that cannot be drawn (a native
    // canvas error, a font that will not load) must not cost the member the table.
    const problems: string[] = [];
    let chart: Buffer | undefined;
    try {
      chart = await drawComparisonChart(comparison, timeline ? { timeline } : {});
    } catch (error) {
      log.warn('could not draw the comparison chart; sending the table alone', { topic, error: errorDetail(error) });
      problems.push('the chart could not be drawn');
    }
    const tableFile = `compare-${comparison.topic.name}.csv`;
    const files = [
      ...(chart ? [{ attachment: chart, name: chartFile }] : []),
      { attachment: Buffer.from(renderComparisonCsv(comparison), 'utf8'), name: tableFile },
    ];
    const { embeds } = renderComparison(comparison, {
      ...(chart ? { chartFile } : {}),
      tableFile,
      ...(timeline ? { timeline } : {}),
    });
    try {
      await interaction.editReply({ embeds, files });
    } catch (error) {
      // An expired interaction takes no second try: the router logs it.
      if (isExpired(error)) throw error;
      // An upload Discord refuses (too large, a network fault) must not cost the member the table:
      // it goes alone, and why reaches the member privately.
      log.warn('could not upload the comparison files; sending the table alone', { topic, error: errorDetail(error) });
      const { embeds: alone } = renderComparison(comparison, timeline ? { timeline } : {});
      await interaction.editReply({ embeds: alone, files: [], attachments: [] });
      problems.push(`the chart and table file could not be uploaded (${errorMessage(error)})`);
    }
    if (problems.length)
      await interaction.followUp({
        content: fitText(
          `Sorry: ${problems.join('; ')}. The comparison above is complete as far as it goes; \`npm run compare -- ${comparison.topic.name}\` gives the whole table.`,
          discordLimits.content,
        ),
        flags: MessageFlags.Ephemeral,
      });
  },

  async autocomplete(interaction, { knowledge }) {
    await interaction.respond(topicChoices(knowledge.current.topics(), interaction.options.getFocused()));
  },
});

export default compare;
