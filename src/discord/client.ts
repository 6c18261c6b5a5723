import { Client, GatewayIntentBits } from 'discord.js';
import { backingOffBareRateLimits } from './rateLimitBackoff.js';

export interface ClientOptions {
  /** Discord's REST base, overridden by tests to point at the fake Discord. */
  apiBase?: string;
}

/**
 * The discord.js client. No privileged intent: slash commands arrive as interactions (Guilds is all they need),
 * and GuildMessages brings the messages of mention mode (mentionMode.ts). Without Message Content, Discord leaves a
 * message's content empty unless it mentions the bot, which is all mention mode reads.
 * `allowedMentions: { parse: [] }` makes every message this client sends unable to ping anyone, whatever text a
 * user or a source article puts in it. A 429 without Retry-After is backed off (rateLimitBackoff.ts).
 */
/**
 * How long the REST client keeps an idle route's handler (discord.js: an hour). Each deferred
 * interaction's webhook route gets one; an interaction token lives 15 minutes, so no handler is
 * needed longer, and a busy bot's memory is held to 15 minutes of traffic.
 */
const restHandlerSweepMs = 15 * 60 * 1000;

export function createClient(options: ClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    allowedMentions: { parse: [] },
    rest: {
      makeRequest: backingOffBareRateLimits(),
      handlerSweepInterval: restHandlerSweepMs,
      ...(options.apiBase ? { api: options.apiBase } : {}),
    },
  });
}
