import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../support/harness.js';
import { member } from '../support/interactions.js';

/** /compare through the fake Discord: the timeline view, and an honest count of what a large comparison leaves out. */
describe('/compare over time', () => {
  const h = useHarness();

  it('view: over time lists the claims oldest first, with a timeline chart and the table attached', async () => {
    const sent = h().guild.command(member('alice'), 'compare', { topic: 'troops', view: 'timeline' });
    const [, edit] = await h().fake.waitForResponses(sent, 2);
    const [embed] = edit!.body.embeds;
    const dates = [...embed.description.matchAll(/^`(\d{4}-\d{2}-\d{2}|undated)`/gm)].map((match) => match[1]);
    expect(dates.length).toBeGreaterThan(5);
    expect(dates).toEqual([...dates].sort());
    expect(embed.description).toContain('**Over time**');
    expect(edit!.files.map((file: { name: string }) => file.name)).toEqual(['comparison.png', 'compare-troops.csv']);
  });
});

describe('/compare with many sources', () => {
  const h = useHarness();
  const extra = 60;

  it('says exactly how many sources and figures it leaves out, and attaches the whole table', async () => {
    for (let index = 0; index < extra; index++)
      await writeFile(
        join(h().paths.seedsDir, `extra-${index}.txt`),
        `---\ntitle: Report ${index}\npublisher: Wire ${index}\ndate: 2024-11-${String(1 + (index % 28)).padStart(2, '0')}\n---\n` +
          `Officials said ${10_000 + index * 10} North Korean soldiers had been sent to Russia.\n\n` +
          `Another estimate put the number at ${9_000 + index} North Korean troops in Kursk.\n`,
      );
    const moderator = member('mod', { roles: [h().moderatorRoleId] });
    const reindex = h().guild.command(moderator, 'reindex');
    await h().fake.waitForRequests(
      (request) =>
        request.path.includes(`/${reindex.token}`) && /^Reindexed/.test(request.body?.embeds?.[0]?.title ?? ''),
      1,
      60_000,
    );

    const sent = h().guild.command(member('alice'), 'compare', { topic: 'troops' });
    const [, edit] = await h().fake.waitForResponses(sent, 2);
    const [embed] = edit!.body.embeds;
    const comparison = h().bot.knowledge.current.compare('troops');
    const allRows = [...comparison.estimates, ...comparison.projections].flatMap((source) => source.rows);
    const shown = (embed.fields as { value: string }[]).flatMap((field) =>
      field.value.split('\n').filter((line) => line.startsWith('•')),
    );
    const shownSources = new Set(
      [...comparison.estimates, ...comparison.projections]
        .filter((source) => (embed.fields as { name: string }[]).some((field) => field.name.includes(source.title)))
        .map((source) => source.sourceId),
    );
    const hiddenSources = new Set(allRows.map((row) => row.sourceId).filter((id) => !shownSources.has(id))).size;
    const hiddenFigures = allRows.length - shown.length;
    expect(hiddenFigures).toBeGreaterThan(0);
    expect(embed.description).toContain(
      `Not shown here: ${hiddenSources} sources and ${hiddenFigures} figures** — the whole table is attached (compare-troops.csv).`,
    );
    const csv = edit!.files.find((file: { name: string }) => file.name === 'compare-troops.csv')!;
    // Header + one line per figure: nothing is lost.
    expect(csv.data.toString('utf8').trimEnd().split('\r\n')).toHaveLength(allRows.length + 1);
    expect(edit!.body.flags ?? 0).not.toBe(MessageFlags.Ephemeral);
  }, 90_000);
});

describe('/compare while the chart is slow', () => {
  let release: () => void = () => {};
  const h = useHarness({
    drawComparisonChart: () =>
      new Promise<Buffer>((resolve) => {
        release = () => resolve(Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      }),
  });

  it('another member’s /ask is answered while the chart is still being drawn', async () => {
    const compare = h().guild.command(member('alice'), 'compare', { topic: 'troops' });
    await h().fake.waitForResponses(compare, 1);
    const started = Date.now();
    const ask = h().guild.command(member('bob'), 'ask', { question: 'How many North Korean troops are in Kursk?' });
    const [answer] = await h().fake.waitForResponses(ask, 1);
    expect(answer!.body.data.embeds[0].fields.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2000);
    // The comparison has not been sent yet: only the deferral.
    expect(
      h()
        .fake.responsesTo(compare)
        .filter((request) => request.status < 300),
    ).toHaveLength(1);
    release();
    await h().fake.waitForResponses(compare, 2);
  });
});
