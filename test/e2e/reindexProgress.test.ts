import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { listSeedFiles } from '../../src/sources/loadSources.js';
import { editsOf, isReindexProgress, reindexResult } from '../support/assertions.js';
import type { RecordedRequest } from '../support/fakeDiscord.js';
import { useHarness } from '../support/harness.js';
import { member, moderatorPermissions, type SentInteraction } from '../support/interactions.js';

/**
 * /reindex edits the moderator's private reply with progress while it runs, then with the report.
 * The throttle interval is 0 here, so how many progress edits land depends on nothing but the
 * order of events; only what is certain is asserted: the first update is sent at once, edits go
 * one at a time, and the report is the last edit.
 */
const h = useHarness({ reindexProgressIntervalMs: 0 });

const moderator = member('mod', { permissions: moderatorPermissions });
const original = /^\/webhooks\/.*\/messages\/@original$/;

/** Many small seeds, so the read phase reports progress many times. */
async function addSeeds(prefix: string, count: number): Promise<void> {
  await Promise.all(
    Array.from({ length: count }, (_, index) =>
      writeFile(
        join(h().paths.seedsDir, `${prefix}-${String(index).padStart(4, '0')}.txt`),
        `---\ntitle: ${prefix} report ${index}\npublisher: Test Gazette\ndate: 2025-01-01\n---\n\nThe ${prefix} brigade number ${index} counts ${index * 10} volunteers, according to its commander.\n`,
      ),
    ),
  );
}

/** Every edit of a /reindex reply: progress first, the report last, each unable to ping, none changing the flags. */
function expectProgressThenReport(edits: RecordedRequest[]): void {
  expect(edits.length).toBeGreaterThanOrEqual(2);
  const last = edits.at(-1)!;
  expect(last.body.embeds[0].title).toMatch(/^Reindexed in \d+\.\d\d s$/);
  for (const edit of edits.slice(0, -1)) expect(isReindexProgress(edit.body), JSON.stringify(edit.body)).toBe(true);
  for (const edit of edits) {
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    // The reply was deferred as ephemeral; an edit keeps it so (no flags, no attachments to make it public).
    expect(edit.body.flags).toBeUndefined();
    expect(edit.files).toEqual([]);
  }
}

