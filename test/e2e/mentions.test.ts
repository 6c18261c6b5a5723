import { rm } from 'node:fs/promises';
import { GatewayIntentBits, MessageFlags } from 'discord.js';
import { afterAll, describe, expect, it } from 'vitest';
import { maxQuestionLength, questionProblem } from '../../src/ask/question.js';
import { expectNoPings } from '../support/assertions.js';
import type { RecordedRequest } from '../support/fakeDiscord.js';
import { startHarness, tempData, tempDataWithoutDatabase, useHarness, type Harness } from '../support/harness.js';
import { member, moderatorPermissions, type Member } from '../support/interactions.js';

/**
 * Mention mode end to end: members' messages posted in the fake Discord reach the real client as MESSAGE_CREATE
 * (with the content Discord would deliver without the Message Content intent), and the answers go out as threads
 * and messages in them.
 */
const h = useHarness({ busyThresholds: { lagMs: Infinity } });

const troopsQuestion = 'How many North Korean troops are in Kursk?';
const moderator = member('mod', { permissions: moderatorPermissions });

function mention(harness: Harness, text: string): string {
  return `<@${harness.fake.botUser.id}> ${text}`;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const isPost = (path: string) => (request: RecordedRequest) => request.method === 'POST' && request.path === path;

/** The bot's messages posted in a channel or thread, successful ones only, oldest first. */
function postsIn(harness: Harness, channelId: string): RecordedRequest[] {
  return harness.fake.requests.filter(
    (request) => isPost(`/channels/${channelId}/messages`)(request) && request.status === 200,
  );
}

/** Waits for the `count`th message the bot posts in a channel or thread, and returns its body. */
async function nthPost(harness: Harness, channelId: string, count: number): Promise<Record<string, any>> {
  await harness.fake.waitForRequests(
    (request) => isPost(`/channels/${channelId}/messages`)(request) && request.status === 200,
    count,
  );
  return postsIn(harness, channelId)[count - 1]!.body;
}

/** Posts a mention and waits for the answer in the thread started on it; returns the message and the answer. */
async function askByMention(harness: Harness, who: Member, question: string, channelId: string) {
  const message = harness.fake.postMessage(channelId, who, mention(harness, question));
  const [thread] = await harness.fake.waitForRequests(isPost(`/channels/${channelId}/messages/${message.id}/threads`));
  expect(thread!.status).toBe(201);
  return { message, thread: thread!, answer: await nthPost(harness, message.id, 1) };
}

describe('mention mode', () => {
  it('answers a mention in a thread started on that message, as /ask would, pinging no one', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const { message, thread, answer } = await askByMention(h(), member('alice'), troopsQuestion, general);
    expect(thread.body.name).toBe(troopsQuestion);
    // Discord gives a thread started from a message that message's id; the answer is posted in it.
    expect(h().fake.channels.get(message.id)).toMatchObject({ parent_id: general, name: troopsQuestion });
    expect(answer.allowed_mentions).toEqual({ parse: [] });
    const [embed] = answer.embeds;
    expect(embed.title).toBe(troopsQuestion);
    expect(embed.description).toMatch(/11,000 North Korean soldiers.*\[1\]/);
    const [paging, votes] = answer.components;
    expect(paging.components.map((button: any) => button.label)).toEqual(['Previous', 'More excerpts']);
    expect(votes.components.map((button: any) => button.emoji.name)).toEqual(['👍', '👎']);
    // Nothing in the channel itself: the thread holds the conversation.
    expect(postsIn(h(), general)).toHaveLength(0);
    expectNoPings(h().fake.requests);
  });

  it('names the thread within Discord’s 100 characters, cutting a long question at a word', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const long = `${troopsQuestion} And how many of them have been wounded or killed in the fighting around Kursk since November?`;
    expect(long.length).toBeGreaterThan(100);
    const { thread } = await askByMention(h(), member('bea'), long, general);
    expect(thread.body.name.length).toBeLessThanOrEqual(100);
    expect(thread.body.name).toMatch(/^How many North Korean troops are in Kursk\?.* …$/);
  });

  it('answers a follow-up mention in the thread with the thread’s question as context', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const carl = member('carl');
    const { message } = await askByMention(h(), carl, troopsQuestion, general);
    const threadId = message.id;
    h().fake.postMessage(threadId, carl, mention(h(), 'and wounded?'));
    const followUp = await nthPost(h(), threadId, 2);
    const asked = `${troopsQuestion} and wounded?`;
    expect(followUp.embeds[0].title).toBe(asked);
    expect(followUp.embeds[0].description).toBe(
      h().bot.knowledge.current.followUp(troopsQuestion, 'and wounded?', { limit: 12 }).answer,
    );
    expect(followUp.embeds[0].description).toMatch(/North Korean.*wounded.*Kursk/);
    // In the thread already: no second thread.
    expect(h().fake.requests.filter((request) => request.path.endsWith('/threads'))).not.toContainEqual(
      expect.objectContaining({ path: `/channels/${threadId}/messages/${followUp.id}/threads` }),
    );
  });

  it('keeps the thread’s source for its follow-ups', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const dana = member('dana');
    const source = h().bot.knowledge.current.sources()[0]!.id;
    const { message, answer } = await askByMention(h(), dana, `source:${source} ${troopsQuestion}`, general);
    expect(answer.embeds[0].title).toBe(troopsQuestion);
    h().fake.postMessage(message.id, dana, mention(h(), 'what about casualties?'));
    const followUp = await nthPost(h(), message.id, 2);
    const expected = h().bot.knowledge.current.followUp(troopsQuestion, 'what about casualties?', {
      source,
      limit: 12,
    });
    const unrestricted = h().bot.knowledge.current.followUp(troopsQuestion, 'what about casualties?', { limit: 12 });
    expect(expected.citations.length).toBeGreaterThan(0);
    expect(expected.answer).not.toBe(unrestricted.answer);
    // The answer's own text; a low-confidence one is preceded by the note.
    expect(followUp.embeds[0].description).toMatch(new RegExp(`(^|\\n)${escapeRegExp(expected.answer)}$`));
  });

  it('answers with a reply in the channel when Discord refuses the thread (a missing permission)', async () => {
    const general = h().fake.addTextChannel(h().guild.guildId, 'no-threads');
    h().fake.script('POST', /\/threads$/, { status: 403, body: { message: 'Missing Permissions', code: 50013 } });
    const message = h().fake.postMessage(general, member('gus'), mention(h(), troopsQuestion));
    const reply = await nthPost(h(), general, 1);
    expect(reply.message_reference.message_id).toBe(message.id);
    expect(reply.embeds[0].title).toBe(troopsQuestion);
    expect(reply.allowed_mentions).toEqual({ parse: [] });
    expect(h().log.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/could not start a thread/) }),
    );
  });

  it('reads only what mentions it: a thread message without a mention arrives empty and gets no answer', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const erin = member('erin');
    const { message } = await askByMention(h(), erin, troopsQuestion, general);
    h().fake.postMessage(message.id, erin, 'what about casualties?');
    // Messages reach the bot in order: once the later mention is answered, the plain message was seen and passed.
    h().fake.postMessage(message.id, erin, mention(h(), 'and wounded?'));
    const second = await nthPost(h(), message.id, 2);
    expect(second.embeds[0].title).toBe(`${troopsQuestion} and wounded?`);
    expect(postsIn(h(), message.id)).toHaveLength(2);
  });

  it('takes a reply to its answer as a follow-up when the reply pings it, and passes over one that does not', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const una = member('una');
    const { message } = await askByMention(h(), una, troopsQuestion, general);
    const answer = [...h().fake.channelMessages.values()].find(
      (candidate) => candidate.channel_id === message.id && candidate.author.id === h().fake.botUser.id,
    )!;
    // Without the ping Discord sends the reply's content empty; with it, the bot is mentioned and gets the text.
    h().fake.postMessage(message.id, una, 'what about casualties?', { to: answer.id, ping: false });
    h().fake.postMessage(message.id, una, 'and wounded?', { to: answer.id, ping: true });
    const followUp = await nthPost(h(), message.id, 2);
    expect(followUp.embeds[0].title).toBe(`${troopsQuestion} and wounded?`);
    expect(postsIn(h(), message.id)).toHaveLength(2);
  });

  // The intents are checked here, for every command and mention mode alike: mention mode is what needs GuildMessages.
  it('never answers a bot, and asks for no privileged intent', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const other = h().fake.postMessage(
      general,
      { id: member('x').id, name: 'otherbot', bot: true },
      mention(h(), troopsQuestion),
    );
    const { message } = await askByMention(h(), member('finn'), troopsQuestion, general);
    expect(h().fake.requests.some((request) => request.path.includes(`/messages/${other.id}/`))).toBe(false);
    expect(postsIn(h(), general)).toHaveLength(0);
    // The bot's own answer came back to it as MESSAGE_CREATE too (Discord sends them): one answer, no reply to it.
    // (It is skipped as a bot's; it does not mention the bot either, so this alone cannot tell which check held.)
    expect(postsIn(h(), message.id)).toHaveLength(1);
    const ownDelivered = h().fake.sessions[0]!.dispatched.some((dispatch) => {
      const { d } = JSON.parse(dispatch.data);
      return dispatch.t === 'MESSAGE_CREATE' && d.channel_id === message.id && d.author.id === h().fake.botUser.id;
    });
    expect(ownDelivered).toBe(true);
    const { intents } = h().fake.sessions[0]!.identify;
    expect(intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    const privileged =
      GatewayIntentBits.MessageContent | GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences;
    expect(intents & privileged).toBe(0);
  });

  it('replies politely, in place and without a thread, to an empty or too long question and an unknown source', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const gwen = member('gwen');
    const empty = h().fake.postMessage(general, gwen, `<@${h().fake.botUser.id}>`);
    const tooLong = h().fake.postMessage(general, gwen, mention(h(), 'troops '.repeat(150)));
    const unknown = h().fake.postMessage(general, gwen, mention(h(), `source:nope ${troopsQuestion}`));
    const first = await nthPost(h(), general, 1);
    const second = await nthPost(h(), general, 2);
    const third = await nthPost(h(), general, 3);
    expect(first).toMatchObject({ content: questionProblem(''), message_reference: { message_id: empty.id } });
    expect(second.content).toMatch(new RegExp(`please keep it under ${maxQuestionLength.toLocaleString('en')}\\.$`));
    expect(second.message_reference.message_id).toBe(tooLong.id);
    expect(third.content).toMatch(/^I don’t know that source\./);
    expect(third.message_reference.message_id).toBe(unknown.id);
    expect(
      h().fake.requests.some((request) => request.path.endsWith('/threads') && request.path.includes(empty.id)),
    ).toBe(false);
  });
  it('lets the member who asked page the answer in place, and says in /help how to use it', async () => {
    const general = h().fake.textChannelOf(h().guild.guildId);
    const vic = member('vic');
    const { message, answer } = await askByMention(h(), vic, troopsQuestion, general);
    const stored = [...h().fake.channelMessages.values()].find(
      (candidate) => candidate.channel_id === message.id && candidate.author.id === h().fake.botUser.id,
    )!;
    const more = answer.components[0].components.find((button: any) => button.label === 'More excerpts');
    const [paged] = await h().fake.waitForResponses(h().guild.button(vic, more.custom_id, stored));
    expect(paged!.body.type).toBe(7); // the message itself, updated
    expect(paged!.body.data.embeds[0].footer.text).toMatch(/^Excerpts 4–6 of/);
    const [help] = await h().fake.waitForResponses(h().guild.command(vic, 'help'));
    expect(help!.body.data.embeds[0].description).toMatch(
      /mention me with a question in a channel: I answer in a thread/,
    );
  });
});

