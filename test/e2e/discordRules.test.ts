import { answerOf } from '../support/answers.js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { reindexResult } from '../support/assertions.js';
import { discordRules } from '../support/discordRules.js';
import { FakeDiscord, type RecordedRequest } from '../support/fakeDiscord.js';
import { useHarness } from '../support/harness.js';
import { member, type SentInteraction } from '../support/interactions.js';

/**
 * The bot (real discord.js client) held to Discord's rules by the fake: the 3-second window,
 * the 15-minute token, rate limits, RESUME after a dropped connection, the documented limits.
 * `E2E_BURST_SIZE` sizes the big burst (default 1,000, about 5 s here).
 */
const h = useHarness();
const burstSize = Number(process.env.E2E_BURST_SIZE ?? 1_000);
const questions = ['How many North Korean troops are in Kursk?', 'What did Blinken say?'];
const isCallback = (sent: SentInteraction) => (request: RecordedRequest) =>
  request.path === `/interactions/${sent.id}/${sent.token}/callback`;

function burst(size: number, prefix: string): SentInteraction[] {
  return Array.from({ length: size }, (_, index) =>
    h().guild.command(member(`${prefix}${index}`), 'ask', { question: questions[index % questions.length]! }),
  );
}

/** Waits for every first response (or its window to pass), then reports dispatch → first response. */
async function firstResponses(sent: SentInteraction[], label: string) {
  const ids = sent.map((interaction) => interaction.id);
  await h().fake.waitForFirstResponses(ids, 60_000);
  const stats = h().fake.firstResponseStats(ids);
  console.info(
    `${label}: ${stats.acknowledged}/${stats.dispatched} on time, ${stats.lost} lost; dispatch → first response p50 ${stats.p50.toFixed(0)} ms, p99 ${stats.p99.toFixed(0)} ms, max ${stats.max.toFixed(0)} ms`,
  );
  return stats;
}

describe('the 3-second window', () => {
  // 50, not 200: in the full suite on 2 cores (files in parallel) a burst of 200 already loses
  // about a quarter of its replies (p50 2.8 s), which is the finding the next test names.
  it('answers a burst of 50 /ask, every one within the window', async () => {
    const stats = await firstResponses(burst(50, 'small'), 'burst of 50');
    expect(stats.lost).toBe(0);
    expect(stats.acknowledged).toBe(50);
  });

  // Issue 14, item 4: the answers of a burst were computed one after the other before any reply
  // was written, so p50 ≈ max ≈ 3.4 ms × burst size; at 1,000 every reply arrived after 3 s.
  // The router now defers (type 5) when many interactions wait or the event loop lags, and
  // answers one per turn of the event loop (src/discord/load.ts, interactions.ts).
  it(`answers a burst of ${burstSize} /ask, every one within the window`, async () => {
    const sent = burst(burstSize, 'big');
    const stats = await firstResponses(sent, `burst of ${burstSize}`);
    expect(stats.lost).toBe(0);
    // Every one answered in the end, deferred or not; and the bot is idle again for the next test.
    for (const one of sent)
      expect((await answerOf(h().fake, one, 60_000)).data.embeds[0].fields.length).toBeGreaterThan(0);
  }, 90_000);

  it('a reply held 4 s is refused as Discord would (Unknown interaction), recorded as lost, and logged', async () => {
    // The first response is held, whichever it is: a busy bot defers before it replies.
    const methods = ['reply', 'deferReply'] as const;
    const own = methods.map((name) => Object.getOwnPropertyDescriptor(ChatInputCommandInteraction.prototype, name));
    for (const name of methods) {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with apply(this, …)
      const original = ChatInputCommandInteraction.prototype[name];
      ChatInputCommandInteraction.prototype[name] = async function (this: ChatInputCommandInteraction, ...args: any[]) {
        await new Promise((resolve) => setTimeout(resolve, 4_000));
        return (original as any).apply(this, args);
      } as any;
    }
    try {
      const sent = h().guild.command(member('slow'), 'ask', { question: questions[0]! });
      const [refused] = await h().fake.waitForRequests(
        (request) => isCallback(sent)(request) && request.status > 0,
        1,
        8_000,
      );
      expect(refused!.status).toBe(404);
      expect(refused!.error).toEqual({ message: 'Unknown interaction', code: 10062 });
      expect(h().fake.interactions.get(sent.id)!.late).toBe(true);
      expect(h().fake.lostInteractions([sent.id])).toHaveLength(1);
      expect(h().fake.firstResponseStats([sent.id])).toMatchObject({ acknowledged: 0, lost: 1, late: 1 });
      await expect
        .poll(() => h().log.entries.find((entry) => entry.fields.interaction === sent.id)?.message)
        .toBe('interaction expired before the reply reached Discord');
    } finally {
      methods.forEach((name, at) => {
        const descriptor = own[at];
        if (descriptor) Object.defineProperty(ChatInputCommandInteraction.prototype, name, descriptor);
        else delete (ChatInputCommandInteraction.prototype as any)[name];
      });
    }
  }, 15_000);

  it('an edit after the token expired is refused (Unknown Webhook) and logged, not retried', async () => {
    const lifetime = h().fake.rules.tokenLifetimeMs;
    h().fake.rules.tokenLifetimeMs = 0;
    try {
      const sent = h().guild.command(member('patient'), 'compare', { topic: 'troops' });
      const [edit] = await h().fake.waitForRequests(
        (request) => request.method === 'PATCH' && request.path.includes(sent.token) && request.status > 0,
      );
      expect(edit!.error).toEqual({ message: 'Unknown Webhook', code: 10015 });
      await expect
        .poll(() => h().log.entries.find((entry) => entry.fields.interaction === sent.id)?.message)
        .toBe('interaction expired before the reply reached Discord');
      expect(
        h()
          .fake.responsesTo(sent)
          .map((request) => [request.method, request.status]),
      ).toEqual([
        ['POST', 204],
        ['PATCH', 404],
      ]);
    } finally {
      h().fake.rules.tokenLifetimeMs = lifetime;
    }
  });
});