describe('/reindex progress', () => {
  it('edits the private reply with files read as it goes, then with the report, which is the last edit', async () => {
    await addSeeds('alpha', 200);
    const files = (await listSeedFiles(h().paths.seedsDir)).length;
    const sent = h().guild.command(moderator, 'reindex');
    const report = await reindexResult(h().fake, sent, 15_000);

    const [deferred] = h().fake.responsesTo(sent);
    expect(deferred!.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    const edits = editsOf(h().fake, sent);
    expectProgressThenReport(edits);
    expect(edits.at(-1)).toBe(report);
    expect(report.body.embeds[0].fields).toContainEqual(expect.objectContaining({ name: 'Added (200)' }));
    // The first update (one file read) is sent at once; whatever followed counts up, phase by phase.
    const progress = edits.slice(0, -1).map((edit) => edit.body.embeds[0].description as string);
    expect(progress[0]).toBe(`Reading seeds 1/${files} files (0%)`);
    for (const line of progress)
      expect(line).toMatch(
        /^(Reading seeds \d+\/\d+ files \(\d+%\)|Splitting paragraphs.*|Indexing chunks.*|Extracting figures…|Saving the index…|Saved; switching to the new index…)$/,
      );

    // Nothing arrives after the report, even once the bot has answered something else.
    await h().fake.waitForResponses(h().guild.command(member('alice'), 'help'));
    expect(editsOf(h().fake, sent).at(-1)).toBe(report);
  });

  it('carries on when a progress edit fails (404, then 500s past the retries): the reindex completes and the report is sent', async () => {
    await addSeeds('beta', 50);
    h().fake.scriptWhen('PATCH', original, isReindexProgress, {
      status: 404,
      body: { message: 'Unknown Message', code: 10008 },
    });
    const first = h().guild.command(moderator, 'reindex');
    const report = await reindexResult(h().fake, first, 15_000);
    expect(editsOf(h().fake, first)[0]!.status).toBe(404);
    expect(editsOf(h().fake, first).at(-1)).toBe(report);
    expect(report.body.embeds[0].fields).toContainEqual(expect.objectContaining({ name: 'Added (50)' }));
    const warned = h().log.entries.find((entry) => entry.level === 'warn' && entry.fields.interaction === first.id);
    expect(warned?.message).toBe('reindex progress edit failed; carrying on');
    expect(warned?.fields.error).toMatch(/Unknown Message/);

    // discord.js retries a 500 three times; a fourth fails the edit, and still nothing else does.
    const serverError = { status: 500, body: { message: 'Internal Server Error', code: 0 } };
    h().fake.scriptWhen('PATCH', original, isReindexProgress, serverError, serverError, serverError, serverError);
    const second = h().guild.command(moderator, 'reindex');
    const secondReport = await reindexResult(h().fake, second, 15_000);
    expect(
      editsOf(h().fake, second)
        .slice(0, 4)
        .map((edit) => edit.status),
    ).toEqual([500, 500, 500, 500]);
    expect(editsOf(h().fake, second).at(-1)).toBe(secondReport);
    expect(secondReport.body.embeds[0].description).toContain('No source changed.');
    expect(
      h().log.entries.some(
        (entry) =>
          entry.fields.interaction === second.id && entry.message === 'reindex progress edit failed; carrying on',
      ),
    ).toBe(true);
    expect(
      h().log.entries.some(
        (entry) => entry.level === 'error' && [first.id, second.id].includes(entry.fields.interaction as string),
      ),
    ).toBe(false);
  });

  it('sends the report only once a slow progress edit has been answered, so it cannot be overtaken', async () => {
    h().fake.scriptWhen('PATCH', original, isReindexProgress, {
      status: 200,
      body: h().fake.message({}),
      delayMs: 300,
    });
    let progressStatusWhenReportArrived: number | undefined;
    let sent: { id: string; token: string } | undefined;
    // Checked as each request arrives: the held progress edit must have its answer before the report arrives.
    const reportArrived = h().fake.waitForRequests(
      (request) => {
        if (!sent || !editsOf(h().fake, sent).includes(request) || isReindexProgress(request.body)) return false;
        progressStatusWhenReportArrived ??= editsOf(h().fake, sent)[0]!.status;
        return true;
      },
      1,
      15_000,
    );
    sent = h().guild.command(moderator, 'reindex');
    const [report] = await reportArrived;
    expect(progressStatusWhenReportArrived).toBe(200);
    expectProgressThenReport(editsOf(h().fake, sent));
    expect(editsOf(h().fake, sent).at(-1)).toBe(report);
  });
});

describe('/reindex failing', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** The apology the router sends when a handler throws: a failed reindex must not need one. */
  const isApology = (request: RecordedRequest) =>
    request.method === 'POST' && /^Sorry, something went wrong/.test(request.body?.content ?? '');

  it('turns the progress into "Reindex failed": the last edit, after the one in flight, and the newer progress never sent', async () => {
    // The first progress edit is held by Discord while the rebuild fails; newer progress waits behind it.
    h().fake.scriptWhen('PATCH', original, isReindexProgress, {
      status: 200,
      body: h().fake.message({}),
      delayMs: 300,
    });
    let sent: SentInteraction | undefined;
    const isEditOfSent = (request: RecordedRequest) => !!sent && editsOf(h().fake, sent).includes(request);
    // The holder stands in for a rebuild that reports progress and then fails (a disk error mid-read).
    vi.spyOn(h().bot.knowledge, 'reindex').mockImplementationOnce(async (onProgress) => {
      onProgress?.({ phase: 'read', done: 1, total: 4 });
      await h().fake.waitForRequests(isEditOfSent);
      onProgress?.({ phase: 'index', done: 40, total: 100 });
      throw new Error('EIO: i/o error, read');
    });
    let progressStatusWhenFailureArrived: number | undefined;
    const failureArrived = h().fake.waitForRequests((request) => {
      if (!isEditOfSent(request) || isReindexProgress(request.body)) return false;
      progressStatusWhenFailureArrived ??= editsOf(h().fake, sent!)[0]!.status;
      return true;
    });
    sent = h().guild.command(moderator, 'reindex');
    const [failure] = await failureArrived;

    expect(
      progressStatusWhenFailureArrived,
      'the progress edit in flight was answered before the failure was sent',
    ).toBe(200);
    expect(failure!.body.embeds).toEqual([
      {
        title: 'Reindex failed',
        description:
          'Something went wrong while rebuilding; the details are in the log.\nQuestions are still answered from the current index, unchanged.',
        color: 0xed4245,
      },
    ]);
    // Still private (no flags, no attachment on the edit), and unable to ping.
    expect(failure!.body.flags).toBeUndefined();
    expect(failure!.files).toEqual([]);
    expect(failure!.body.allowed_mentions).toEqual({ parse: [] });
    const logged = h().log.entries.find((entry) => entry.fields.interaction === sent!.id && entry.level === 'error');
    expect(logged?.message).toBe('reindex failed');
    expect(logged?.fields.error).toMatch(/EIO: i\/o error/);

    // Once the bot has answered something else: the failure is still the last edit, the 40% progress
    // waiting behind the held edit was never sent, and no apology follows the failure.
    await h().fake.waitForResponses(h().guild.command(member('alice'), 'help'));
    expect(editsOf(h().fake, sent).map((edit) => edit.body.embeds[0].description)).toEqual([
      'Reading seeds 1/4 files (25%)',
      failure!.body.embeds[0].description,
    ]);
    expect(h().fake.responsesTo(sent).filter(isApology)).toEqual([]);
    expect(
      h().log.entries.filter((entry) => entry.fields.interaction === sent!.id && entry.level === 'error'),
    ).toHaveLength(1);
  });

  it('says what to fix when the setup is broken (config/topics.json), keeps the current index, and reindexes once fixed', async () => {
    const topicsPath = join(h().paths.configDir, 'topics.json');
    const topics = await readFile(topicsPath, 'utf8');
    const before = h().bot.knowledge.current;
    await writeFile(topicsPath, '{ "topics": [');
    try {
      const sent = h().guild.command(moderator, 'reindex');
      const failure = await reindexResult(h().fake, sent);
      const [embed] = failure.body.embeds;
      expect(embed.title).toBe('Reindex failed');
      expect(embed.description).toMatch(
        /^.+topics\.json is not valid JSON: .+\nQuestions are still answered from the current index, unchanged\.$/s,
      );
      // The setup is read before any seed, so no progress was shown: the failure is the one edit.
      expect(editsOf(h().fake, sent)).toEqual([failure]);
      expect(h().fake.responsesTo(sent).filter(isApology)).toEqual([]);
      expect(h().bot.knowledge.current).toBe(before);
    } finally {
      await writeFile(topicsPath, topics);
    }
    const report = await reindexResult(h().fake, h().guild.command(moderator, 'reindex'));
    expect(report.body.embeds[0].title).toMatch(/^Reindexed in /);
  });
});
