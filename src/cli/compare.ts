import { writeFile } from 'node:fs/promises';
import { measureSchema, timelineOf, UnknownTopicError, type Comparison } from '../figures/index.js';
import { renderComparisonChart } from '../render/png/comparisonChart.js';
import { comparisonToJson } from '../render/json/compare.js';
import {
  plainStyle,
  renderComparisonText,
  renderTimelineText,
  renderTopicList,
  terminalStyle,
} from '../render/text/compare.js';
import { openKnowledgeBase, parseCommandLine, runCli, switchOption, UsageError, useColor, valueOption } from './run.js';

const usage =
  'usage: npm run compare -- TOPIC [--json] [--chart FILE.png] [--timeline [--measure MEASURE]]   |   npm run compare -- --list';

await runCli(async (log) => {
  const { values, positionals } = parseCommandLine(
    {
      allowPositionals: true,
      options: {
        json: switchOption,
        list: switchOption,
        chart: valueOption,
        timeline: switchOption,
        measure: valueOption,
      },
    },
    usage,
  );
  if (!values.list && positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0
        ? `Name a topic (npm run compare -- --list shows them).\n${usage}`
        : `Name one topic.\n${usage}`,
    );

  const kb = await openKnowledgeBase(log);
  if (values.list) {
    process.stdout.write(
      values.json
        ? JSON.stringify({ topics: kb.topics().map(({ name, description }) => ({ name, description })) }) + '\n'
        : renderTopicList(kb.topics()),
    );
    return;
  }
  let comparison: Comparison;
  try {
    comparison = kb.compare(positionals[0]!);
  } catch (error) {
    if (error instanceof UnknownTopicError)
      throw new UsageError(
        `Unknown topic "${positionals[0]}". Known topics: ${
          kb
            .topics()
            .map((topic) => topic.name)
            .join(', ') || 'none (see config/topics.json)'
        }.`,
      );
    throw error;
  }
  let measure;
  if (values.measure !== undefined) {
    const parsed = measureSchema.safeParse(values.measure);
    if (!parsed.success)
      throw new UsageError(`Unknown measure "${values.measure}". Measures: ${measureSchema.options.join(', ')}.`);
    measure = parsed.data;
  }
  const timeline = values.timeline ? timelineOf(comparison, measure) : undefined;
  if (values.chart) {
    const file = values.chart;
    await writeFile(file, await renderComparisonChart(comparison, timeline ? { timeline } : {})).catch(
      (error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot write the chart to ${file}: ${error.code ?? error.message}.`);
      },
    );
    log.info(`Chart written to ${file}.`);
  }
  const style = useColor() ? terminalStyle : plainStyle;
  process.stdout.write(
    values.json
      ? JSON.stringify(comparisonToJson(comparison, timeline)) + '\n'
      : timeline
        ? renderTimelineText(comparison, timeline, style)
        : renderComparisonText(comparison, style),
  );
});
