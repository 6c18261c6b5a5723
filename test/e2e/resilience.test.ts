import { answerOf } from '../support/answers.js';
import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { renderComparison } from '../../src/render/discord/compare.js';
import { isReindexProgress } from '../support/assertions.js';
import { startHarness, useHarness } from '../support/harness.js';
import { member } from '../support/interactions.js';

/** How the bot behaves when Discord or the chart drawing misbehaves, under load, and when members are too quick. */
describe('with Discord misbehaving', () => {
  const h = useHarness();

  it('retries when Discord answers 500, and the reply gets through', async () => {
    h().fake.script('POST', /^\/interactions\/.*\/callback$/, {
      status: 500,
      body: { message: 'Internal Server Error', code: 0 },
    });
    const sent = h().guild.command(member('alice'), 'sources');
    const [sentOk] = await h().fake.waitForResponses(sent);
    const attempts = h()
      .fake.responsesTo(sent)
      .map((request) => request.status);
    expect(attempts).toEqual([500, 204]);
    expect(sentOk!.body.data.embeds[0].title).toMatch(/^What I know/);
  });

  it('logs an expired interaction (404 Unknown interaction) and keeps running', async () => {
    h().fake.script('POST', /^\/interactions\/.*\/callback$/, {
      status: 404,
      body: { message: 'Unknown interaction', code: 10062 },
    });
    const expired = h().guild.command(member('alice'), 'sources');
    await h().fake.waitForRequests(
      (request) => request.path.startsWith(`/interactions/${expired.id}/`) && request.status === 404,
    );
    await expect
      .poll(() => h().log.entries.find((entry) => entry.fields.interaction === expired.id)?.message)
      .toBe('interaction expired before the reply reached Discord');
    // No error reply was attempted for an interaction Discord has forgotten.
    expect(h().fake.responsesTo(expired)).toHaveLength(1);

    const next = h().guild.command(member('alice'), 'help');
    expect((await h().fake.waitForResponses(next))[0]!.status).toBe(204);
  });

  it('gives a short private message when a handler fails, and logs the details', async () => {
    // A failed editReply (the report, not a progress edit) after a successful defer: the member must still hear something.
    h().fake.scriptWhen('PATCH', /^\/webhooks\/.*\/messages\/@original$/, (body) => !isReindexProgress(body), {
      status: 400,
      body: { message: 'Invalid Form Body', code: 50035 },
    });
    const sent = h().guild.command(member('mod', { roles: [h().moderatorRoleId] }), 'reindex');
    const isSorry = (request: { body: any; status: number }) =>
      /^Sorry, something went wrong/.test(request.body?.content ?? '') && request.status === 200;
    await h().fake.waitForRequests((request) => request.path.includes(`/${sent.token}`) && isSorry(request));
    const responses = h()
      .fake.responsesTo(sent)
      .filter((request) => !isReindexProgress(request.body));
    // The reply already shows progress, so discord.js counts it as replied: the apology is a private follow-up.
    expect(
      responses.map((request) => [
        request.method,
        request.status,
        request.body.embeds?.[0]?.title ?? request.body.content ?? request.body.type,
      ]),
    ).toEqual([
      ['POST', 204, 5],
      ['PATCH', 400, expect.stringMatching(/^Reindexed in/)],
      ['POST', 200, expect.stringMatching(/^Sorry, something went wrong/)],
    ]);
    expect(responses.at(-1)!.body.flags).toBe(MessageFlags.Ephemeral);
    const logged = h().log.entries.find((entry) => entry.fields.interaction === sent.id && entry.level === 'error');
    expect(logged?.fields.error).toMatch(/Invalid Form Body/);
  });

  it('answers a burst of 200 interactions, every one of them', async () => {
    const sent = Array.from({ length: 200 }, (_, index) =>
      h().guild.command(member(`user${index}`), 'ask', {
        question: index % 2 ? 'How many North Korean troops are in Kursk?' : 'What did Blinken say?',
      }),
    );
    // Replied at once, or (the bot being busy) deferred and then edited into the answer.
    for (const interaction of sent)
      expect((await answerOf(h().fake, interaction)).data.embeds[0].fields.length).toBeGreaterThan(0);
    expect(h().fake.lostInteractions(sent.map((interaction) => interaction.id))).toEqual([]);
  });
});

