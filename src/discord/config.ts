import { z } from 'zod';
import type { LogLevel } from '../util/log.js';
import { defaultPaths, type DataPaths } from '../util/paths.js';

/** Everything the bot reads from its environment (.env), validated once at start. */
export interface BotConfig {
  token: string;
  clientId: string;
  /** Commands are deployed to this guild only (instant updates) when set; globally otherwise. */
  guildId?: string;
  /** Members with one of these roles may /reindex even without Manage Server. */
  moderatorRoleIds: string[];
  /** Fixed shard count for `start:sharded`; Discord's recommendation when unset. */
  shardCount?: number;
  logLevel: LogLevel;
  /** Seconds a member waits between two uses of a command. */
  cooldownSeconds: number;
  /** Overrides Discord's REST base (`https://discord.com/api`): for tests and proxies. */
  apiBase?: string;
  paths: DataPaths;
  /** Salt for the members' hashes in the feedback database; generated and kept in the database when unset. */
  feedbackSalt?: string;
}

/** A configuration mistake: main prints `message` as one line and exits, no stack trace. */
export class ConfigError extends Error {}

const portal = 'https://discord.com/developers/applications';
const snowflake = /^\d{17,20}$/;
/** Bot tokens are three dot-separated base64url parts: user id, timestamp, signature. */
const tokenShape = /^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/;

const envSchema = z.object({
  DISCORD_TOKEN: z
    .string({
      error: `DISCORD_TOKEN is not set: copy your bot's token from ${portal} → your application → Bot → Reset Token, into .env`,
    })
    .regex(tokenShape, {
      error: `DISCORD_TOKEN does not look like a bot token: copy it again from ${portal} → your application → Bot → Reset Token, into .env`,
    }),
  DISCORD_CLIENT_ID: z
    .string({
      error: `DISCORD_CLIENT_ID is not set: copy the Application ID from ${portal} → your application → General Information, into .env`,
    })
    .regex(snowflake, {
      error: `DISCORD_CLIENT_ID must be the numeric Application ID from ${portal} → your application → General Information`,
    }),
  DISCORD_GUILD_ID: z
    .string()
    .regex(snowflake, {
      error:
        'DISCORD_GUILD_ID must be a numeric server id (Discord: User Settings → Advanced → Developer Mode, then right-click the server → Copy Server ID), or left empty',
    })
    .optional(),
  MODERATOR_ROLE_IDS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z.string().regex(snowflake, { error: 'MODERATOR_ROLE_IDS must be a comma-separated list of numeric role ids' }),
      ),
    )
    .default([]),
  SHARD_COUNT: z.coerce
    .number({ error: 'SHARD_COUNT must be a whole number of shards, or left empty for Discord’s recommendation' })
    .int()
    .positive()
    .optional(),
  LOG_LEVEL: z
    .enum(['debug', 'info', 'warn', 'error'], { error: 'LOG_LEVEL must be one of debug, info, warn, error' })
    .default('info'),
  COOLDOWN_SECONDS: z.coerce
    .number({ error: 'COOLDOWN_SECONDS must be a number of seconds' })
    .min(0)
    .max(3600)
    .default(3),
  FEEDBACK_SALT: z
    .string()
    .min(16, { error: 'FEEDBACK_SALT must be at least 16 characters, or left empty' })
    .optional(),
  DISCORD_API_BASE: z
    .url({ error: 'DISCORD_API_BASE must be a URL such as https://discord.com/api, or left empty' })
    .optional(),
});

/** Every variable the bot reads (the data paths are read by defaultPaths); .env.example documents each. */
export const configVariables = [...Object.keys(envSchema.shape), 'SEEDS_DIR', 'INDEX_DIR', 'CONFIG_DIR', 'DATA_DIR'];

/**
 * Parses the environment. Empty values count as unset, so a copied `.env.example` with blank
 * optional lines just works. Throws ConfigError with one line naming what to fix and where.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join('; '));
  const values = parsed.data;
  return {
    token: values.DISCORD_TOKEN,
    clientId: values.DISCORD_CLIENT_ID,
    guildId: values.DISCORD_GUILD_ID,
    moderatorRoleIds: values.MODERATOR_ROLE_IDS,
    shardCount: values.SHARD_COUNT,
    logLevel: values.LOG_LEVEL,
    cooldownSeconds: values.COOLDOWN_SECONDS,
    apiBase: values.DISCORD_API_BASE,
    paths: defaultPaths(env),
    feedbackSalt: values.FEEDBACK_SALT,
  };
}
