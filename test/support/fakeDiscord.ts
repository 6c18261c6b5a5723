import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { shardOfGuild, snowflake } from './snowflakes.js';

/**
 * A protocol-level fake of Discord for end-to-end tests: the REST API (under /api/v10) and the
 * gateway (JSON encoding, no compression) on 127.0.0.1 and a random port. The real discord.js
 * Client talks to it as it would to Discord; every REST call is recorded so tests can assert
 * exactly what the bot sent.
 */

export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

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
}

export interface ScriptedResponse {
  status: number;
  body?: unknown;
  /** Hold the response this long before sending it (to keep a request in flight). */
  delayMs?: number;
}

interface Script {
  method: string;
  path: RegExp;
  body?: (body: any) => boolean;
  responses: ScriptedResponse[];
}

export interface FakeDiscordOptions {
  guildIds: string[];
  /** What GET /gateway/bot recommends. */
  recommendedShards?: number;
  /** Roles every GUILD_CREATE carries (besides @everyone), so member role checks can resolve. */
  roles?: Array<{ id: string; name: string }>;
}

export interface GatewaySession {
  socket: WebSocket;
  shard: [number, number];
  /** The IDENTIFY payload's `d`: intents, properties, compress… */
  identify: Record<string, any>;
  sequence: number;
}

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
  private readonly scripts: Script[] = [];
  private readonly waiters = new Set<() => void>();

  private constructor(
    private readonly http: Server,
    private readonly gateway: WebSocketServer,
    readonly port: number,
    private readonly options: FakeDiscordOptions,
  ) {}

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

  /** Sends a dispatch event to the session that owns the guild (Discord's shard formula). */
  dispatch(event: string, data: { guild_id?: string }): void {
    const session = this.sessions.find(
      (candidate) =>
        candidate.socket.readyState === candidate.socket.OPEN &&
        (!data.guild_id || shardOfGuild(data.guild_id, candidate.shard[1]) === candidate.shard[0]),
    );
    if (!session) throw new Error(`no open gateway session for guild ${data.guild_id}`);
    this.send(session, { op: 0, t: event, d: data });
  }

  async stop(): Promise<void> {
    for (const client of this.gateway.clients) client.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
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
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const method = request.method ?? 'GET';
    const raw = await readBody(request);
    const { body, files } = await parseBody(raw, request.headers['content-type'] ?? '');
    const scripted = this.nextScripted(method, path, body);
    const reply = scripted ?? this.defaultResponse(method, path, url.searchParams, body);
    // Recorded on arrival (status 0 while held) so tests can see a request in flight.
    const recorded: RecordedRequest = { method, path, query: url.searchParams, body, files, status: 0 };
    this.requests.push(recorded);
    this.notify();
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    recorded.status = reply.status;
    if (reply.body === undefined) {
      response.writeHead(reply.status).end();
    } else {
      response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
    }
    this.notify();
  }

  private nextScripted(method: string, path: string, body: unknown): ScriptedResponse | undefined {
    const script = this.scripts.find(
      (candidate) =>
        candidate.method === method &&
        candidate.path.test(path) &&
        (!candidate.body || candidate.body(body)) &&
        candidate.responses.length > 0,
    );
    return script?.responses.shift();
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

  // ---- Gateway ----

  private get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  private handleGateway(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      // ws hands a text frame over as one Buffer (its default binaryType, 'nodebuffer').
      const payload = JSON.parse((raw as Buffer).toString()) as { op: number; d: any };
      if (payload.op === 1) socket.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      if (payload.op === 2) this.identify(socket, payload.d);
    });
  }

  private identify(socket: WebSocket, identify: { shard?: [number, number] }): void {
    const session: GatewaySession = { socket, shard: identify.shard ?? [0, 1], identify, sequence: 0 };
    const guildIds = this.options.guildIds.filter((id) => shardOfGuild(id, session.shard[1]) === session.shard[0]);
    this.send(session, {
      op: 0,
      t: 'READY',
      d: {
        v: 10,
        user: this.botUser,
        guilds: guildIds.map((id) => ({ id, unavailable: true })),
        session_id: `session-${snowflake()}`,
        resume_gateway_url: this.gatewayUrl,
        shard: session.shard,
        application: { id: this.applicationId, flags: 0 },
      },
    });
    for (const id of guildIds) this.send(session, { op: 0, t: 'GUILD_CREATE', d: this.guild(id) });
    this.sessions.push(session);
    this.notify();
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
      channels: [],
      threads: [],
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

  private send(session: GatewaySession, payload: { op: number; t?: string; d: unknown }): void {
    session.sequence += 1;
    session.socket.send(JSON.stringify({ s: session.sequence, t: null, ...payload }));
  }
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
