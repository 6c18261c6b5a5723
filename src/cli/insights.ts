import { defaultDatabasePath, FeedbackDatabaseError } from '../feedback/database.js';
import { renderInsightsText } from '../feedback/insightsText.js';
import { DEFAULT_INSIGHT_DAYS, FeedbackStore, INSIGHT_WINDOWS } from '../feedback/store.js';
import { defaultPaths } from '../util/paths.js';
import { openKnowledgeBase, parseCommandLine, runCli, UsageError } from './run.js';

const usage = 'usage: npm run insights -- [--days 7|30] [--guild ID] [--json] | --clear-declined --guild ID';

await runCli(async (log) => {
  const { values } = parseCommandLine(
    {
      options: {
        days: { type: 'string', default: String(DEFAULT_INSIGHT_DAYS) },
        guild: { type: 'string' },
        json: { type: 'boolean', default: false },
        'clear-declined': { type: 'boolean', default: false },
      },
    },
    usage,
  );
  const days = Number(values.days);
  if (!(INSIGHT_WINDOWS as readonly number[]).includes(days)) {
    throw new UsageError(`--days must be ${INSIGHT_WINDOWS.join(' or ')}, not ${values.days}\n${usage}`);
  }
  // Clearing is per guild, as moderators do it from Discord: wiping every guild's log by leaving out --guild
  // would be too easy a mistake.
  if (values['clear-declined'] && !values.guild) throw new UsageError(`--clear-declined needs --guild ID\n${usage}`);

  const path = defaultDatabasePath(defaultPaths().dataDir);
  let store: FeedbackStore;
  try {
    store = FeedbackStore.open({ path, salt: process.env.FEEDBACK_SALT });
  } catch (error) {
    if (error instanceof FeedbackDatabaseError) throw new UsageError(error.message);
    throw error;
  }
  try {
    if (values['clear-declined']) {
      const cleared = store.clearDeclined(values.guild!);
      process.stdout.write(
        values.json
          ? JSON.stringify({ guildId: values.guild, cleared }) + '\n'
          : `Cleared ${cleared} declined questions of guild ${values.guild}.\n`,
      );
      return;
    }
    // The loaded sources give "never cited" and titles; without them the rest of the report still stands.
    let sources: { id: string; title: string }[] | undefined;
    try {
      sources = (await openKnowledgeBase(log)).sources().map(({ id, title }) => ({ id, title }));
    } catch (error) {
      log.warn('sources could not be loaded; leaving out "never cited"', { error: (error as Error).message });
    }
    const insights = store.insights({
      guildId: values.guild,
      days: days as (typeof INSIGHT_WINDOWS)[number],
      allSourceIds: sources?.map((source) => source.id),
    });
    process.stdout.write(
      values.json
        ? JSON.stringify(insights) + '\n'
        : renderInsightsText(insights, { titles: new Map(sources?.map((source) => [source.id, source.title])) }),
    );
  } finally {
    store.close();
  }
});
