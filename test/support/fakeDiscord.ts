import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayIntentBits } from 'discord.js';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  choiceProblems,
  discordRules,
  invalidFormBody,
  messageProblems,
  modalProblems,
  threadProblems,
  type FormProblem,
  type RecordedFile,
} from './discordRules.js';
import { shardOfGuild, snowflake } from './snowflakes.js';

/**
 * A protocol-level fake of Discord for end-to-end tests: the REST API (under /api/v10) and the
 * gateway (JSON encoding, no compression) on 127.0.0.1 and a random port. The real discord.js
 * Client talks to it as it would to Discord; every REST call is recorded so tests can assert
 * exactly what the bot sent.
 */

export type { RecordedFile } from './discordRules.js';

export interface RecordedRequest {
  method: string;
  /** Decoded path below /api/v10, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  query: URLSearchParams;
  /** The JSON body, or `payload_json` of a multipart body. */
  body: any;
  files: RecordedFile[];
  /** The status the fake answered with; 0 while the response is held back (`delayMs`). */
  status: number;
  /** `performance.now()` when the request reached the fake (its headers did). */
  receivedAt: number;
  /** What the fake answered when it refused the request (status ≥ 400): Discord's error body. */
  error?: unknown;
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  /** Extra response headers (e.g. `Retry-After`). */
  headers?: Record<string, string>;
  /** Hold the response this long before sending it (to keep a request in flight). */
  delayMs?: number;
}

interface Script {
  method: string;
  path: RegExp;
  body?: (body: any) => boolean;
  responses: ScriptedResponse[];
  /** A standing script: every matching request gets `responses[0]` until this `performance.now()`. */
  until?: number;
}

/** A REST bucket: `limit` requests per `windowMs`, per route and major parameter, as Discord counts them. */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}

/**
 * Which of Discord's rules the fake holds the bot to. All on by default (`FakeDiscord.start`);
 * `rules: false` turns every one off, as the fake was before it had them.
 */
export interface DiscordRuleOptions {
  /** Initial response deadline after dispatch (Discord: 3 s); `Infinity` turns it off. */
  interactionWindowMs: number;
  /** How long after dispatch the token accepts follow-ups and edits (Discord: 15 min). */
  tokenLifetimeMs: number;
  /** 400 for message, embed, component, attachment and autocomplete limits. */
  enforceLimits: boolean;
  /** Project rule, not Discord's: every message must carry `allowed_mentions: { parse: [] }`. */
  requireInertMentions: boolean;
  /** Per-bucket REST rate limit, announced in `X-RateLimit-*` headers and enforced with 429; `false` off. */
  rateLimit: RateLimitRule | false;
  /** Gateway: 120 payloads per 60 s per connection (else close 4008), 4,096 bytes each (else close 4002). */
  enforceGatewayLimits: boolean;
}

export const defaultRules: DiscordRuleOptions = {
  interactionWindowMs: discordRules.interactionWindowMs,
  tokenLifetimeMs: discordRules.tokenLifetimeMs,
  enforceLimits: true,
  requireInertMentions: true,
  rateLimit: { limit: 50, windowMs: 1_000 },
  enforceGatewayLimits: true,
};

export interface FakeDiscordOptions {
  guildIds: string[];
  /** What GET /gateway/bot recommends. */
  recommendedShards?: number;
  /** Roles every GUILD_CREATE carries (besides @everyone), so member role checks can resolve. */
  roles?: Array<{ id: string; name: string }>;
  /** Discord's rules to enforce (default: all of `defaultRules`); `false`: none. */
  rules?: Partial<DiscordRuleOptions> | false;
}

/** What the fake knows of one interaction it dispatched: when, and how (and whether in time) it was answered. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  /** `performance.now()` when INTERACTION_CREATE was sent (or queued, for a disconnected session). */
  dispatchedAt: number;
  /** When the first initial-response attempt (callback) arrived, whatever its outcome. */
  firstResponseAt?: number;
  /** When the callback that acknowledged it arrived (a 2xx answer). */
  acknowledgedAt?: number;
  /** The callback type that acknowledged it (4 reply, 5 defer, 6 deferred update, 7 update, 8 choices, 9 modal). */
  responseType?: number;
  /** A callback arrived after the window and was refused (10062 Unknown interaction). */
  late: boolean;
  /** The flags of the message a component interaction was on (EPHEMERAL = 64), or undefined. */
  messageFlags?: number;
}

export interface FirstResponseStats {
  dispatched: number;
  acknowledged: number;
  /** Answered after the window (refused), or not at all though the window has passed. */
  lost: number;
  late: number;
  /** Dispatch → acknowledging callback, in ms, over the acknowledged interactions. */
  p50: number;
  p99: number;
  max: number;
}

export interface GatewaySession {
  socket: WebSocket;
  shard: [number, number];
  /** The IDENTIFY payload's `d`: intents, properties, compress… */
  identify: Record<string, any>;
  sequence: number;
  sessionId: string;
  /** Dispatches sent or queued, newest last (the last `replayBufferSize`), for RESUME to replay. */
  dispatched: Array<{ s: number; t: string; data: string }>;
  /** Successful RESUMEs, with the sequence each asked for and how many dispatches were replayed. */
  resumes: Array<{ seq: number; replayed: number }>;
  /** Closed by the client with 1000/1001, superseded by a new IDENTIFY, or refused: cannot be resumed. */
  invalidated: boolean;
  /** Payloads the client sent on each connection of this session, with their size in bytes. */
  received: Array<{ at: number; op: number; bytes: number }>;
}

