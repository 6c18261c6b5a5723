import { GatewayIntentBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { discordRules } from '../support/discordRules.js';
import { FakeDiscord, fakeToken, type DiscordRuleOptions } from '../support/fakeDiscord.js';
import { snowflake } from '../support/snowflakes.js';

/**
 * The fake Discord's own rules, checked with plain HTTP and a bare WebSocket (no bot), so each
 * test fails if the rule it names is taken out of the fake.
 */
const guildId = snowflake();
let fake: FakeDiscord;
const sockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake?.stop();
});

async function start(rules: Partial<DiscordRuleOptions> = {}): Promise<FakeDiscord> {
  fake = await FakeDiscord.start({ guildIds: [guildId], rules });
  return fake;
}

/** A bare gateway client: connects, identifies, and collects what it receives. */
async function connect(intents = 1): Promise<{ socket: WebSocket; received: any[]; closed: Promise<number> }> {
  const socket = new WebSocket(`ws://127.0.0.1:${fake.port}`);
  sockets.push(socket);
  const received: any[] = [];
  socket.on('message', (raw) => received.push(JSON.parse(String(raw as Buffer))));
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve) => socket.once('open', resolve));
  socket.send(JSON.stringify({ op: 2, d: { token: fakeToken, intents, properties: {}, shard: [0, 1] } }));
  await fake.waitForSessions(1);
  return { socket, received, closed };
}

/** An interaction dispatched to the bare client, so the fake starts its clock. */
function interaction(type = 2): { id: string; token: string } {
  const sent = { id: snowflake(), token: `tok${snowflake()}`, type, guild_id: guildId };
  fake.dispatch('INTERACTION_CREATE', sent);
  return sent;
}

