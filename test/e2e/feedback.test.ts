import { rm } from 'node:fs/promises';
import { ComponentType, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { MAX_REASON_CHARS, type FeedbackStore } from '../../src/feedback/store.js';
import { loadCommands } from '../../src/discord/loader.js';
import { embedsLength } from '../../src/render/discord/text.js';
import { expectNoPings } from '../support/assertions.js';
import { discordRules } from '../support/discordRules.js';
import { startHarness, tempData, tempDataWithoutDatabase, useHarness, type Harness } from '../support/harness.js';
import { member, moderatorPermissions, type Member, type SentInteraction } from '../support/interactions.js';

/**
 * Votes on /ask answers, the declined log and /insights, end to end: the real client against the fake Discord, and
 * what the bot stored read back from its database.
 */
const h = useHarness({ busyThresholds: { lagMs: Infinity } });

const troopsQuestion = 'How many North Korean troops are in Kursk?';
const declinedQuestion = 'Who won the 2022 World Cup?';

async function callback(harness: Harness, sent: SentInteraction): Promise<{ type: number; data: Record<string, any> }> {
  const [first] = await harness.fake.waitForResponses(sent);
  return first!.body;
}

/** Asks, and returns the reply and the message as Discord stores it (its id is what a vote records). */
async function ask(harness: Harness, who: Member, question = troopsQuestion) {
  const sent = harness.guild.command(who, 'ask', { question });
  const reply = await callback(harness, sent);
  return { sent, reply, message: harness.fake.message(reply.data) };
}

/** The custom ids of the 👍 / 👎 buttons of a message, if it has them. */
function voteButtons(data: Record<string, any>): { up: string; down: string } | undefined {
  const row = (data.components ?? []).find((candidate: any) =>
    candidate.components.some((button: any) => button.emoji?.name === '👍'),
  );
  if (!row) return undefined;
  const id = (emoji: string) => row.components.find((button: any) => button.emoji?.name === emoji).custom_id;
  return { up: id('👍'), down: id('👎') };
}

function votes(store: FeedbackStore): Array<Record<string, any>> {
  return store.db.prepare(`SELECT * FROM votes ORDER BY voted_at`).all() as Array<Record<string, any>>;
}

function store(harness: Harness): FeedbackStore {
  expect(harness.bot.feedback).toBeDefined();
  return harness.bot.feedback!;
}

const moderator = member('mod', { permissions: moderatorPermissions });

describe('votes on /ask answers', () => {
  it('puts 👍 / 👎 on an answer, in a row of their own after the paging row, and stores a vote with the answer', async () => {
    const alice = member('alice');
    const { sent, reply, message } = await ask(h(), alice);
    const [paging, votesRow] = reply.data.components;
    expect(paging.components.map((button: any) => button.label)).toEqual(['Previous', 'More excerpts']);
    expect(votesRow.components.map((button: any) => button.emoji.name)).toEqual(['👍', '👎']);
    const ids = voteButtons(reply.data)!;

    const before = Date.now();
    const thanks = await callback(h(), h().guild.button(alice, ids.up, message));
    expect(thanks.type).toBe(4);
    expect(thanks.data.flags).toBe(MessageFlags.Ephemeral);
    expect(thanks.data.content).toBe('Thanks — marked as helpful.');

    const answer = h().bot.knowledge.current.ask(troopsQuestion, { limit: 12 });
    const [row] = votes(store(h())).filter((vote) => vote.message_id === message.id);
    expect(row).toMatchObject({
      guild_id: h().guild.guildId,
      channel_id: sent.payload.channel_id,
      message_id: message.id,
      question: troopsQuestion,
      cited_chunk_ids: JSON.stringify(answer.citations.map((citation) => citation.chunkId)),
      confidence: answer.confidence,
      vote: 'up',
      reason: null,
    });
    // The member only as a salted hash: the store's, not the id.
    expect(row!.member_hash).not.toContain(alice.id);
    expect(store(h()).memberVote(row!.answer_id, alice.id)).toEqual({ vote: 'up', reason: null });
    expect(row!.voted_at).toBeGreaterThanOrEqual(before);
    expect(row!.voted_at).toBeLessThanOrEqual(Date.now());
  });

  it('replaces a member’s vote when they vote again, and takes a reason from the "what was wrong?" modal', async () => {
    const bob = member('bob');
    const carol = member('carol');
    const { reply, message } = await ask(h(), bob);
    const ids = voteButtons(reply.data)!;
    await callback(h(), h().guild.button(bob, ids.up, message));
    await callback(h(), h().guild.button(carol, ids.up, message));
    const down = await callback(h(), h().guild.button(bob, ids.down, message));
    expect(down.data.flags).toBe(MessageFlags.Ephemeral);
    expect(down.data.content).toMatch(/^Thanks — marked as not helpful \(it was marked helpful\)\./);
    const answerId = ids.up.split(':')[2]!;
    const ofAnswer = () => votes(store(h())).filter((vote) => vote.answer_id === answerId);
    expect(ofAnswer().map((vote) => vote.vote)).toEqual(['up', 'down']); // carol's, then bob's replaced one

    // "What was wrong?" opens a modal: the first response to that click, within Discord's limits.
    const why = down.data.components[0].components[0];
    expect(why.label).toBe('What was wrong?');
    const ack = h().fake.message(down.data);
    const opened = h().guild.button(bob, why.custom_id, ack);
    const modal = await callback(h(), opened);
    expect(modal.type).toBe(9);
    expect(modal.data.title.length).toBeLessThanOrEqual(discordRules.modalTitle);
    const [label] = modal.data.components;
    expect(label.type).toBe(ComponentType.Label);
    expect(label.component).toMatchObject({ required: false, max_length: MAX_REASON_CHARS });

    const reason = 'The figure is from **October**, @everyone knows it changed';
    const submitted = await callback(h(), h().guild.modalSubmit(bob, modal.data as any, { reason }, ack));
    expect(submitted.type).toBe(4);
    expect(submitted.data.flags).toBe(MessageFlags.Ephemeral);
    expect(submitted.data.content).toBe(
      'Thanks — marked as not helpful: “The figure is from \\*\\*October\\*\\*, @\u200beveryone knows it changed”',
    );
    const bobs = ofAnswer().find((vote) => vote.member_hash !== ofAnswer()[0]!.member_hash)!;
    expect(bobs).toMatchObject({ vote: 'down', reason, message_id: message.id });
    expect(ofAnswer()).toHaveLength(2);
  });

  it('keeps the vote row when a page button redraws the answer', async () => {
    const dave = member('dave');
    const { reply, message } = await ask(h(), dave);
    const more = reply.data.components[0].components[1];
    const page = await callback(h(), h().guild.button(dave, more.custom_id, message));
    expect(page.type).toBe(7);
    expect(page.data.embeds[0].footer.text).toMatch(/^Excerpts 4–6/);
    expect(voteButtons(page.data)).toEqual(voteButtons(reply.data));
  });

  it('says privately that an answer it no longer keeps cannot be voted on', async () => {
    const forgotten = { components: [{ type: 1, components: [{ type: 2, custom_id: 'ask:vote:unknownAnswer:up' }] }] };
    const reply = await callback(h(), h().guild.button(member('gina'), 'ask:vote:unknownAnswer:up', forgotten));
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.data.content).toMatch(/no longer kept/);
  });

  it('answers a database error while voting with a friendly private message and a log line', async () => {
    const harry = member('harry');
    const { reply, message } = await ask(h(), harry);
    const failing = vi.spyOn(store(h()), 'voteOnAnswer').mockImplementationOnce(() => {
      throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
    });
    try {
      const sorry = await callback(h(), h().guild.button(harry, voteButtons(reply.data)!.up, message));
      expect(sorry.data.flags).toBe(MessageFlags.Ephemeral);
      expect(sorry.data.content).toMatch(/^Sorry, your vote could not be saved/);
      expect(h().log.entries).toContainEqual(
        expect.objectContaining({ level: 'error', message: 'could not store a vote' }),
      );
    } finally {
      failing.mockRestore();
    }
  });

  it('logs a declined question (question, guild, channel, time; no member) and gives it no vote buttons', async () => {
    const ivan = member('ivan');
    const before = Date.now();
    const { sent, reply } = await ask(h(), ivan, declinedQuestion);
    expect(reply.data.components).toEqual([]);
    const logged = store(h())
      .db.prepare(`SELECT * FROM declined WHERE channel_id = ?`)
      .all(sent.payload.channel_id) as Array<Record<string, any>>;
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ guild_id: h().guild.guildId, question: declinedQuestion });
    expect(logged[0]!.asked_at).toBeGreaterThanOrEqual(before);
    expect(Object.keys(logged[0]!).some((column) => /member|user/.test(column))).toBe(false);
  });
});