/** A gateway connection the fake closed for breaking a rule. */
export interface GatewayClosure {
  code: number;
  reason: string;
  shard?: [number, number];
}

const replayBufferSize = 5_000;

/** Someone who writes a message in a channel (`FakeDiscord.postMessage`): a member, or another bot. */
export interface Author {
  id: string;
  name: string;
  bot?: boolean;
  roles?: string[];
}

/** Channel types the fake holds (Discord's numbers). */
export const channelTypes = { text: 0, publicThread: 11 } as const;

/** Discord's errors for channels, messages and threads, as the fake answers them. */
const channelErrors = {
  unknownChannel: { status: 404, body: { message: 'Unknown Channel', code: 10003 } },
  unknownMessage: { status: 404, body: { message: 'Unknown Message', code: 10008 } },
  emptyMessage: { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } },
  wrongChannelType: { status: 400, body: { message: 'Cannot execute action on this channel type', code: 50024 } },
  threadExists: { status: 400, body: { message: 'A thread has already been created for this message', code: 160004 } },
} satisfies Record<string, ScriptedResponse>;

export const fakeToken = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GfakeX.abcdefghijklmnopqrstuvwxyz0123';

export class FakeDiscord {
  readonly applicationId = snowflake();
  readonly botUser = {
    id: this.applicationId,
    username: 'sourcedesk',
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
  };
  readonly requests: RecordedRequest[] = [];
  readonly sessions: GatewaySession[] = [];
  /** Every interaction dispatched, by id, in dispatch order. */
  readonly interactions = new Map<string, InteractionRecord>();
  /** Gateway connections the fake closed for breaking a rule (rate limit, payload size, bad token). */
  readonly gatewayClosures: GatewayClosure[] = [];
  /** The rules in force; tests may change them between interactions (e.g. shorten `tokenLifetimeMs`). */
  readonly rules: DiscordRuleOptions;
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly buckets = new Map<string, { hash: string; started: number; used: number }>();
  private readonly scripts: Script[] = [];
  private readonly waiters = new Set<() => void>();
  /** Every guild's channels and threads, by id: text channels as the guild has them, threads as started. */
  readonly channels = new Map<string, Record<string, any>>();
  /** Messages posted in channels and threads (by members through `postMessage`, by the bot through REST), by id. */
  readonly channelMessages = new Map<string, Record<string, any>>();

  private constructor(
    private readonly http: Server,
    private readonly gateway: WebSocketServer,
    readonly port: number,
    private readonly options: FakeDiscordOptions,
  ) {
    this.rules =
      options.rules === false
        ? {
            interactionWindowMs: Infinity,
            tokenLifetimeMs: Infinity,
            enforceLimits: false,
            requireInertMentions: false,
            rateLimit: false,
            enforceGatewayLimits: false,
          }
        : { ...defaultRules, ...options.rules };
    for (const guildId of options.guildIds) this.addTextChannel(guildId, 'general');
  }

  static async start(options: FakeDiscordOptions): Promise<FakeDiscord> {
    const http = createServer();
    const gateway = new WebSocketServer({ server: http });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const fake = new FakeDiscord(http, gateway, (http.address() as AddressInfo).port, options);
    http.on('request', (request, response) => void fake.handleRest(request, response));
    gateway.on('connection', (socket) => fake.handleGateway(socket));
    return fake;
  }

  /** What the bot's REST client is pointed at (`rest.api`); discord.js appends `/v10`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** The next matching requests get these responses, in order, instead of the default ones. */
  script(method: string, path: RegExp, ...responses: ScriptedResponse[]): void {
    this.scripts.push({ method, path, responses });
  }

  /** As `script`, for the next matching requests whose body also satisfies `body`. */
  scriptWhen(method: string, path: RegExp, body: (body: any) => boolean, ...responses: ScriptedResponse[]): void {
    this.scripts.push({ method, path, body, responses });
  }

  /** Every matching request gets `response` for the next `durationMs` (e.g. a rate limit that lasts). */
  scriptFor(method: string, path: RegExp, durationMs: number, response: ScriptedResponse): void {
    this.scripts.push({ method, path, responses: [response], until: performance.now() + durationMs });
  }