async function post(path: string, body: unknown, method = 'POST') {
  const response = await fetch(`${fake.apiBase}/v10${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const inert = { allowed_mentions: { parse: [] } };
const callback = (sent: { id: string; token: string }, body: unknown) =>
  post(`/interactions/${sent.id}/${sent.token}/callback`, body);
const reply = (data: Record<string, unknown>) => ({ type: 4, data: { ...inert, ...data } });

describe('channels, messages and threads', () => {
  const alice = { id: snowflake(), name: 'alice' };
  const dispatched = (received: any[], event: string) => received.filter((payload) => payload.t === event);

  it('sends MESSAGE_CREATE only with GuildMessages, and its content only when it mentions the bot', async () => {
    await start();
    const channel = fake.textChannelOf(guildId);
    const { received } = await connect(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    fake.postMessage(channel, alice, 'what about casualties?');
    const mention = fake.postMessage(channel, alice, `<@${fake.botUser.id}> how many troops?`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [plain, mentioned] = dispatched(received, 'MESSAGE_CREATE').map((payload) => payload.d);
    expect(plain).toMatchObject({ channel_id: channel, guild_id: guildId, content: '', mentions: [] });
    expect(mentioned).toMatchObject({ id: mention.id, content: mention.content, mentions: [fake.botUser] });
  });

  it('sends no MESSAGE_CREATE without GuildMessages, and the content of every message with Message Content', async () => {
    await start();
    const channel = fake.textChannelOf(guildId);
    const guildsOnly = await connect(GatewayIntentBits.Guilds);
    fake.postMessage(channel, alice, 'hello');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(dispatched(guildsOnly.received, 'MESSAGE_CREATE')).toEqual([]);
    guildsOnly.socket.terminate();
    const everything = await connect(
      GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    );
    await fake.waitForSessions(2);
    fake.postMessage(channel, alice, 'hello');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(dispatched(everything.received, 'MESSAGE_CREATE').map((payload) => payload.d.content)).toEqual(['hello']);
  });

  it('starts one thread per message, with its id and a name of 1–100 characters, only in a text channel', async () => {
    await start();
    const channel = fake.textChannelOf(guildId);
    const { received } = await connect();
    const message = fake.postMessage(channel, alice, 'a question');
    const threads = `/channels/${channel}/messages/${message.id}/threads`;
    expect((await post(threads, { name: '' })).status).toBe(400);
    const tooLong = await post(threads, { name: 'x'.repeat(discordRules.threadName + 1) });
    expect(tooLong).toMatchObject({
      status: 400,
      body: { code: 50035, errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } },
    });
    const created = await post(threads, { name: 'a question' });
    expect(created).toMatchObject({
      status: 201,
      body: { id: message.id, parent_id: channel, type: 11, name: 'a question' },
    });
    expect(dispatched(received, 'THREAD_CREATE').map((payload) => payload.d.id)).toEqual([message.id]);
    expect(await post(threads, { name: 'again' })).toMatchObject({ status: 400, body: { code: 160004 } });
    const unknown = await post(`/channels/${channel}/messages/${snowflake()}/threads`, { name: 'x' });
    expect(unknown).toMatchObject({ status: 404, body: { code: 10008 } });
    const inThread = fake.postMessage(message.id, alice, 'a follow-up');
    const nested = await post(`/channels/${message.id}/messages/${inThread.id}/threads`, { name: 'x' });
    expect(nested).toMatchObject({ status: 400, body: { code: 50024 } });
  });

  it('posts a message in a channel or thread that exists, within the limits, not empty, pinging no one', async () => {
    await start();
    const channel = fake.textChannelOf(guildId);
    await connect();
    expect(await post(`/channels/${snowflake()}/messages`, { ...inert, content: 'hi' })).toMatchObject({
      status: 404,
      body: { code: 10003 },
    });
    expect(await post(`/channels/${channel}/messages`, { ...inert })).toMatchObject({
      status: 400,
      body: { code: 50006 },
    });
    expect((await post(`/channels/${channel}/messages`, { content: 'hi' })).status).toBe(400);
    const tooLong = await post(`/channels/${channel}/messages`, {
      ...inert,
      content: 'x'.repeat(discordRules.content + 1),
    });
    expect(tooLong.status).toBe(400);
    const sent = await post(`/channels/${channel}/messages`, { ...inert, content: 'hi' });
    expect(sent).toMatchObject({ status: 200, body: { channel_id: channel, content: 'hi', author: fake.botUser } });
    expect(fake.channelMessages.get(sent.body.id)).toMatchObject({ content: 'hi' });
  });
});

describe('interaction timing', () => {
  it('refuses an initial response after the window with 404 Unknown interaction, and records it as late', async () => {
    await start({ interactionWindowMs: 200 });
    await connect();
    const onTime = interaction();
    const late = interaction();
    expect((await callback(onTime, reply({ content: 'hi' }))).status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 250));
    const refused = await callback(late, reply({ content: 'hi' }));
    expect(refused).toMatchObject({ status: 404, body: { message: 'Unknown interaction', code: 10062 } });
    expect(fake.interactions.get(late.id)!.late).toBe(true);
    expect(fake.interactions.get(late.id)!.acknowledgedAt).toBeUndefined();
    expect(fake.lostInteractions().map((record) => record.id)).toEqual([late.id]);
    const stats = fake.firstResponseStats();
    expect(stats).toMatchObject({ dispatched: 2, acknowledged: 1, lost: 1, late: 1 });
    expect(stats.p50).toBeLessThan(200);
  });

  it('counts an interaction never answered as lost once its window is over', async () => {
    await start({ interactionWindowMs: 100 });
    await connect();
    const ignored = interaction();
    expect(fake.lostInteractions()).toEqual([]);
    const [record] = await fake.waitForFirstResponses([ignored.id]);
    expect(record!.firstResponseAt).toBeUndefined();
    expect(fake.lostInteractions().map((lost) => lost.id)).toEqual([ignored.id]);
  });

  it('refuses a second initial response with 400 "already acknowledged" (40060)', async () => {
    await start();
    await connect();
    const sent = interaction();
    expect((await callback(sent, { type: 5 })).status).toBe(204);
    expect(await callback(sent, reply({ content: 'again' }))).toMatchObject({
      status: 400,
      body: { code: 40060, message: 'Interaction has already been acknowledged.' },
    });
  });

  it('accepts edits and follow-ups while the token lives, then 404 Unknown Webhook (10015)', async () => {
    await start({ tokenLifetimeMs: 300 });
    await connect();
    const sent = interaction();
    const original = `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`;
    expect((await post(original, { content: 'early', ...inert }, 'PATCH')).body.code).toBe(10015); // not acknowledged yet
    await callback(sent, { type: 5 });
    expect((await post(original, { content: 'done', ...inert }, 'PATCH')).status).toBe(200);
    expect((await post(`/webhooks/${fake.applicationId}/${sent.token}`, { content: 'more', ...inert })).status).toBe(
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect(await post(original, { content: 'too late', ...inert }, 'PATCH')).toMatchObject({
      status: 404,
      body: { code: 10015, message: 'Unknown Webhook' },
    });
  });
});

describe('documented limits (400 Invalid Form Body, 50035)', () => {
  const over = (count: number) => 'x'.repeat(count + 1);
  const field = { name: 'n', value: 'v' };
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['content over 2,000', { content: over(2000) }, 'data.content'],
    ['11 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'data.embeds'],
    ['a title over 256', { embeds: [{ title: over(256) }] }, 'data.embeds.0.title'],
    ['a description over 4,096', { embeds: [{ description: over(4096) }] }, 'data.embeds.0.description'],
    ['26 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => field) }] }, 'data.embeds.0.fields'],
    [
      'a field name over 256',
      { embeds: [{ fields: [{ name: over(256), value: 'v' }] }] },
      'data.embeds.0.fields.0.name',
    ],
    [
      'a field value over 1,024',
      { embeds: [{ fields: [{ name: 'n', value: over(1024) }] }] },
      'data.embeds.0.fields.0.value',
    ],
    ['a footer over 2,048', { embeds: [{ footer: { text: over(2048) } }] }, 'data.embeds.0.footer.text'],
    [
      'embeds over 6,000 in total',
      { embeds: [{ description: 'x'.repeat(4000) }, { description: 'x'.repeat(2001) }] },
      'data.embeds',
    ],
    [
      '6 component rows',
      {
        components: Array.from({ length: 6 }, (_, row) => ({
          type: 1,
          components: [{ type: 2, style: 1, label: 'b', custom_id: `b${row}` }],
        })),
      },
      'data.components',
    ],
    ['11 attachments', { attachments: Array.from({ length: 11 }, (_, id) => ({ id })) }, 'data.attachments'],
    ['no allowed_mentions (project rule)', { content: 'hi', allowed_mentions: undefined }, 'data.allowed_mentions'],
    [
      'allowed_mentions that can ping',
      { content: 'hi', allowed_mentions: { parse: ['users'] } },
      'data.allowed_mentions',
    ],
  ];

  it.each(cases)('refuses %s', async (_name, data, where) => {
    await start();
    await connect();
    const sent = interaction();
    const refused = await callback(sent, reply(data));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 50035, message: 'Invalid Form Body' });
    const node = where.split('.').reduce((at: any, key) => at?.[key], refused.body.errors);
    expect(node?._errors?.length, JSON.stringify(refused.body.errors)).toBeGreaterThan(0);
    // Refused, not acknowledged: a corrected reply still goes through.
    expect((await callback(sent, reply({ content: 'fixed' }))).status).toBe(204);
  });

  it('accepts a message exactly at every limit', async () => {
    await start();
    await connect();
    const at = (count: number) => 'x'.repeat(count);
    const accepted = await callback(
      interaction(),
      reply({
        content: at(2000),
        embeds: [
          { title: at(256), description: at(4096), footer: { text: at(1000) } },
          { fields: [{ name: at(200), value: at(448) }] },
        ],
      }),
    );
    expect(accepted.status).toBe(204);
  });

  it('refuses autocomplete with more than 25 choices, or a name or value over 100', async () => {
    await start();
    await connect();
    const choices = (count: number, name = 'n', value = 'v') => ({
      type: 8,
      data: { choices: Array.from({ length: count }, () => ({ name, value })) },
    });
    expect((await callback(interaction(), choices(26))).body.errors.data.choices._errors).toBeDefined();
    expect((await callback(interaction(), choices(1, 'x'.repeat(101)))).body.errors.data.choices[0].name).toBeDefined();
    expect(
      (await callback(interaction(), choices(1, 'n', 'x'.repeat(101)))).body.errors.data.choices[0].value,
    ).toBeDefined();
    expect((await callback(interaction(), choices(25, 'x'.repeat(100), 'x'.repeat(100)))).status).toBe(204);
  });

  it(`refuses more than 10 files, and a file over ${discordRules.attachmentBytes} bytes`, async () => {
    await start();
    await connect();
    const send = (files: Array<[string, number]>) => {
      const form = new FormData();
      form.append('payload_json', JSON.stringify({ type: 4, data: { content: 'f', ...inert } }));
      files.forEach(([name, size], index) => form.append(`files[${index}]`, new Blob([Buffer.alloc(size)]), name));
      const sent = interaction();
      return fetch(`${fake.apiBase}/v10/interactions/${sent.id}/${sent.token}/callback`, {
        method: 'POST',
        body: form,
      });
    };
    expect((await send(Array.from({ length: 11 }, (_, index) => [`f${index}.png`, 10]))).status).toBe(400);
    expect((await send([['big.png', discordRules.attachmentBytes + 1]])).status).toBe(400);
    expect((await send([['ok.png', discordRules.attachmentBytes]])).status).toBe(204);
  });
});

describe('modals (callback type 9)', () => {
  const input = { type: 4, custom_id: 'reason', style: 1 };
  const modal = (data: Record<string, unknown> = {}) => ({
    type: 9,
    data: {
      custom_id: 'ask:why:1',
      title: 'What was wrong?',
      components: [{ type: 18, label: 'Why?', component: input }],
      ...data,
    },
  });
  const over = (limit: number) => 'x'.repeat(limit + 1);
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['a title over 45', { title: over(discordRules.modalTitle) }, 'data.title'],
    ['no title', { title: undefined }, 'data.title'],
    ['a custom id over 100', { custom_id: over(discordRules.customId) }, 'data.custom_id'],
    ['no components', { components: [] }, 'data.components'],
    [
      'more than 5 components',
      { components: Array.from({ length: 6 }, () => ({ type: 18, label: 'Why?', component: input })) },
      'data.components',
    ],
    [
      'a label over 45',
      { components: [{ type: 18, label: over(discordRules.modalLabel), component: input }] },
      'data.components.0.label',
    ],
    [
      'a text input with a label of its own inside a label',
      { components: [{ type: 18, label: 'Why?', component: { ...input, label: 'Why?' } }] },
      'data.components.0.component.label',
    ],
    [
      'an action row whose text input has a label over 45',
      { components: [{ type: 1, components: [{ ...input, label: over(45) }] }] },
      'data.components.0.components.0.label',
    ],
    [
      'a text input longer than 4,000',
      { components: [{ type: 18, label: 'Why?', component: { ...input, max_length: 4001 } }] },
      'data.components.0.component.max_length',
    ],
    ['a button in a modal', { components: [{ type: 2, style: 1, label: 'b', custom_id: 'b' }] }, 'data.components.0'],
  ];

  it.each(cases)('refuses %s', async (_name, data, where) => {
    await start();
    await connect();
    const refused = await callback(interaction(), modal(data));
    expect(refused.status).toBe(400);
    const node = where.split('.').reduce((at: any, key) => at?.[key], refused.body.errors);
    expect(node?._errors?.length, JSON.stringify(refused.body.errors)).toBeGreaterThan(0);
  });

  it('accepts a modal within the limits (a label, or a labelled text input in an action row) as the first response only', async () => {
    await start();
    await connect();
    expect((await callback(interaction(), modal())).status).toBe(204);
    const row = { components: [{ type: 1, components: [{ ...input, label: 'x'.repeat(45) }] }] };
    expect((await callback(interaction(), modal({ title: 'x'.repeat(45), ...row }))).status).toBe(204);
    const replied = interaction();
    expect((await callback(replied, reply({ content: 'hi' }))).status).toBe(204);
    expect((await callback(replied, modal())).body).toMatchObject({ code: 40060 });
  });

  it('refuses a modal in answer to a submitted modal or an autocomplete', async () => {
    await start();
    await connect();
    for (const type of [5, 4]) {
      const refused = await callback(interaction(type), modal());
      expect(refused.status).toBe(400);
      expect(refused.body.errors.type._errors[0].message).toMatch(/cannot answer an interaction of type/);
    }
  });
});

describe('rate limits', () => {
  it('announces each bucket in X-RateLimit-* headers and answers 429 with Retry-After once it is used up', async () => {
    await start({ rateLimit: { limit: 2, windowMs: 1_500 } });
    await connect();
    const sent = interaction();
    await callback(sent, { type: 5 });
    const edit = () =>
      post(`/webhooks/${fake.applicationId}/${sent.token}/messages/@original`, { content: 'e', ...inert }, 'PATCH');
    const first = await edit();
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(first.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(1);
    expect(Number(first.headers.get('x-ratelimit-reset')) * 1000).toBeGreaterThan(Date.now());
    expect(first.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{16}$/);
    expect((await edit()).headers.get('x-ratelimit-remaining')).toBe('0');
    const limited = await edit();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2'); // whole seconds, rounded up
    expect(limited.headers.get('x-ratelimit-scope')).toBe('user');
    expect(limited.body).toMatchObject({ message: 'You are being rate limited.', global: false });
    expect(limited.body.retry_after).toBeGreaterThan(1);
    expect(limited.body.retry_after).toBeLessThanOrEqual(1.5);
  });

  it('scripts a 429 with or without Retry-After', async () => {
    await start();
    fake.script('GET', /^\/gateway$/, FakeDiscord.tooManyRequests(1_200), FakeDiscord.tooManyRequests(null));
    const withHeader = await fetch(`${fake.apiBase}/v10/gateway`);
    expect([withHeader.status, withHeader.headers.get('retry-after')]).toEqual([429, '2']);
    const bare = await fetch(`${fake.apiBase}/v10/gateway`);
    expect([bare.status, bare.headers.get('retry-after'), bare.headers.get('x-ratelimit-limit')]).toEqual([
      429,
      null,
      null,
    ]);
    expect((await fetch(`${fake.apiBase}/v10/gateway`)).status).toBe(200);
  });
});

describe('gateway', () => {
  it('closes a connection that sends more than 120 payloads in 60 s with 4008', async () => {
    await start();
    const { socket, closed } = await connect();
    // IDENTIFY was the first of the 120.
    for (let index = 0; index < 119; index++) socket.send(JSON.stringify({ op: 1, d: index }));
    expect(await Promise.race([closed, new Promise((resolve) => setTimeout(() => resolve('open'), 200))])).toBe('open');
    socket.send(JSON.stringify({ op: 1, d: 121 }));
    expect(await closed).toBe(4008);
    expect(fake.gatewayClosures.map((closure) => closure.code)).toEqual([4008]);
  });

  it('closes a connection that sends a payload over 4,096 bytes with 4002', async () => {
    await start();
    const { socket, closed } = await connect();
    socket.send(JSON.stringify({ op: 3, d: { padding: 'x'.repeat(4096) } }));
    expect(await closed).toBe(4002);
  });

  it('RESUME replays what was dispatched while disconnected, in order, then RESUMED', async () => {
    await start();
    const first = await connect();
    const [session] = fake.sessions;
    const seenBefore = session!.sequence;
    fake.disconnect(session!);
    expect(await first.closed).toBe(4000);
    const missed = [interaction(), interaction()];
    const again = new WebSocket(`ws://127.0.0.1:${fake.port}`);
    sockets.push(again);
    const received: any[] = [];
    again.on('message', (raw) => received.push(JSON.parse(String(raw as Buffer))));
    await new Promise((resolve) => again.once('open', resolve));
    again.send(JSON.stringify({ op: 6, d: { token: fakeToken, session_id: session!.sessionId, seq: seenBefore } }));
    await expect.poll(() => received.at(-1)?.t).toBe('RESUMED');
    expect(received.filter((payload) => payload.op === 0).map((payload) => [payload.s, payload.d?.id])).toEqual([
      [seenBefore + 1, missed[0]!.id],
      [seenBefore + 2, missed[1]!.id],
      [seenBefore + 3, undefined],
    ]);
    expect(session!.resumes).toEqual([{ seq: seenBefore, replayed: 2 }]);
  });

  it('answers RESUME of an unknown session with INVALID_SESSION (not resumable)', async () => {
    await start();
    const socket = new WebSocket(`ws://127.0.0.1:${fake.port}`);
    sockets.push(socket);
    const received: any[] = [];
    socket.on('message', (raw) => received.push(JSON.parse(String(raw as Buffer))));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ op: 6, d: { token: fakeToken, session_id: 'session-nope', seq: 3 } }));
    await expect.poll(() => received.at(-1)).toEqual({ op: 9, s: null, t: null, d: false });
  });
});