describe('/insights', () => {
  it('is registered for Manage Server, in servers only', async () => {
    const json = (await loadCommands()).get('insights')!.data.toJSON();
    expect(json.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(json.contexts).toEqual([0]);
  });

  it('refuses a member who is not a moderator, privately', async () => {
    const reply = await callback(h(), h().guild.command(member('judy'), 'insights'));
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.data.content).toMatch(/only moderators/);
    expect(reply.data.embeds ?? []).toEqual([]);
  });

  it('shows a moderator (Manage Server, or a moderator role) the declined and down-voted questions and the numbers', async () => {
    for (let asked = 0; asked < 3; asked++) await ask(h(), member('kim'), 'Who won the 2022 World Cup??');
    const report = await callback(h(), h().guild.command(moderator, 'insights', { days: 30 }));
    expect(report.data.flags).toBe(MessageFlags.Ephemeral);
    const [embed] = report.data.embeds;
    expect(embed.title).toBe('Feedback insights · last 30 days');
    const field = (name: string) => embed.fields.find((candidate: any) => candidate.name === name)?.value as string;
    // One earlier test asked it once, this one three times with other punctuation: one question, four times.
    expect(field('Most frequent declined questions').split('\n')[0]).toBe('4× “Who won the 2022 World Cup??”');
    const insights = store(h()).insights({ guildId: h().guild.guildId, days: 30 });
    expect(embed.description).toContain(
      `${insights.totals.votes} votes (${insights.totals.up} 👍, ${insights.totals.down} 👎)`,
    );
    expect(field('Most down-voted questions')).toContain(`“${troopsQuestion}”`);
    expect(field('Most down-voted questions')).toContain('↳ “The figure is from \\*\\*October\\*\\*');
    const buckets = insights.byConfidence.filter((row) => row.answers > 0);
    expect(buckets.length).toBeGreaterThan(0);
    for (const row of buckets) expect(field('Answers by confidence')).toMatch(new RegExp(`: ${row.answers} answers?,`));
    expect(field('Articles cited most')).toMatch(/^\d+× .+ \(.+\) · \d+ 👍 \d+ 👎/);
    expect(field('Articles never cited')).toBeDefined();

    const byRole = member('lee', { roles: [h().moderatorRoleId] });
    const roleReport = await callback(h(), h().guild.command(byRole, 'insights'));
    expect(roleReport.data.embeds[0].title).toBe('Feedback insights · last 7 days');
  });

  it('stays within Discord’s limits and inert however long and hostile the questions are', async () => {
    const feedback = store(h());
    for (let index = 0; index < 12; index++)
      feedback.recordDeclined({
        guildId: h().guild.guildId,
        channelId: '1',
        question: `${index} @everyone <@123> **${'why '.repeat(250)}**`,
      });
    const report = await callback(h(), h().guild.command(moderator, 'insights'));
    expect(embedsLength(report.data.embeds)).toBeLessThanOrEqual(6000);
    const declined = report.data.embeds[0].fields[0].value as string;
    expect(declined).not.toMatch(/@everyone|<@123>|(?<!\\)\*\*/);
    expect(declined).toContain('@\u200beveryone');
  });

  it('clears the server’s declined log after a moderator confirms, and not before', async () => {
    const feedback = store(h());
    const count = () => feedback.declinedCount(h().guild.guildId);
    expect(count()).toBeGreaterThan(0);
    const asked = await callback(h(), h().guild.command(moderator, 'insights', { clear: true }));
    expect(asked.data.flags).toBe(MessageFlags.Ephemeral);
    expect(asked.data.content).toContain(`(${count()} questions)`);
    const [confirm, cancel] = asked.data.components[0].components;
    const message = h().fake.message(asked.data);

    const cancelled = await callback(h(), h().guild.button(moderator, cancel.custom_id, message));
    expect(cancelled).toMatchObject({ type: 7, data: { content: 'Nothing was cleared.', components: [] } });
    const refused = await callback(h(), h().guild.button(member('mallory'), confirm.custom_id, message));
    expect(refused.data.content).toMatch(/only moderators/);
    const before = count();
    expect(before).toBeGreaterThan(0);

    const cleared = await callback(h(), h().guild.button(moderator, confirm.custom_id, message));
    expect(cleared.type).toBe(7);
    expect(cleared.data.content).toBe(`Cleared ${before} declined questions from this server’s log.`);
    expect(count()).toBe(0);
    // Votes are not part of the declined log.
    expect(votes(feedback).length).toBeGreaterThan(0);
  });
});