  /**
   * A 429 as Discord sends it: `Retry-After` (whole seconds, rounded up, as Discord's header is),
   * `X-RateLimit-Scope`, and the JSON body with `retry_after` in seconds. `retryAfterMs: null` leaves
   * `Retry-After` out (and every `X-RateLimit-*`), as a proxy's bare 429 would.
   */
  static tooManyRequests(
    retryAfterMs: number | null,
    { global = false, scope = 'user' }: { global?: boolean; scope?: 'user' | 'shared' | 'global' } = {},
  ): ScriptedResponse {
    const seconds = (retryAfterMs ?? 0) / 1000;
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: seconds, global },
      headers:
        retryAfterMs === null
          ? {}
          : {
              'Retry-After': String(Math.ceil(seconds)),
              'X-RateLimit-Scope': global ? 'global' : scope,
              ...(global ? { 'X-RateLimit-Global': 'true' } : {}),
            },
    };
  }

  /** Resolves once `count` requests match, or fails after `timeoutMs` (tests never hang). */
  async waitForRequests(
    predicate: (request: RecordedRequest) => boolean,
    count = 1,
    timeoutMs = 5_000,
  ): Promise<RecordedRequest[]> {
    return this.waitFor(
      () => {
        const matching = this.requests.filter(predicate);
        return matching.length >= count ? matching : undefined;
      },
      timeoutMs,
      () => `${count} matching requests (have ${this.requests.filter(predicate).length})`,
    );
  }

  /** The interaction callback(s) and webhook edits the bot sent for one interaction token. */
  responsesTo(interaction: { id: string; token: string }): RecordedRequest[] {
    return this.requests.filter(
      (request) =>
        request.path.startsWith(`/interactions/${interaction.id}/`) || request.path.includes(`/${interaction.token}`),
    );
  }

  /** Waits until the bot has sent `count` successful responses to an interaction. */
  async waitForResponses(
    interaction: { id: string; token: string },
    count = 1,
    timeoutMs = 5_000,
  ): Promise<RecordedRequest[]> {
    return this.waitFor(
      () => {
        const sent = this.responsesTo(interaction).filter((request) => request.status >= 200 && request.status < 300);
        return sent.length >= count ? sent : undefined;
      },
      timeoutMs,
      () => `${count} responses to interaction ${interaction.id}`,
    );
  }

  /** Resolves once `count` gateway sessions have identified. */
  async waitForSessions(count: number, timeoutMs = 10_000): Promise<GatewaySession[]> {
    return this.waitFor(
      () => (this.sessions.length >= count ? this.sessions : undefined),
      timeoutMs,
      () => `${count} gateway sessions`,
    );
  }

  /**
   * Interactions that missed the window: answered too late (refused), or not answered though the
   * window is over. An interaction still inside its window is not lost (yet).
   */
  lostInteractions(ids?: Iterable<string>): InteractionRecord[] {
    const now = performance.now();
    return this.selectInteractions(ids).filter(
      (record) =>
        record.acknowledgedAt === undefined &&
        (record.late || now - record.dispatchedAt > this.rules.interactionWindowMs),
    );
  }

  /** Resolves once every one of these interactions is acknowledged or lost (window over); never hangs. */
  async waitForFirstResponses(ids: Iterable<string>, timeoutMs = 30_000): Promise<InteractionRecord[]> {
    const records = this.selectInteractions(ids);
    const settled = () => {
      const now = performance.now();
      return records.every(
        (record) =>
          record.acknowledgedAt !== undefined ||
          record.late ||
          now - record.dispatchedAt > this.rules.interactionWindowMs,
      );
    };
    // The window passing is not an event: poll as well as listen.
    const poll = setInterval(() => this.notify(), 100);
    try {
      return await this.waitFor(
        () => (settled() ? records : undefined),
        timeoutMs,
        () => `first responses to ${records.length} interactions`,
      );
    } finally {
      clearInterval(poll);
    }
  }

  /** Dispatch → acknowledging callback over these interactions (default: all), and how many were lost. */
  firstResponseStats(ids?: Iterable<string>): FirstResponseStats {
    const records = this.selectInteractions(ids);
    const times = records
      .filter((record) => record.acknowledgedAt !== undefined)
      .map((record) => record.acknowledgedAt! - record.dispatchedAt)
      .sort((a, b) => a - b);
    const quantile = (q: number) =>
      times.length ? times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! : NaN;
    return {
      dispatched: records.length,
      acknowledged: times.length,
      lost: this.lostInteractions(records.map((record) => record.id)).length,
      late: records.filter((record) => record.late).length,
      p50: quantile(0.5),
      p99: quantile(0.99),
      max: times.at(-1) ?? NaN,
    };
  }

  private selectInteractions(ids?: Iterable<string>): InteractionRecord[] {
    if (!ids) return [...this.interactions.values()];
    return [...ids].map((id) => {
      const record = this.interactions.get(id);
      if (!record) throw new Error(`fake Discord never dispatched interaction ${id}`);
      return record;
    });
  }

  /**
   * Sends a dispatch event to the session that owns the guild (Discord's shard formula). While that
   * session is disconnected but resumable, the event is queued for RESUME to replay, as Discord does.
   */
  dispatch(event: string, data: { guild_id?: string }): void {
    const session = this.sessionFor(data.guild_id);
    if (!session) throw new Error(`no open gateway session for guild ${data.guild_id}`);
    if (event === 'INTERACTION_CREATE') this.track(data as Record<string, any>);
    this.send(session, { op: 0, t: event, d: data });
  }

  /**
   * Drops a session's connection as Discord does when it restarts a gateway node: close code 4000
   * (resumable) by default. Dispatches sent until the client resumes are queued and replayed.
   */
  disconnect(session: GatewaySession, code = 4000, reason = 'fake Discord: forced disconnect'): void {
    session.socket.close(code, reason);
  }

  /** A guild's first text channel (each guild starts with #general). */
  textChannelOf(guildId: string): string {
    const channel = [...this.channels.values()].find(
      (candidate) => candidate.guild_id === guildId && candidate.type === channelTypes.text,
    );
    if (!channel) throw new Error(`fake Discord has no text channel in guild ${guildId}`);
    return channel.id;
  }

  /**
   * A new text channel in a guild (`id`: the same channel again, in a fake started after a restart); a connected
   * client learns of it by CHANNEL_CREATE, as from Discord.
   */
  addTextChannel(guildId: string, name: string, id = snowflake()): string {
    const channel = {
      id,
      type: channelTypes.text,
      guild_id: guildId,
      name,
      position: this.channels.size,
      permission_overwrites: [],
      parent_id: null,
      nsfw: false,
      topic: null,
      last_message_id: null,
      rate_limit_per_user: 0,
    };
    this.channels.set(channel.id, channel);
    if (this.sessionFor(guildId)) this.dispatch('CHANNEL_CREATE', channel);
    return channel.id;
  }

  /**
   * A member (or another bot) posts a message in a channel or thread. Discord parses `<@id>` in the content into
   * `mentions`, and sends MESSAGE_CREATE only to a session with the GUILD_MESSAGES intent; without the privileged
   * MESSAGE_CONTENT intent, content, embeds, attachments and components arrive empty unless the message mentions
   * the bot (or the bot wrote it). `reply` makes it a reply to a message of the channel; with `ping`, its author is
   * mentioned, as Discord's reply toggle does, though the content does not name them. Returns the message as stored,
   * content included.
   */
  postMessage(
    channelId: string,
    author: Author,
    content: string,
    reply?: { to: string; ping: boolean },
  ): Record<string, any> {
    const channel = this.channels.get(channelId);
    if (!channel) throw new Error(`fake Discord has no channel ${channelId}`);
    const referenced = reply && this.channelMessages.get(reply.to);
    if (reply && referenced?.channel_id !== channelId) throw new Error(`no message ${reply.to} in ${channelId}`);
    const user = { id: author.id, username: author.name, discriminator: '0', global_name: author.name, avatar: null };
    const message = this.storeMessage(channel, {
      author: author.bot ? { ...user, bot: true } : user,
      member: { roles: author.roles ?? [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 },
      content,
      ...(referenced
        ? {
            message_reference: { message_id: referenced.id, channel_id: channelId, guild_id: channel.guild_id },
            referenced_message: referenced,
          }
        : {}),
    });
    if (referenced && reply?.ping && !message.mentions.some((user: { id: string }) => user.id === referenced.author.id))
      message.mentions.push(referenced.author);
    this.deliverMessage(message);
    return message;
  }

  async stop(): Promise<void> {
    for (const client of this.gateway.clients) client.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private sessionFor(guildId: string | undefined): GatewaySession | undefined {
    const owns = (session: GatewaySession) => !guildId || shardOfGuild(guildId, session.shard[1]) === session.shard[0];
    const open = this.sessions.find((session) => session.socket.readyState === session.socket.OPEN && owns(session));
    return open ?? this.sessions.findLast((session) => !session.invalidated && owns(session));
  }

  private track(payload: Record<string, any>): void {
    if (typeof payload.id !== 'string' || typeof payload.token !== 'string') return;
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      dispatchedAt: performance.now(),
      late: false,
      ...(typeof payload.message?.flags === 'number' ? { messageFlags: payload.message.flags } : {}),
    };
    this.interactions.set(record.id, record);
    this.interactionsByToken.set(record.token, record);
  }

  private async waitFor<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    const now = check();
    if (now !== undefined) return now;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(recheck);
        reject(new Error(`fake Discord: timed out after ${timeoutMs} ms waiting for ${describe()}`));
      }, timeoutMs);
      const recheck = () => {
        const result = check();
        if (result === undefined) return;
        clearTimeout(timer);
        this.waiters.delete(recheck);
        resolve(result);
      };
      this.waiters.add(recheck);
    });
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  // ---- REST ----

  private async handleRest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const { body, files } = await parseBody(raw, request.headers['content-type'] ?? '');
    const callbackOf = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path)?.[1];
    const interaction = callbackOf ? this.interactions.get(callbackOf) : undefined;
    if (interaction) interaction.firstResponseAt ??= receivedAt;
    const bucket = this.takeBucket(method, path, receivedAt);
    const scripted = this.nextScripted(method, path, body, receivedAt);
    const reply =
      scripted ??
      bucket.limited ??
      this.ruledResponse(method, path, body, files, receivedAt) ??
      this.defaultResponse(method, path, url.searchParams, body);
    if (reply.status >= 200 && reply.status < 300) this.acknowledge(method, path, body, receivedAt);
    // Recorded on arrival (status 0 while held) so tests can see a request in flight.
    const recorded: RecordedRequest = { method, path, query: url.searchParams, body, files, status: 0, receivedAt };
    this.requests.push(recorded);
    this.notify();
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    recorded.status = reply.status;
    if (reply.status >= 400) recorded.error = reply.body;
    const headers = { ...(scripted?.status === 429 ? {} : bucket.headers), ...reply.headers };
    if (reply.body === undefined) {
      response.writeHead(reply.status, headers).end();
    } else {
      response
        .writeHead(reply.status, { ...headers, 'content-type': 'application/json' })
        .end(JSON.stringify(reply.body));
    }
    this.notify();
  }

  private nextScripted(method: string, path: string, body: unknown, now: number): ScriptedResponse | undefined {
    const script = this.scripts.find(
      (candidate) =>
        candidate.method === method &&
        candidate.path.test(path) &&
        (!candidate.body || candidate.body(body)) &&
        candidate.responses.length > 0 &&
        (candidate.until === undefined || now < candidate.until),
    );
    if (script?.until !== undefined) return script.responses[0];
    return script?.responses.shift();
  }

  /**
   * Discord's bucket for a request: route template and major parameter, as discord.js computes
   * them too (webhooks by id and token, interaction callbacks by interaction). Counts the request,
   * and answers with the `X-RateLimit-*` headers, or a 429 once the bucket is used up.
   */
  private takeBucket(
    method: string,
    path: string,
    now: number,
  ): { headers: Record<string, string>; limited?: ScriptedResponse } {
    const rule = this.rules.rateLimit;
    if (!rule) return { headers: {} };
    const major =
      /^\/interactions\/(\d{17,20})\//.exec(path)?.[1] ??
      /^\/webhooks\/(\d{17,20}\/[^/?]+)/.exec(path)?.[1] ??
      /^\/(?:channels|guilds|webhooks)\/(\d{17,20})/.exec(path)?.[1] ??
      'global';
    const route = `${method} ${path.replace(/\d{17,20}/g, ':id').replace(/\/(webhooks|interactions)\/:id\/[^/]+/, '/$1/:id/:token')}`;
    const key = `${route} ${major}`;
    let bucket = this.buckets.get(key);
    if (!bucket || now - bucket.started >= rule.windowMs) {
      bucket = { hash: createHash('sha1').update(route).digest('hex').slice(0, 16), started: now, used: 0 };
      this.buckets.set(key, bucket);
    }
    const resetAfterMs = Math.max(0, bucket.started + rule.windowMs - now);
    const headers = (remaining: number): Record<string, string> => ({
      'X-RateLimit-Limit': String(rule.limit),
      'X-RateLimit-Remaining': String(remaining),
      'X-RateLimit-Reset': ((Date.now() + resetAfterMs) / 1000).toFixed(3),
      'X-RateLimit-Reset-After': (resetAfterMs / 1000).toFixed(3),
      'X-RateLimit-Bucket': bucket.hash,
    });
    if (bucket.used >= rule.limit) {
      const limited = FakeDiscord.tooManyRequests(resetAfterMs);
      return { headers: headers(0), limited: { ...limited, headers: { ...headers(0), ...limited.headers } } };
    }
    bucket.used += 1;
    return { headers: headers(rule.limit - bucket.used) };
  }

  /** Discord's refusals: late or repeated initial responses, expired tokens, bodies over the limits. */
  private ruledResponse(
    method: string,
    path: string,
    body: any,
    files: RecordedFile[],
    now: number,
  ): ScriptedResponse | undefined {
    const channelRule = this.channelRefusal(method, path, body, files);
    if (channelRule) return channelRule;
    const callback = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (callback) {
      const record = this.interactions.get(callback[1]!);
      if (!record || record.token !== callback[2]) return this.interactionWindowOn ? unknownInteraction : undefined;
      record.firstResponseAt ??= now;
      if (record.acknowledgedAt !== undefined)
        return {
          status: 400,
          body: { message: 'Interaction has already been acknowledged.', code: 40060 },
        };
      if (now - record.dispatchedAt > this.rules.interactionWindowMs) {
        record.late = true;
        return unknownInteraction;
      }
      if (body?.type === modalCallback) return this.modalRefusal(record, body);
      const updateProblem = this.updateRefusal(record, body);
      if (updateProblem) return updateProblem;
      return this.bodyProblems(body?.type === 8 ? 'choices' : 'callback', body, files);
    }
    const webhook = /^\/webhooks\/(\d+)\/([^/]+)(\/.*)?$/.exec(path);
    if (webhook && webhook[1] === this.applicationId) {
      const record = this.interactionsByToken.get(webhook[2]!);
      const alive = record?.acknowledgedAt !== undefined && now - record.dispatchedAt <= this.rules.tokenLifetimeMs;
      if (!alive && Number.isFinite(this.rules.tokenLifetimeMs))
        return { status: 404, body: { message: 'Unknown Webhook', code: 10015 } };
      if (method === 'PATCH' && hasEphemeralFlag(body?.flags))
        return flagsRefusal(['flags'], 'An edit sets only SUPPRESS_EMBEDS: a message cannot become ephemeral.');
      if (method === 'PATCH' || method === 'POST') return this.bodyProblems('message', body, files);
    }
    return undefined;
  }

  /**
   * Posting in a channel: it must exist, and the message must be within the limits and not empty. Starting a thread
   * from a message: the channel must be a text channel (not a thread) holding that message, the message may have
   * only one thread, and its name is 1–100 characters.
   */
  private channelRefusal(method: string, path: string, body: any, files: RecordedFile[]): ScriptedResponse | undefined {
    if (method !== 'POST') return undefined;
    const post = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (post) {
      if (!this.channels.has(post[1]!)) return channelErrors.unknownChannel;
      const refused = this.bodyProblems('message', body, files);
      if (refused) return refused;
      const empty = !body?.content && !body?.embeds?.length && !body?.components?.length && files.length === 0;
      return empty ? channelErrors.emptyMessage : undefined;
    }
    const thread = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path);
    if (!thread) return undefined;
    const channel = this.channels.get(thread[1]!);
    if (!channel) return channelErrors.unknownChannel;
    if (channel.type !== channelTypes.text) return channelErrors.wrongChannelType;
    if (this.channelMessages.get(thread[2]!)?.channel_id !== channel.id) return channelErrors.unknownMessage;
    // A thread started from a message has the message's id.
    if (this.channels.has(thread[2]!)) return channelErrors.threadExists;
    const problems = this.rules.enforceLimits ? threadProblems(body) : [];
    return problems.length ? { status: 400, body: invalidFormBody(problems) } : undefined;
  }

  /**
   * A modal (callback type 9) is an initial response like any other, so it cannot follow a reply or a deferral (the
   * already-acknowledged rule above), and Discord does not offer it to a submitted modal or an autocomplete.
   */
  private modalRefusal(record: InteractionRecord, body: any): ScriptedResponse | undefined {
    if (record.type === modalSubmitInteraction || record.type === autocompleteInteraction)
      return {
        status: 400,
        body: invalidFormBody([
          {
            path: ['type'],
            code: 'INTERACTION_RESPONSE_TYPE_INVALID',
            message: `A modal cannot answer an interaction of type ${record.type}.`,
          },
        ]),
      };
    const problems = this.rules.enforceLimits ? modalProblems(body?.data) : [];
    return problems.length ? { status: 400, body: invalidFormBody(problems) } : undefined;
  }

  /**
   * DEFERRED_UPDATE_MESSAGE (6) and UPDATE_MESSAGE (7) edit the message a component is on, so Discord offers them
   * only to component interactions and to modals submitted from a component. An update cannot change whether that
   * message is ephemeral (Discord ignores the flag; refused here so a bot relying on it fails loudly): a private
   * answer goes public only as a new message.
   */
  private updateRefusal(record: InteractionRecord, body: any): ScriptedResponse | undefined {
    if (body?.type !== 6 && body?.type !== 7) return undefined;
    if (record.type !== componentInteraction && record.type !== modalSubmitInteraction)
      return {
        status: 400,
        body: invalidFormBody([
          {
            path: ['type'],
            code: 'INTERACTION_RESPONSE_TYPE_INVALID',
            message: `An update cannot answer an interaction of type ${record.type}: it has no message.`,
          },
        ]),
      };
    const flags = body?.data?.flags;
    if (flags !== undefined && hasEphemeralFlag(flags) !== hasEphemeralFlag(record.messageFlags ?? 0))
      return flagsRefusal(['data', 'flags'], 'An update cannot make a message ephemeral, or an ephemeral one public.');
    return undefined;
  }

  private get interactionWindowOn(): boolean {
    return Number.isFinite(this.rules.interactionWindowMs);
  }

  private bodyProblems(
    kind: 'callback' | 'choices' | 'message',
    body: any,
    files: RecordedFile[],
  ): ScriptedResponse | undefined {
    const problems: FormProblem[] = [];
    const message = kind === 'message' ? body : [4, 7].includes(body?.type) ? body?.data : undefined;
    const at = kind === 'message' ? [] : ['data'];
    if (this.rules.enforceLimits) {
      if (kind === 'choices') problems.push(...choiceProblems(body?.data?.choices));
      if (message) problems.push(...messageProblems(message, files, at));
    }
    if (this.rules.requireInertMentions && message && !isInert(message.allowed_mentions))
      problems.push({
        path: [...at, 'allowed_mentions'],
        code: 'FAKE_PROJECT_RULE',
        message: 'sourcedesk rule (not Discord’s): every message carries allowed_mentions: { parse: [] }',
      });
    return problems.length ? { status: 400, body: invalidFormBody(problems) } : undefined;
  }

  /** A 2xx initial response acknowledges its interaction (a scripted one too). */
  private acknowledge(method: string, path: string, body: any, now: number): void {
    const callback = method === 'POST' && /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path);
    const record = callback ? this.interactions.get(callback[1]!) : undefined;
    if (!record || record.acknowledgedAt !== undefined) return;
    record.firstResponseAt ??= now;
    record.acknowledgedAt = now;
    record.responseType = body?.type;
  }

  private defaultResponse(method: string, path: string, query: URLSearchParams, body: any): ScriptedResponse {
    const route = `${method} ${path.replace(/\d{17,20}/g, ':id').replace(/^\/(webhooks|interactions)\/:id\/[^/]+/, '/$1/:id/:token')}`;
    switch (route) {
      case 'GET /gateway':
        return { status: 200, body: { url: this.gatewayUrl } };
      case 'GET /gateway/bot':
        return {
          status: 200,
          body: {
            url: this.gatewayUrl,
            shards: this.options.recommendedShards ?? 1,
            session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
          },
        };
      case 'POST /interactions/:id/:token/callback': {
        if (query.get('with_response') !== 'true') return { status: 204 };
        const message = body?.data && (body.type === 4 || body.type === 7) ? this.message(body.data) : undefined;
        return {
          status: 200,
          body: { interaction: { id: path.split('/')[2], type: 2 }, resource: { type: body?.type, message } },
        };
      }
      case 'PATCH /webhooks/:id/:token/messages/@original':
      case 'GET /webhooks/:id/:token/messages/@original':
      case 'POST /webhooks/:id/:token':
        return { status: 200, body: this.message(body ?? {}) };
      case 'POST /channels/:id/messages': {
        const channel = this.channels.get(path.split('/')[2]!)!;
        const message = this.storeMessage(channel, {
          author: this.botUser,
          content: body.content ?? '',
          embeds: body.embeds ?? [],
          components: body.components ?? [],
          ...(body.message_reference ? { message_reference: body.message_reference } : {}),
        });
        // Discord sends the bot its own messages too, content and all.
        this.deliverMessage(message);
        return { status: 200, body: message };
      }
      case 'POST /channels/:id/messages/:id/threads': {
        const [, , parentId, , messageId] = path.split('/');
        return { status: 201, body: this.startThread(parentId!, messageId!, body) };
      }
      case 'PUT /applications/:id/commands':
      case 'PUT /applications/:id/guilds/:id/commands':
        return {
          status: 200,
          body: (body as Array<Record<string, unknown>>).map((command) => ({
            id: snowflake(),
            application_id: this.applicationId,
            version: snowflake(),
            ...command,
          })),
        };
      default:
        return { status: 404, body: { message: `fake Discord has no route ${route}`, code: 0 } };
    }
  }

  /** A message object as Discord returns it for a webhook/interaction message. */
  message(data: Record<string, any>): Record<string, unknown> {
    return {
      id: snowflake(),
      channel_id: snowflake(),
      author: this.botUser,
      content: data.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      pinned: false,
      type: 20,
      flags: data.flags ?? 0,
      application_id: this.applicationId,
      webhook_id: this.applicationId,
    };
  }

  /** Keeps a message posted in a channel as Discord returns it: its id, channel, guild, mentions parsed. */
  private storeMessage(channel: Record<string, any>, fields: Record<string, any>): Record<string, any> {
    const content: string = fields.content ?? '';
    const mentioned = [...new Set([...content.matchAll(/<@!?(\d{17,20})>/g)].map((match) => match[1]!))];
    const message = {
      id: snowflake(),
      channel_id: channel.id,
      guild_id: channel.guild_id,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: /@(everyone|here)\b/.test(content),
      mentions: mentioned.map((id) =>
        id === this.botUser.id ? this.botUser : { id, username: `user${id}`, discriminator: '0', avatar: null },
      ),
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: fields.message_reference ? 19 : 0,
      flags: 0,
      ...fields,
      content,
    };
    this.channelMessages.set(message.id, message);
    if (channel.type === channelTypes.publicThread) {
      channel.message_count += 1;
      channel.total_message_sent += 1;
    }
    this.notify();
    return message;
  }

  /** MESSAGE_CREATE as Discord sends it: only with GUILD_MESSAGES, and content only as MESSAGE_CONTENT allows. */
  private deliverMessage(message: Record<string, any>): void {
    const session = this.sessionFor(message.guild_id);
    const intents = Number(session?.identify.intents ?? 0);
    if (!session || !(intents & GatewayIntentBits.GuildMessages)) return;
    const readable =
      intents & GatewayIntentBits.MessageContent ||
      message.author.id === this.botUser.id ||
      message.mentions.some((user: { id: string }) => user.id === this.botUser.id);
    const delivered = readable ? message : { ...message, content: '', embeds: [], attachments: [], components: [] };
    this.dispatch('MESSAGE_CREATE', delivered);
  }

  /** A public thread on a message, owned by the bot, with the message's id; THREAD_CREATE tells the gateway. */
  private startThread(parentId: string, messageId: string, body: any): Record<string, any> {
    const now = new Date().toISOString();
    const thread = {
      id: messageId,
      type: channelTypes.publicThread,
      guild_id: this.channels.get(parentId)!.guild_id,
      parent_id: parentId,
      owner_id: this.botUser.id,
      name: body.name,
      last_message_id: null,
      rate_limit_per_user: body.rate_limit_per_user ?? 0,
      message_count: 0,
      total_message_sent: 0,
      member_count: 1,
      flags: 0,
      thread_metadata: {
        archived: false,
        auto_archive_duration: body.auto_archive_duration ?? 1440,
        archive_timestamp: now,
        locked: false,
        create_timestamp: now,
      },
    };
    this.channels.set(thread.id, thread);
    const created = { ...thread, newly_created: true };
    this.dispatch('THREAD_CREATE', created);
    return thread;
  }

  // ---- Gateway ----

  private get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  private handleGateway(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } }));
    let session: GatewaySession | undefined;
    const received: number[] = [];
    socket.on('message', (raw: Buffer) => {
      const bytes = raw.length;
      const now = performance.now();
      received.push(now);
      while (received[0]! <= now - 60_000) received.shift();
      const payload = JSON.parse(raw.toString()) as { op: number; d: any };
      session?.received.push({ at: now, op: payload.op, bytes });
      if (this.rules.enforceGatewayLimits) {
        if (bytes > discordRules.gatewayPayloadBytes)
          return this.closeGateway(socket, session, 4002, `payload of ${bytes} bytes is over 4096`);
        if (received.length > discordRules.gatewayCommandsPerMinute)
          return this.closeGateway(socket, session, 4008, 'over 120 gateway payloads in 60 s');
      }
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      if (payload.op === 2) {
        session = this.identify(socket, payload.d);
        session.received.push({ at: now, op: payload.op, bytes });
      }
      if (payload.op === 6) session = this.resume(socket, payload.d);
    });
    socket.on('close', (code) => {
      // Closed by the client with 1000/1001, a session is over (Discord forgets it); other codes can resume.
      if (session && session.socket === socket && (code === 1000 || code === 1001)) session.invalidated = true;
    });
  }

  private closeGateway(socket: WebSocket, session: GatewaySession | undefined, code: number, reason: string): void {
    this.gatewayClosures.push({ code, reason, ...(session ? { shard: session.shard } : {}) });
    socket.close(code, reason);
    this.notify();
  }

  private identify(socket: WebSocket, identify: { shard?: [number, number] }): GatewaySession {
    const shard = identify.shard ?? [0, 1];
    // A new IDENTIFY for a shard replaces its earlier sessions: they can no longer be resumed.
    for (const earlier of this.sessions)
      if (earlier.shard[0] === shard[0] && earlier.shard[1] === shard[1]) earlier.invalidated = true;
    const session: GatewaySession = {
      socket,
      shard,
      identify,
      sequence: 0,
      sessionId: `session-${snowflake()}`,
      dispatched: [],
      resumes: [],
      invalidated: false,
      received: [],
    };
    const guildIds = this.options.guildIds.filter((id) => shardOfGuild(id, session.shard[1]) === session.shard[0]);
    this.send(session, {
      op: 0,
      t: 'READY',
      d: {
        v: 10,
        user: this.botUser,
        guilds: guildIds.map((id) => ({ id, unavailable: true })),
        session_id: session.sessionId,
        resume_gateway_url: this.gatewayUrl,
        shard: session.shard,
        application: { id: this.applicationId, flags: 0 },
      },
    });
    for (const id of guildIds) this.send(session, { op: 0, t: 'GUILD_CREATE', d: this.guild(id) });
    this.sessions.push(session);
    this.notify();
    return session;
  }

  /**
   * RESUME (op 6): the session's missed dispatches (sequence above `seq`) are replayed in order with
   * their own sequence numbers, then RESUMED. An unknown or invalidated session, or a `seq` older
   * than the replay buffer, gets INVALID_SESSION (not resumable); a wrong token closes with 4004.
   */
  private resume(
    socket: WebSocket,
    resume: { token: string; session_id: string; seq: number },
  ): GatewaySession | undefined {
    if (resume.token !== fakeToken && resume.token !== `Bot ${fakeToken}`) {
      this.closeGateway(socket, undefined, 4004, 'Authentication failed');
      return undefined;
    }
    const session = this.sessions.find((candidate) => candidate.sessionId === resume.session_id);
    const oldest = session?.dispatched[0]?.s ?? 1;
    if (!session || session.invalidated || resume.seq > session.sequence || resume.seq < oldest - 1) {
      socket.send(JSON.stringify({ op: 9, s: null, t: null, d: false }));
      return undefined;
    }
    const previous = session.socket;
    session.socket = socket;
    if (previous !== socket && previous.readyState === previous.OPEN) previous.terminate();
    const missed = session.dispatched.filter((dispatch) => dispatch.s > resume.seq);
    for (const dispatch of missed) socket.send(dispatch.data);
    session.resumes.push({ seq: resume.seq, replayed: missed.length });
    this.send(session, { op: 0, t: 'RESUMED', d: null });
    this.notify();
    return session;
  }

  private guild(id: string): Record<string, unknown> {
    const everyone = {
      id,
      name: '@everyone',
      permissions: '0',
      position: 0,
      color: 0,
      hoist: false,
      managed: false,
      mentionable: false,
      flags: 0,
    };
    return {
      id,
      name: `Guild ${id}`,
      icon: null,
      owner_id: snowflake(),
      unavailable: false,
      member_count: 2,
      joined_at: new Date().toISOString(),
      large: false,
      features: [],
      roles: [
        everyone,
        ...(this.options.roles ?? []).map((role, position) => ({ ...everyone, ...role, position: position + 1 })),
      ],
      emojis: [],
      stickers: [],
      // Its channels, and its active threads (Discord's GUILD_CREATE carries both).
      channels: [...this.channels.values()].filter(
        (channel) => channel.guild_id === id && channel.type === channelTypes.text,
      ),
      threads: [...this.channels.values()].filter(
        (channel) => channel.guild_id === id && channel.type === channelTypes.publicThread,
      ),
      members: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      premium_tier: 0,
      preferred_locale: 'en-US',
    };
  }

  /** Sends a dispatch now, or queues it while the session is disconnected; either way RESUME can replay it. */
  private send(session: GatewaySession, payload: { op: number; t?: string; d: unknown }): void {
    session.sequence += 1;
    const data = JSON.stringify({ s: session.sequence, t: null, ...payload });
    session.dispatched.push({ s: session.sequence, t: payload.t ?? '', data });
    if (session.dispatched.length > replayBufferSize) session.dispatched.shift();
    if (session.socket.readyState === session.socket.OPEN) session.socket.send(data);
  }
}