describe('/settings mentions', () => {
  it('is for moderators only', async () => {
    const [reply] = await h().fake.waitForResponses(
      h().guild.command(member('hal'), 'settings mentions', { enabled: false }),
    );
    expect(reply!.body.data).toMatchObject({ flags: MessageFlags.Ephemeral });
    expect(reply!.body.data.content).toMatch(/^Sorry, only moderators/);
  });

  it('turns mention mode off in a channel (mentions there are ignored), shows it, and on again', async () => {
    const guildId = h().guild.guildId;
    const quiet = h().fake.addTextChannel(guildId, 'quiet');
    const general = h().fake.textChannelOf(guildId);
    const [off] = await h().fake.waitForResponses(
      h().guild.command(moderator, 'settings mentions', { channel: { channel: quiet }, enabled: false }, general),
    );
    expect(off!.body.data.flags).toBe(MessageFlags.Ephemeral);
    expect(off!.body.data.content).toMatch(
      new RegExp(`^Mention mode is now off: .*\\(<#${quiet}>\\)\\.\\nOff in: <#${quiet}>\\.$`),
    );

    const ignored = h().fake.postMessage(quiet, member('ivy'), mention(h(), troopsQuestion));
    // Once a later mention elsewhere is answered, the one in the quiet channel was seen and passed over.
    await askByMention(h(), member('ivy'), troopsQuestion, general);
    expect(h().fake.requests.some((request) => request.path.includes(ignored.id))).toBe(false);
    expect(postsIn(h(), quiet)).toHaveLength(0);

    const [shown] = await h().fake.waitForResponses(h().guild.command(moderator, 'settings mentions', {}, quiet));
    expect(shown!.body.data.content).toMatch(/^Mention mode is off: /);
    const [on] = await h().fake.waitForResponses(
      h().guild.command(moderator, 'settings mentions', { enabled: true }, quiet),
    );
    expect(on!.body.data.content).toMatch(/^Mention mode is now on: .*\nIt is on in every channel of this server\.$/);
    await askByMention(h(), member('ivy'), troopsQuestion, quiet);
  });
});