describe('updates and ephemeral messages', () => {
  /** A button pressed on a message with these flags (64: ephemeral). */
  function press(messageFlags: number): { id: string; token: string } {
    const sent = {
      id: snowflake(),
      token: `tok${snowflake()}`,
      type: 3,
      guild_id: guildId,
      message: { flags: messageFlags },
    };
    fake.dispatch('INTERACTION_CREATE', sent);
    return sent;
  }
  const update = (data: Record<string, unknown>) => ({ type: 7, data: { ...inert, ...data } });

  it('offers an update (callback 6 or 7) only to a component or a submitted modal: a slash command has no message', async () => {
    await start();
    await connect();
    expect((await callback(interaction(2), update({ content: 'x' }))).body.errors.type).toBeDefined();
    expect((await callback(interaction(2), { type: 6 })).status).toBe(400);
    expect((await callback(press(0), update({ content: 'x' }))).status).toBe(204);
    expect((await callback(interaction(5), { type: 6 })).status).toBe(204);
  });

  it('refuses an update that would make an ephemeral message public, or a public one ephemeral', async () => {
    await start();
    await connect();
    expect((await callback(press(64), update({ content: 'x', flags: 0 }))).body.errors.data.flags).toBeDefined();
    expect((await callback(press(0), update({ content: 'x', flags: 64 }))).status).toBe(400);
    expect((await callback(press(64), update({ content: 'x', flags: 64 }))).status).toBe(204);
    expect((await callback(press(64), update({ content: 'x' }))).status).toBe(204);
  });

  it('refuses an edit that sets the ephemeral flag: edits set only SUPPRESS_EMBEDS', async () => {
    await start();
    await connect();
    const sent = interaction();
    await callback(sent, reply({ content: 'hi' }));
    const edit = (flags: number) =>
      post(
        `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`,
        { content: 'x', flags, ...inert },
        'PATCH',
      );
    expect((await edit(64)).body.errors.flags).toBeDefined();
    expect((await edit(4)).status).toBe(200);
  });
});
