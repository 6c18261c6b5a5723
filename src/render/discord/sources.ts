import { time, type APIApplicationCommandOptionChoice, type APIEmbed } from 'discord.js';
import type { SourceSummary } from '../../knowledgeBase.js';
import type { SeedProblem } from '../../sources/types.js';
import { describeProblem } from '../shared/seedProblem.js';
import { discordLimits, embedColors } from './constants.js';
import { escapeUserText, fitLines, fitText } from './text.js';

/**
 * /sources: one entry per source (title; publisher, date, excerpts and a link to the article, preview
 * suppressed), and when the index was built. Seed problems are moderator diagnostics: see
 * {@link renderSourceProblems}.
 */
export function renderSources(sources: readonly SourceSummary[], builtAt: Date): { embeds: APIEmbed[] } {
  const lines = sources.map((source) => {
    const title = fitText(source.title, 200, (kept, mark) => `**${escapeUserText(kept)}${mark}**`);
    const details = [source.publisher ?? 'publisher unknown', source.date ?? 'undated', `${source.chunkCount} excerpts`]
      .map(escapeUserText)
      .join(' · ');
    const url = source.url && /^https?:\/\/[^\s)<>]+$/.test(source.url) ? ` · [link](<${source.url}>)` : '';
    return `${title}\n${details}${url}`;
  });
  const empty = 'No sources yet: a moderator can add articles to `seeds/` and run /reindex.';
  return {
    embeds: [
      {
        title: `What I know: ${sources.length} source${sources.length === 1 ? '' : 's'}`,
        // 3,000 leaves room for the footer within the 6,000 total.
        description: `${fitLines(lines.length ? lines : [empty], 3000, (hidden) => `…and ${hidden} more`)}\n\nLast indexed ${time(builtAt, 'R')} (${time(builtAt, 'f')}).`,
        color: embedColors.info,
      },
    ],
  };
}

/** The seed files the last index skipped, and why: shown to moderators only, privately. */
export function renderSourceProblems(problems: readonly SeedProblem[]): { embeds: APIEmbed[] } {
  return {
    embeds: [
      {
        title: `Moderators: skipped ${problems.length} seed file${problems.length === 1 ? '' : 's'}`,
        description: fitLines(
          problems.map((problem) => escapeUserText(describeProblem(problem))),
          discordLimits.embedDescription,
        ),
        color: embedColors.warning,
      },
    ],
  };
}

/** Autocomplete for a `source` option: sources whose title, publisher or id contain what was typed. */
export function sourceChoices(
  sources: readonly SourceSummary[],
  typed: string,
): APIApplicationCommandOptionChoice<string>[] {
  const needle = typed.trim().toLowerCase();
  return sources
    .filter((source) => source.id.length <= discordLimits.choiceValue)
    .filter(
      (source) =>
        !needle ||
        [source.title, source.publisher ?? '', source.id].some((text) => text.toLowerCase().includes(needle)),
    )
    .slice(0, discordLimits.choices)
    .map((source) => {
      const publisher = source.publisher ? ` (${fitText(source.publisher, maxChoicePublisher)})` : '';
      return {
        name: fitText(source.title, discordLimits.choiceName, (kept, mark) => `${kept}${mark}${publisher}`),
        value: source.id,
      };
    });
}

/** Characters of a publisher's name in an autocomplete choice, so that the title keeps the most of its 100. */
const maxChoicePublisher = 40;