describe('across a restart, without a database, and with a cooldown', () => {
  const roots: string[] = [];
  afterAll(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  it('keeps a channel’s setting across a restart (in the database)', async () => {
    const { root, paths } = await tempData();
    roots.push(root);
    const first = await startHarness({ paths, busyThresholds: { lagMs: Infinity } });
    const guildId = first.guild.guildId;
    const quiet = first.fake.addTextChannel(guildId, 'quiet');
    const general = first.fake.textChannelOf(guildId);
    const { message } = await askByMention(first, member('jo'), troopsQuestion, general);
    const threadId = message.id;
    await first.fake.waitForResponses(first.guild.command(moderator, 'settings mentions', { enabled: false }, quiet));
    await first.stop();

    const second = await startHarness({ paths, guildId, busyThresholds: { lagMs: Infinity } });
    try {
      second.fake.addTextChannel(guildId, 'quiet', quiet);
      const [shown] = await second.fake.waitForResponses(
        second.guild.command(moderator, 'settings mentions', {}, quiet),
      );
      expect(shown!.body.data.content).toMatch(/^Mention mode is off: /);
      const ignored = second.fake.postMessage(quiet, member('jo'), mention(second, troopsQuestion));
      await askByMention(second, member('jo'), troopsQuestion, second.fake.textChannelOf(guildId));
      expect(second.fake.requests.some((request) => request.path.includes(ignored.id))).toBe(false);

      // A thread from before the restart (Discord still has it): the bot forgot its question, and takes its name.
      // Each fake gives its bot a new id, so the thread is handed to this one's: it is the same bot, restarted.
      const thread: Record<string, any> = { ...first.fake.channels.get(threadId)!, owner_id: second.fake.botUser.id };
      second.fake.channels.set(threadId, thread);
      second.fake.dispatch('THREAD_CREATE', thread);
      second.fake.postMessage(threadId, member('jo'), mention(second, 'and wounded?'));
      const followUp = await nthPost(second, threadId, 1);
      expect(followUp.embeds[0].title).toBe(`${troopsQuestion} and wounded?`);
    } finally {
      await second.stop();
    }
  });

  it('answers mentions everywhere without a database; /settings says settings are unavailable', async () => {
    const { roots: dirs, paths } = await tempDataWithoutDatabase();
    roots.push(...dirs);
    const harness = await startHarness({ paths, busyThresholds: { lagMs: Infinity } });
    try {
      expect(harness.bot.feedback).toBeUndefined();
      const general = harness.fake.textChannelOf(harness.guild.guildId);
      const [reply] = await harness.fake.waitForResponses(
        harness.guild.command(moderator, 'settings mentions', { enabled: false }, general),
      );
      expect(reply!.body.data.content).toMatch(/^Settings are unavailable: .*Mention mode is on in every channel/);
      const { answer } = await askByMention(harness, member('kim'), troopsQuestion, general);
      expect(answer.embeds[0].description).toMatch(/11,000 North Korean soldiers/);
      expect(answer.components).toHaveLength(1); // paging, no votes
    } finally {
      await harness.stop();
    }
  });

  it('applies the member’s cooldown, shared with /ask, with one notice', async () => {
    const harness = await startHarness({ cooldownSeconds: 60, busyThresholds: { lagMs: Infinity } });
    try {
      const general = harness.fake.textChannelOf(harness.guild.guildId);
      const lee = member('lee');
      await harness.fake.waitForResponses(harness.guild.command(lee, 'ask', { question: troopsQuestion }));
      harness.fake.postMessage(general, lee, mention(harness, troopsQuestion));
      harness.fake.postMessage(general, lee, mention(harness, troopsQuestion));
      // Another member is not held up by lee's cooldown; once answered, lee's two mentions were handled.
      await askByMention(harness, member('max'), troopsQuestion, general);
      const replies = postsIn(harness, general);
      expect(replies).toHaveLength(1);
      expect(replies[0]!.body.content).toMatch(/^You’re going a bit fast: ask again in \d+ s\.$/);
      expectNoPings(harness.fake.requests);
    } finally {
      await harness.stop();
    }
  });
});
