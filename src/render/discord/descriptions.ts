import type { Topic } from '../../figures/topics.js';
import { discordLimits } from './constants.js';
import { fitText } from './text.js';

/**
 * What the commands' option descriptions are built from, so they name what this bot answers about rather than a
 * hard-coded subject: the /compare topics (config/topics.json), loaded by the bot and by `npm run deploy` alike.
 */
export interface CommandCatalog {
  topics: ReadonlyArray<Pick<Topic, 'name' | 'description'>>;
}

/** No topics: descriptions that name none. */
export const emptyCatalog: CommandCatalog = { topics: [] };

/** /ask's `question`: an example subject, the first topic's. */
export function questionDescription({ topics }: CommandCatalog): string {
  const example = topics[0]?.description;
  return fitText(
    example ? `Your question, e.g. about ${example}` : 'Your question about the articles I answer from',
    discordLimits.optionDescription,
  );
}

/** /compare's `topic`: as many topic names as fit, "…" when some do not. */
export function topicDescription({ topics }: CommandCatalog): string {
  if (!topics.length) return 'What to compare (start typing to see the topics)';
  const lead = 'What to compare: ';
  const names = topics.map((topic) => topic.name);
  for (let shown = names.length; shown > 0; shown--) {
    const text = lead + names.slice(0, shown).join(', ') + (shown < names.length ? ', …' : '');
    if (text.length <= discordLimits.optionDescription) return text;
  }
  return fitText(lead + names[0], discordLimits.optionDescription);
}