describe('across a restart, and without a database', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('takes votes on an answer given before the bot restarted, on the same data folder', async () => {
    const { root, paths } = await tempData();
    roots.push(root);
    const first = await startHarness({ paths, busyThresholds: { lagMs: Infinity } });
    const nina = member('nina');
    const { reply, message } = await ask(first, nina);
    const ids = voteButtons(reply.data)!;
    await callback(first, first.guild.button(nina, ids.up, message));
    expectNoPings(first.fake.requests);
    await first.stop();

    const second = await startHarness({ paths, guildId: first.guild.guildId, busyThresholds: { lagMs: Infinity } });
    try {
      const thanks = await callback(second, second.guild.button(nina, ids.down, message));
      expect(thanks.data.content).toMatch(/^Thanks — marked as not helpful \(it was marked helpful\)\./);
      const answerId = ids.up.split(':')[2]!;
      expect(votes(store(second)).filter((vote) => vote.answer_id === answerId)).toMatchObject([
        { vote: 'down', question: troopsQuestion, message_id: message.id },
      ]);
    } finally {
      await second.stop();
    }
  });

  it('still answers, without vote buttons, when the database cannot be opened; /insights says why', async () => {
    const { roots: dirs, paths } = await tempDataWithoutDatabase();
    roots.push(...dirs);
    const harness = await startHarness({ paths, busyThresholds: { lagMs: Infinity } });
    try {
      expect(harness.bot.feedback).toBeUndefined();
      expect(harness.log.entries).toContainEqual(
        expect.objectContaining({ level: 'error', message: expect.stringMatching(/feedback database unavailable/) }),
      );
      const { reply } = await ask(harness, member('olga'));
      expect(reply.data.embeds[0].description).toMatch(/11,000 North Korean soldiers/);
      expect(voteButtons(reply.data)).toBeUndefined();
      expect(reply.data.components).toHaveLength(1); // paging only
      const declined = await ask(harness, member('olga'), declinedQuestion);
      expect(declined.reply.data.embeds[0].description).toBeTruthy();
      const insights = await callback(harness, harness.guild.command(moderator, 'insights'));
      expect(insights.data.flags).toBe(MessageFlags.Ephemeral);
      expect(insights.data.content).toMatch(/^Insights are unavailable: .*could not be created or opened.*DATA_DIR/);
      expectNoPings(harness.fake.requests);
    } finally {
      await harness.stop();
    }
  });
});

it('never stores a member id, only its salted hash', () => {
  const feedback = store(h());
  const hashes = votes(feedback).map((vote) => vote.member_hash as string);
  expect(hashes.length).toBeGreaterThan(0);
  for (const hash of hashes) expect(hash).toMatch(/^[0-9a-f]{64}$/);
});