describe('rate limits', () => {
  it('honours a 429’s Retry-After: waits that long, then the reply still makes the window', async () => {
    h().fake.script('POST', /^\/interactions\/.*\/callback$/, FakeDiscord.tooManyRequests(1_000));
    const sent = h().guild.command(member('limited'), 'sources');
    await h().fake.waitForResponses(sent, 1, 5_000);
    const [limited, retried] = h().fake.responsesTo(sent);
    expect([limited!.status, retried!.status]).toEqual([429, 204]);
    expect(retried!.receivedAt - limited!.receivedAt).toBeGreaterThanOrEqual(1_000);
    expect(h().fake.lostInteractions([sent.id])).toEqual([]);
  });

  it('honours a 429’s Retry-After on a webhook edit (the /compare result)', async () => {
    h().fake.script('PATCH', /^\/webhooks\/.*\/messages\/@original$/, FakeDiscord.tooManyRequests(1_000));
    const sent = h().guild.command(member('limited2'), 'compare', { topic: 'troops' });
    await h().fake.waitForResponses(sent, 2, 6_000);
    const edits = h()
      .fake.responsesTo(sent)
      .filter((request) => request.method === 'PATCH');
    expect(edits.map((edit) => edit.status)).toEqual([429, 200]);
    expect(edits[1]!.receivedAt - edits[0]!.receivedAt).toBeGreaterThanOrEqual(1_000);
  });

  it('never runs into the announced bucket limits: no 429 the fake did not script', () => {
    const unscripted = h().fake.requests.filter(
      (request) => request.status === 429 && (request.error as any)?.retry_after !== 1,
    );
    expect(unscripted).toEqual([]);
  });

  // Issue 14, item 5: @discordjs/rest retried a 429 without Retry-After at once, hundreds of
  // times a second. src/discord/rateLimitBackoff.ts gives such a 429 a Retry-After (doubling
  // from 0.5 s) before discord.js sees it.
  it('backs off a 429 without Retry-After instead of retrying in a tight loop', async () => {
    const sent = h().guild.command(member('bare'), 'help');
    h().fake.scriptFor('POST', new RegExp(`^/interactions/${sent.id}/`), 1_000, FakeDiscord.tooManyRequests(null));
    await h().fake.waitForResponses(sent, 1, 5_000);
    const attempts = h()
      .fake.responsesTo(sent)
      .filter((request) => request.status === 429);
    expect(attempts.length).toBeLessThanOrEqual(10);
  });
});

describe('the gateway', () => {
  it('resumes after a dropped connection: what was dispatched meanwhile is replayed and answered in time', async () => {
    const [session] = h().fake.sessions.filter((candidate) => !candidate.invalidated);
    const resumesBefore = session!.resumes.length;
    h().fake.disconnect(session!);
    const missed = burst(3, 'missed');
    await expect.poll(() => session!.resumes.length, { timeout: 5_000 }).toBe(resumesBefore + 1);
    expect(session!.resumes.at(-1)!.replayed).toBeGreaterThanOrEqual(3);
    const stats = await firstResponses(missed, 'dispatched while disconnected');
    expect(stats.lost).toBe(0);
    for (const sent of missed)
      expect(h().fake.responsesTo(sent)[0]!.body.data.embeds[0].fields.length).toBeGreaterThan(0);
    // Resumed, not re-identified.
    expect(h().fake.sessions.filter((candidate) => !candidate.invalidated)).toEqual([session]);
  });

  it('the bot stays within the gateway limits: 120 payloads a minute, 4,096 bytes each', () => {
    expect(h().fake.gatewayClosures).toEqual([]);
    for (const session of h().fake.sessions)
      for (const payload of session.received)
        expect(payload.bytes).toBeLessThanOrEqual(discordRules.gatewayPayloadBytes);
  });
});

describe('autocomplete limits', () => {
  // Issue 14, item 5: sourceChoices fitted the title to 100 characters and then appended
  // " (publisher)", so a 150-character publisher made a name of ~170 that Discord refused
  // (400, 50035). src/render/discord/sources.ts now fits the publisher too.
  it('offers a source whose publisher is 150 characters long within the 100-character limit', async () => {
    const publisher = `The ${'Very '.repeat(28)}Long Gazette`.slice(0, 150);
    expect(publisher).toHaveLength(150);
    await writeFile(
      join(h().paths.seedsDir, 'test-2025-02-01-long-publisher.txt'),
      `---\ntitle: Quartzite Regiment report\npublisher: ${publisher}\ndate: 2025-02-01\n---\n\nThe Quartzite Regiment counts 900 volunteers, according to its commander.\n`,
    );
    await reindexResult(
      h().fake,
      h().guild.command(member('mod', { roles: [h().moderatorRoleId] }), 'reindex'),
      15_000,
    );
    const sent = h().guild.autocomplete(member('alice'), 'ask', { question: 'x', source: 'quartzite' }, 'source');
    const [callback] = await h().fake.waitForRequests((request) => isCallback(sent)(request) && request.status > 0);
    expect(callback!.error).toBeUndefined();
    expect(callback!.status).toBe(204);
  }, 20_000);
});