/** Callback type 9 (MODAL), and the interaction types Discord does not let it answer. */
const modalCallback = 9;
const componentInteraction = 3;
const autocompleteInteraction = 4;
const modalSubmitInteraction = 5;

/** MessageFlags.Ephemeral. */
const ephemeralFlag = 64;

function hasEphemeralFlag(flags: unknown): boolean {
  return typeof flags === 'number' && (flags & ephemeralFlag) !== 0;
}

function flagsRefusal(path: FormProblem['path'], message: string): ScriptedResponse {
  return { status: 400, body: invalidFormBody([{ path, code: 'MESSAGE_FLAGS_INVALID', message }]) };
}

const unknownInteraction: ScriptedResponse = {
  status: 404,
  body: { message: 'Unknown interaction', code: 10062 },
};

function isInert(allowedMentions: unknown): boolean {
  const mentions = allowedMentions as { parse?: unknown; users?: unknown[]; roles?: unknown[]; replied_user?: unknown };
  return (
    !!mentions &&
    Array.isArray(mentions.parse) &&
    mentions.parse.length === 0 &&
    !mentions.users?.length &&
    !mentions.roles?.length &&
    !mentions.replied_user
  );
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** JSON bodies, and multipart bodies (message payload + attached files) as discord.js sends them. */
async function parseBody(raw: Buffer, contentType: string): Promise<{ body: any; files: RecordedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (!contentType.startsWith('multipart/form-data')) return { body: JSON.parse(raw.toString('utf8')), files: [] };
  const form = await new Request('http://127.0.0.1/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: raw,
  }).formData();
  const files: RecordedFile[] = [];
  let body: any;
  for (const [field, value] of form.entries()) {
    if (typeof value === 'string') {
      if (field === 'payload_json') body = JSON.parse(value);
    } else {
      files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    }
  }
  return { body, files };
}
