import { describe, expect, it } from 'vitest';
import { SetupError } from '../../src/util/dataFile.js';
import type { BuildProgress, ReindexReport } from '../../src/knowledgeBase.js';
import { renderReindexFailure, renderReindexProgress, renderReindexReport } from '../../src/render/discord/reindex.js';
import { renderSources, sourceChoices } from '../../src/render/discord/sources.js';
import { discordLimits } from '../../src/render/discord/constants.js';
import { embedsLength } from '../../src/render/discord/text.js';

const report: ReindexReport = {
  added: ['new-article'],
  removed: [],
  changed: ['edited_article'],
  unchanged: ['a', 'b'],
  chunksBefore: 150,
  chunksAfter: 158,
  durationMs: 1234,
  problems: [{ file: 'broken.txt', line: 3, message: 'front matter: title is missing' }],
  saved: false,
};

describe('renderReindexReport', () => {
  it('says what changed, how long it took, what was skipped, and warns when the index was not saved', () => {
    const [embed] = renderReindexReport(report, { shards: 2, failed: 0 }).embeds;
    expect(embed!.title).toBe('Reindexed in 1.23 s');
    expect(embed!.description).toContain('158 excerpts indexed (was 150).');
    expect(embed!.description).toContain('could not be saved to disk');
    expect(embed!.description).toContain('All 2 shards now answer from it.');
    expect(embed!.fields).toEqual([
      { name: 'Added (1)', value: '• new-article' },
      { name: 'Changed (1)', value: '• edited\\_article' },
      { name: 'Skipped (1)', value: 'skipped broken.txt:3: front matter: title is missing' },
    ]);
  });

  it('says when nothing changed, and stays within limits with thousands of sources', () => {
    const many = Array.from({ length: 5000 }, (_, index) => `source-${index}`);
    const { embeds } = renderReindexReport({
      ...report,
      added: many,
      changed: many,
      removed: many,
      saved: true,
      problems: [],
    });
    expect(embedsLength(embeds)).toBeLessThanOrEqual(discordLimits.embedsTotal);
    for (const field of embeds[0]!.fields!) expect(field.value).toMatch(/…and \d+ more$/);
    expect(renderReindexReport({ ...report, added: [], changed: [], problems: [] }).embeds[0]!.description).toContain(
      'No source changed.',
    );
  });
});

describe('renderReindexProgress', () => {
  const line = (progress: BuildProgress) => renderReindexProgress(progress).embeds[0]!.description;

  it('names the phase and counts files read and chunks indexed, with thousands separators', () => {
    expect(line({ phase: 'read', done: 120, total: 3163 })).toBe('Reading seeds 120/3,163 files (3%)');
    expect(line({ phase: 'chunk', done: 5, total: 10 })).toBe('Splitting paragraphs 5/10 files (50%)');
    expect(line({ phase: 'index', done: 40_000, total: 93_681 })).toBe('Indexing chunks 40,000/93,681 (42%)');
    const [embed] = renderReindexProgress({ phase: 'index', done: 40_000, total: 93_681 }).embeds;
    expect(embed!.title).toBe('Reindexing…');
    expect(embed!.footer!.text).toMatch(/^Step 3 of 5\. Questions are answered from the current index/);
  });

  it('hands a finished phase over to the next, which has no count yet, and ends with the swap', () => {
    expect(line({ phase: 'read', done: 3163, total: 3163 })).toBe('Splitting paragraphs…');
    expect(line({ phase: 'index', done: 93_681, total: 93_681 })).toBe('Extracting figures…');
    expect(line({ phase: 'figures', done: 1, total: 1 })).toBe('Saving the index…');
    expect(line({ phase: 'save', done: 1, total: 1 })).toBe('Saved; switching to the new index…');
    expect(renderReindexProgress({ phase: 'save', done: 1, total: 1 }).embeds[0]!.footer!.text).toMatch(
      /^Step 5 of 5\./,
    );
  });

  it('stays within limits, and never shows 100% before a phase is done or breaks on an empty one', () => {
    expect(line({ phase: 'index', done: 999, total: 1000 })).toBe('Indexing chunks 999/1,000 (99%)');
    expect(line({ phase: 'read', done: 0, total: 0 })).toBe('Splitting paragraphs…');
    const huge = renderReindexProgress({
      phase: 'index',
      done: Number.MAX_SAFE_INTEGER - 1,
      total: Number.MAX_SAFE_INTEGER,
    }).embeds;
    expect(embedsLength(huge)).toBeLessThanOrEqual(discordLimits.embedsTotal);
    expect(huge[0]!.description!.length).toBeLessThanOrEqual(discordLimits.embedDescription);
  });
});

describe('renderReindexFailure', () => {
  const unchanged = 'Questions are still answered from the current index, unchanged.';

  it('shows a setup mistake the moderator can fix, escaped; any other error only as "see the log"', () => {
    const [setup] = renderReindexFailure(
      new SetupError('/srv/config/topics.json: topics.0.whose_figures: expected string'),
    ).embeds;
    expect(setup!.title).toBe('Reindex failed');
    expect(setup!.description).toBe(`/srv/config/topics.json: topics.0.whose\\_figures: expected string\n${unchanged}`);
    const [other] = renderReindexFailure(new Error('EIO: i/o error, read /srv/secret/path')).embeds;
    expect(other!.description).toBe(`Something went wrong while rebuilding; the details are in the log.\n${unchanged}`);
    expect(renderReindexFailure('not even an Error').embeds[0]!.description).toBe(other!.description);
  });

  it('trims an overlong setup message but keeps the sentence about the current index', () => {
    const { embeds } = renderReindexFailure(new SetupError('A bad line. '.repeat(1000)));
    expect(embeds[0]!.description!.length).toBeLessThanOrEqual(discordLimits.embedDescription);
    expect(embeds[0]!.description).toMatch(new RegExp(`…\\n${unchanged}$`));
  });
});

describe('renderSources', () => {
  it('stays within limits with many sources and says how many are not shown', () => {
    const sources = Array.from({ length: 400 }, (_, index) => ({
      id: `s${index}`,
      file: `s${index}.txt`,
      title: `A rather long article title number ${index}`,
      hash: 'h',
      chunkCount: 10,
    }));
    const { embeds } = renderSources(sources, new Date(0));
    expect(embedsLength(embeds)).toBeLessThanOrEqual(discordLimits.embedsTotal);
    expect(embeds[0]!.description).toMatch(/…and \d+ more\n\nLast indexed <t:0:R>/);
  });

  it('tells a member how to add sources when there are none', () => {
    expect(renderSources([], new Date(0)).embeds[0]!.description).toMatch(/^No sources yet/);
  });
});

describe('sourceChoices', () => {
  it('keeps every choice name within Discord’s 100 characters, even with a 150-character publisher', () => {
    const choices = sourceChoices(
      [
        {
          id: 'long',
          file: 'long.txt',
          title: 'North Korean troops arrive in Kursk',
          publisher: 'P'.repeat(150),
          hash: 'h',
          chunkCount: 1,
        },
        { id: 'title', file: 'title.txt', title: 'T '.repeat(120), publisher: 'Example', hash: 'h', chunkCount: 1 },
      ],
      '',
    );
    expect(choices).toHaveLength(2);
    for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(discordLimits.choiceName);
    expect(choices[0]!.name).toMatch(/^North Korean troops arrive in Kursk \(P+…\)$/);
  });
});