describe('a /compare chart that cannot be drawn', () => {
  // As @napi-rs/canvas fails when Skia cannot allocate the canvas or a font will not load.
  const h = useHarness({
    drawComparisonChart: async () => {
      throw new Error('Failed to create the canvas: out of memory');
    },
  });

  it('sends the comparison table and its CSV without the chart, tells the member privately, and logs a warning', async () => {
    const sent = h().guild.command(member('alice'), 'compare', { topic: 'troops' });
    const [deferred, edit, notice] = await h().fake.waitForResponses(sent, 3);
    expect(deferred!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit!.method).toBe('PATCH');
    // The whole table, exactly as rendered without a chart: no image pointing at a missing attachment.
    const table = renderComparison(h().bot.knowledge.current.compare('troops'), { tableFile: 'compare-troops.csv' });
    expect(edit!.body.embeds).toEqual(table.embeds);
    expect(edit!.body.embeds[0].fields.length).toBeGreaterThan(1);
    expect(edit!.body.embeds[0].image).toBeUndefined();
    expect(edit!.files.map((file) => file.name)).toEqual(['compare-troops.csv']);

    const logged = h().log.entries.filter((entry) => entry.level === 'warn' || entry.level === 'error');
    expect(logged.map((entry) => [entry.level, entry.message])).toEqual([
      ['warn', 'could not draw the comparison chart; sending the table alone'],
    ]);
    expect(logged[0]!.fields.error).toMatch(/^Error: Failed to create the canvas: out of memory\n\s+at /);
    // Why the chart is missing reaches the member alone.
    expect(notice!.body.flags).toBe(MessageFlags.Ephemeral);
    expect(notice!.body.content).toMatch(/^Sorry: the chart could not be drawn/);
  });
});

describe('a /compare upload that Discord refuses', () => {
  const h = useHarness();

  it('sends the table alone, and the error privately', async () => {
    // As Discord answers an attachment over the upload limit.
    h().fake.scriptWhen(
      'PATCH',
      /^\/webhooks\/.*\/messages\/@original$/,
      (body) => (body?.attachments ?? []).length > 0,
      {
        status: 413,
        body: { message: 'Request entity too large', code: 40005 },
      },
    );
    const sent = h().guild.command(member('alice'), 'compare', { topic: 'troops' });
    // Successful responses only: the deferral, the table alone, the private notice.
    const [, alone, notice] = await h().fake.waitForResponses(sent, 3);
    const refused = h()
      .fake.responsesTo(sent)
      .find((request) => request.status === 413);
    expect(refused!.files.map((file) => file.name)).toEqual(['comparison.png', 'compare-troops.csv']);
    expect(alone!.method).toBe('PATCH');
    expect(alone!.status).toBe(200);
    expect(alone!.files).toEqual([]);
    expect(alone!.body.embeds[0].image).toBeUndefined();
    expect(alone!.body.embeds[0].fields.length).toBeGreaterThan(1);
    // Nothing public says sorry: the apology is the member's alone.
    expect(
      h()
        .fake.responsesTo(sent)
        .filter((request) => /Sorry/.test(JSON.stringify(request.body))),
    ).toEqual([notice]);
    expect(notice!.body.flags).toBe(MessageFlags.Ephemeral);
    expect(notice!.body.content).toMatch(/could not be uploaded/);
  });
});

describe('cooldown', () => {
  const h = useHarness({ cooldownSeconds: 30 });

  it('tells a member who repeats a command too quickly to wait, privately; others are not affected', async () => {
    const carol = member('carol');
    const first = h().guild.command(carol, 'sources');
    await h().fake.waitForResponses(first);
    const again = h().guild.command(carol, 'sources');
    const [notice] = await h().fake.waitForResponses(again);
    expect(notice!.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(notice!.body.data.content).toMatch(/^You’re going a bit fast: try `\/sources` again in (30|29) s\.$/);

    const dave = h().guild.command(member('dave'), 'sources');
    expect((await h().fake.waitForResponses(dave))[0]!.body.data.embeds).toHaveLength(1);
  });
});

describe('shutdown', () => {
  it('lets replies in flight finish, then destroys the client', async () => {
    const h = await startHarness();
    // Discord holds this reply for 400 ms: the shutdown must wait for it.
    h.fake.script('POST', /^\/interactions\/.*\/callback$/, { status: 204, delayMs: 400 });
    const sent = h.guild.command(member('alice'), 'help');
    await h.fake.waitForRequests(
      (request) => request.path.startsWith(`/interactions/${sent.id}/`) && request.status === 0,
    );
    await h.bot.stop(5_000);
    expect(h.fake.responsesTo(sent).map((request) => request.status)).toEqual([204]);
    expect(h.bot.client.isReady()).toBe(false);
    await h.stop();
  });
});
