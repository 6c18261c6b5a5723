import { createHmac, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';
import { z } from 'zod';
import { FeedbackDatabaseError, openDatabase, type OpenDatabaseOptions } from './database.js';
import { normalizeQuestion } from './normalize.js';

/** Longest question kept, in characters: the bot's own maximum, so nothing a member could ask is cut in practice. */
export const MAX_STORED_QUESTION_CHARS = 1_000;
/** Longest "what was wrong?" reason kept, in characters. */
export const MAX_REASON_CHARS = 200;
/** Most chunk ids kept per vote; an answer cites three, so this only bounds a caller's mistake. */
export const MAX_CITED_CHUNKS = 50;
/** Votes and declined questions older than this are deleted (settings are kept). */
export const DEFAULT_RETENTION_DAYS = 90;
/** A long-running bot prunes this often (checked on writes), so the file stays bounded without a restart. */
export const PRUNE_INTERVAL_MS = 6 * 60 * 60 * 1000;
/** The insight windows moderators choose from, in days. */
export const INSIGHT_WINDOWS = [7, 30] as const;
export const DEFAULT_INSIGHT_DAYS = 7;
/** Rows per insight list. */
export const DEFAULT_INSIGHT_LIMIT = 10;
/** Reasons shown per down-voted question (the most recent ones). */
export const REASONS_PER_QUESTION = 3;
/** Mention mode is on in a channel until a moderator turns it off there. */
export const DEFAULT_MENTION_MODE = true;
/** Lower bounds of the confidence buckets: below `medium` is low, `high` and above is high. */
export const CONFIDENCE_BUCKET_BOUNDS = { medium: 0.4, high: 0.7 } as const;
/**
 * Random bytes in an answer id: 9 give 12 base64url characters, short enough for a button's 100-character custom id
 * beside the command's prefix, and 72 bits, so ids of the answers kept (90 days of them) never collide in practice.
 */
export const ANSWER_ID_BYTES = 9;
/** The `meta` key holding the generated salt when `FEEDBACK_SALT` is not set. */
export const SALT_META_KEY = 'member_hash_salt';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Cuts to `max` characters without splitting a surrogate pair. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

const discordId = z.string().min(1).max(64);
const timestamp = z.number().int().nonnegative();

/** A question as stored: trimmed, cut to {@link MAX_STORED_QUESTION_CHARS}, never empty. */
const storedQuestion = z
  .string()
  .transform((text) => cap(text.trim(), MAX_STORED_QUESTION_CHARS))
  .pipe(z.string().min(1));

const citedChunkIds = z.array(z.string().min(1).max(200)).max(MAX_CITED_CHUNKS);
const confidence = z.number().min(0).max(1).nullable();

/** A vote as the bot hands it in (from a button press and the answer it was on). */
export const voteInputSchema = z.object({
  /** The answer's own id (stable across pages of the same answer). */
  answerId: discordId,
  /** The reply message the buttons were on, if any. */
  messageId: discordId.optional(),
  /** The Discord member id; stored only as a salted hash. */
  memberId: discordId,
  guildId: discordId,
  channelId: discordId,
  question: storedQuestion,
  citedChunkIds,
  /** The answerer's calibrated confidence, or null when it gave none. */
  confidence,
  vote: z.enum(['up', 'down']),
  /** "What was wrong?": optional, cut to {@link MAX_REASON_CHARS}; blank counts as none. */
  reason: z
    .string()
    .nullish()
    .transform((text) => {
      const trimmed = text?.trim() ?? '';
      return trimmed === '' ? null : cap(trimmed, MAX_REASON_CHARS);
    }),
  /** When, in ms since the epoch; default now. */
  at: timestamp.optional(),
});
export type VoteInput = z.input<typeof voteInputSchema>;

/** A question the bot declined to answer (nothing relevant found). No member id: the log is about questions. */
export const declinedInputSchema = z.object({
  guildId: discordId,
  channelId: discordId,
  question: storedQuestion,
  at: timestamp.optional(),
});
export type DeclinedInput = z.input<typeof declinedInputSchema>;

/** An answer the bot gave in a guild, kept so a later vote on it knows what it was voting on. No member id. */
export const answerInputSchema = declinedInputSchema.extend({ citedChunkIds, confidence });
export type AnswerInput = z.input<typeof answerInputSchema>;

/** A member's vote on an answer recorded with {@link FeedbackStore.recordAnswer}: the rest comes from the answer. */
export const answerVoteSchema = voteInputSchema.pick({
  answerId: true,
  messageId: true,
  memberId: true,
  vote: true,
  reason: true,
  at: true,
});
export type AnswerVote = z.input<typeof answerVoteSchema>;

export interface MemberVote {
  vote: 'up' | 'down';
  reason: string | null;
}

export const insightsQuerySchema = z.object({
  /** One guild, or every guild (the CLI without `--guild`). */
  guildId: discordId.nullish(),
  days: z.union([z.literal(INSIGHT_WINDOWS[0]), z.literal(INSIGHT_WINDOWS[1])]).default(DEFAULT_INSIGHT_DAYS),
  /** Every source id currently loaded, for "never cited"; without it `neverCited` is null. */
  allSourceIds: z.array(z.string()).optional(),
  limit: z.number().int().positive().max(100).default(DEFAULT_INSIGHT_LIMIT),
});
export type InsightsQuery = z.input<typeof insightsQuerySchema>;

export type ConfidenceBucket = 'low' | 'medium' | 'high' | 'unknown';

export interface Insights {
  guildId: string | null;
  days: number;
  /** The window, ms since the epoch: `since` ≤ time ≤ `until`. */
  since: number;
  until: number;
  totals: { votes: number; up: number; down: number; answersVotedOn: number; declined: number };
  /**
   * Declined questions, most frequent first, grouped by {@link normalizeQuestion}; `question` is
   * the latest wording.
   */
  declined: { key: string; question: string; count: number; lastAt: number }[];
  /** Questions with down votes, most down votes first; `reasons` are the latest few given. */
  downVoted: { key: string; question: string; down: number; up: number; answers: number; reasons: string[] }[];
  /** Sources by how many voted-on answers cited them. */
  citedMost: { sourceId: string; answers: number; up: number; down: number }[];
  /** Sources in `allSourceIds` no voted-on answer cited in the window (sorted), or null if not asked. */
  neverCited: string[] | null;
  /** Voted-on answers per confidence bucket, always all four buckets in order low, medium, high, unknown. */
  byConfidence: { bucket: ConfidenceBucket; answers: number; up: number; down: number }[];
}

export interface FeedbackStoreOptions {
  /**
   * Salt for member hashes, from `FEEDBACK_SALT`. Without one a random salt is generated once and kept in the
   * database's `meta` table (so hashes stay stable across restarts and shards, but anyone with the file has it too).
   */
  salt?: string;
  /** The source a chunk id belongs to; default: the part before the last `#` (chunk ids are `sourceId#paragraph`). */
  sourceOfChunk?: (chunkId: string) => string;
  /** Keep votes and declined questions this many days; default {@link DEFAULT_RETENTION_DAYS}. */
  retentionDays?: number;
  /** The clock, ms since the epoch (tests). */
  now?: () => number;
}

export interface OpenFeedbackStoreOptions extends OpenDatabaseOptions, FeedbackStoreOptions {}

export function defaultSourceOfChunk(chunkId: string): string {
  const hash = chunkId.lastIndexOf('#');
  return hash > 0 ? chunkId.slice(0, hash) : chunkId;
}

/** The salted member hash: HMAC-SHA256, so the salt cannot be worked out from hashes. */
export function hashMember(salt: string, memberId: string): string {
  return createHmac('sha256', salt).update(memberId).digest('hex');
}

/**
 * Votes, the declined-questions log, per-guild settings and the insights over them. Synchronous (better-sqlite3):
 * each write is one short transaction, well under a millisecond, so it does not hold up the event loop. Methods
 * throw on database errors (a full disk, a lock held past the busy timeout); the bot catches and carries on.
 */
export class FeedbackStore {
  private readonly salt: string;
  private readonly sourceOfChunk: (chunkId: string) => string;
  private readonly retentionMs: number;
  private readonly now: () => number;
  private lastPruneAt = 0;
  private readonly statements: ReturnType<typeof prepareStatements>;

  /** Opens the database at `options.path` (see {@link openDatabase}) and prunes expired rows. */
  static open(options: OpenFeedbackStoreOptions): FeedbackStore {
    const db = openDatabase(options);
    try {
      return new FeedbackStore(db, options);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  constructor(
    readonly db: Database.Database,
    options: FeedbackStoreOptions = {},
  ) {
    this.sourceOfChunk = options.sourceOfChunk ?? defaultSourceOfChunk;
    this.retentionMs = (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
    this.now = options.now ?? Date.now;
    this.salt = options.salt ? options.salt : this.storedSalt();
    this.statements = prepareStatements(db);
    this.prune();
  }

  /**
   * Records a member's vote on an answer; a second vote by the same member on the same answer replaces the first
   * (keeping the message id it had when the new one gives none: a reason is sent from a modal, not the answer).
   */
  recordVote(input: VoteInput): void {
    const vote = voteInputSchema.parse(input);
    const at = vote.at ?? this.now();
    const sources = [...new Set(vote.citedChunkIds.map((id) => this.sourceOfChunk(id)))];
    this.statements.vote.run({
      answerId: vote.answerId,
      memberHash: hashMember(this.salt, vote.memberId),
      guildId: vote.guildId,
      channelId: vote.channelId,
      messageId: vote.messageId ?? null,
      question: vote.question,
      questionKey: normalizeQuestion(vote.question),
      citedChunkIds: JSON.stringify(vote.citedChunkIds),
      citedSourceIds: JSON.stringify(sources),
      confidence: vote.confidence,
      vote: vote.vote,
      reason: vote.reason,
      at,
    });
    this.pruneIfDue();
  }

  /** The member's current vote on an answer (to show which button is pressed), if any. */
  memberVote(answerId: string, memberId: string): MemberVote | undefined {
    return this.statements.memberVote.get(answerId, hashMember(this.salt, memberId)) as MemberVote | undefined;
  }

  /**
   * Keeps what a vote on this answer will need, and returns the answer's new id for its vote buttons. One prepared
   * insert: it runs for every answer the bot gives, before the reply.
   */
  recordAnswer(input: AnswerInput): string {
    const answer = answerInputSchema.parse(input);
    const answerId = randomBytes(ANSWER_ID_BYTES).toString('base64url');
    this.statements.answer.run({
      answerId,
      guildId: answer.guildId,
      channelId: answer.channelId,
      question: answer.question,
      citedChunkIds: JSON.stringify(answer.citedChunkIds),
      confidence: answer.confidence,
      at: answer.at ?? this.now(),
    });
    this.pruneIfDue();
    return answerId;
  }

  /**
   * Records a member's vote on an answer from {@link recordAnswer}, replacing their earlier one; returns the vote as
   * stored (the reason trimmed and cut) and the earlier one, or undefined when the answer is not known (never
   * recorded, or past retention).
   */
  voteOnAnswer(input: AnswerVote): { stored: MemberVote; previous: MemberVote | undefined } | undefined {
    const vote = answerVoteSchema.parse(input);
    // IMMEDIATE: the read and the write see one state, and another shard's write cannot turn this read into a
    // write that fails with SQLITE_BUSY_SNAPSHOT (which the busy timeout does not retry).
    return this.db
      .transaction(() => {
        const answer = this.statements.answerById.get(vote.answerId) as AnswerRow | undefined;
        if (!answer) return undefined;
        const previous = this.memberVote(vote.answerId, vote.memberId);
        this.recordVote({
          ...vote,
          guildId: answer.guild_id,
          channelId: answer.channel_id,
          question: answer.question,
          citedChunkIds: JSON.parse(answer.cited_chunk_ids) as string[],
          confidence: answer.confidence,
        });
        return { stored: { vote: vote.vote, reason: vote.reason }, previous };
      })
      .immediate();
  }

  recordDeclined(input: DeclinedInput): void {
    const declined = declinedInputSchema.parse(input);
    this.statements.declined.run({
      guildId: declined.guildId,
      channelId: declined.channelId,
      question: declined.question,
      questionKey: normalizeQuestion(declined.question),
      at: declined.at ?? this.now(),
    });
    this.pruneIfDue();
  }

  /** How many declined questions a guild's log holds (what a clear would delete). */
  declinedCount(guildId: string): number {
    return (this.statements.declinedCount.get(guildId) as { count: number }).count;
  }

  /** Empties a guild's declined-questions log (a moderator's "clear"); returns how many were deleted. */
  clearDeclined(guildId: string): number {
    return this.statements.clearDeclined.run(discordId.parse(guildId)).changes;
  }

  /** Deletes votes, declined questions and answers older than the retention period; returns how many of each. */
  prune(): { votes: number; declined: number; answers: number } {
    const now = this.now();
    const cutoff = now - this.retentionMs;
    this.lastPruneAt = now;
    return {
      votes: this.statements.pruneVotes.run(cutoff).changes,
      declined: this.statements.pruneDeclined.run(cutoff).changes,
      answers: this.statements.pruneAnswers.run(cutoff).changes,
    };
  }

  setMentionMode(guildId: string, channelId: string, enabled: boolean): void {
    this.statements.setMentionMode.run(
      discordId.parse(guildId),
      discordId.parse(channelId),
      enabled ? 1 : 0,
      this.now(),
    );
  }

  /** Whether the bot answers @-mentions in this channel ({@link DEFAULT_MENTION_MODE} unless a moderator set it). */
  mentionModeEnabled(guildId: string, channelId: string): boolean {
    const row = this.statements.mentionMode.get(guildId, channelId) as { mention_mode: number } | undefined;
    return row ? row.mention_mode === 1 : DEFAULT_MENTION_MODE;
  }

  /** The channels of a guild a moderator has set, with their setting. */
  mentionModeChannels(guildId: string): { channelId: string; enabled: boolean }[] {
    return (this.statements.mentionModes.all(guildId) as { channel_id: string; mention_mode: number }[]).map((row) => ({
      channelId: row.channel_id,
      enabled: row.mention_mode === 1,
    }));
  }

  /** Sets (or with null, removes) a per-guild setting. */
  setGuildSetting(guildId: string, key: string, value: string | null): void {
    const guild = discordId.parse(guildId);
    const name = z.string().min(1).max(100).parse(key);
    if (value === null) this.statements.deleteGuildSetting.run(guild, name);
    else this.statements.setGuildSetting.run(guild, name, z.string().max(10_000).parse(value), this.now());
  }

  guildSetting(guildId: string, key: string): string | undefined {
    return (this.statements.guildSetting.get(guildId, key) as { value: string } | undefined)?.value;
  }

  guildSettings(guildId: string): Record<string, string> {
    const rows = this.statements.guildSettings.all(guildId) as { key: string; value: string }[];
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  /** What moderators learn: see {@link Insights}. Reads only; one snapshot, so the lists agree with each other. */
  insights(query: InsightsQuery = {}): Insights {
    const { guildId, days, allSourceIds, limit } = insightsQuerySchema.parse(query);
    const until = this.now();
    const params = { guild: guildId ?? null, since: until - days * DAY_MS, until, limit };
    return this.db.transaction(() => {
      const inVotes = `(@guild IS NULL OR guild_id = @guild) AND voted_at BETWEEN @since AND @until`;
      const inDeclined = `(@guild IS NULL OR guild_id = @guild) AND asked_at BETWEEN @since AND @until`;
      // One row per voted-on answer: its votes share the question, citations and confidence.
      const answers = `
        WITH answers AS (
          SELECT answer_id, MAX(cited_source_ids) AS sources, MAX(confidence) AS confidence,
                 SUM(vote = 'up') AS up, SUM(vote = 'down') AS down
          FROM votes WHERE ${inVotes} GROUP BY answer_id
        )`;
      const totals = this.db
        .prepare(
          `SELECT COUNT(*) AS votes, COALESCE(SUM(vote = 'up'), 0) AS up, COALESCE(SUM(vote = 'down'), 0) AS down,
                  COUNT(DISTINCT answer_id) AS answersVotedOn,
                  (SELECT COUNT(*) FROM declined WHERE ${inDeclined}) AS declined
           FROM votes WHERE ${inVotes}`,
        )
        .get(params) as Insights['totals'];
      // With exactly one max() aggregate SQLite takes bare columns (question) from the row holding the maximum,
      // so each group shows its latest wording.
      const declined = this.db
        .prepare(
          `SELECT question_key AS key, question, COUNT(*) AS count, MAX(asked_at) AS lastAt
           FROM declined WHERE ${inDeclined}
           GROUP BY question_key ORDER BY count DESC, lastAt DESC LIMIT @limit`,
        )
        .all(params) as Insights['declined'];
      const downVoted = (
        this.db
          .prepare(
            `SELECT question_key AS key, question, SUM(vote = 'down') AS down, SUM(vote = 'up') AS up,
                    COUNT(DISTINCT answer_id) AS answers, MAX(voted_at) AS lastAt,
                    json_group_array(reason) FILTER (WHERE vote = 'down' AND reason IS NOT NULL) AS reasons
             FROM votes WHERE ${inVotes}
             GROUP BY question_key HAVING down > 0 ORDER BY down DESC, down - up DESC, lastAt DESC LIMIT @limit`,
          )
          .all(params) as (Omit<Insights['downVoted'][number], 'reasons'> & { reasons: string; lastAt: number })[]
      ).map(({ lastAt: _lastAt, reasons, ...row }) => ({
        ...row,
        // json_group_array keeps scan order (oldest first); the latest few are the useful ones.
        reasons: (JSON.parse(reasons) as string[]).slice(-REASONS_PER_QUESTION).reverse(),
      }));
      const citedMost = this.db
        .prepare(
          `${answers}
           SELECT source.value AS sourceId, COUNT(DISTINCT answers.answer_id) AS answers,
                  SUM(answers.up) AS up, SUM(answers.down) AS down
           FROM answers, json_each(answers.sources) AS source
           GROUP BY source.value ORDER BY answers DESC, sourceId LIMIT @limit`,
        )
        .all(params) as Insights['citedMost'];
      let neverCited: string[] | null = null;
      if (allSourceIds) {
        const cited = new Set(
          (
            this.db
              .prepare(
                `${answers} SELECT DISTINCT source.value AS sourceId FROM answers, json_each(answers.sources) AS source`,
              )
              .all(params) as { sourceId: string }[]
          ).map((row) => row.sourceId),
        );
        neverCited = [...new Set(allSourceIds)].filter((id) => !cited.has(id)).sort();
      }
      const buckets = this.db
        .prepare(
          `${answers}
           SELECT CASE WHEN confidence IS NULL THEN 'unknown'
                       WHEN confidence < @medium THEN 'low'
                       WHEN confidence < @high THEN 'medium'
                       ELSE 'high' END AS bucket,
                  COUNT(*) AS answers, SUM(up) AS up, SUM(down) AS down
           FROM answers GROUP BY bucket`,
        )
        .all({ ...params, ...CONFIDENCE_BUCKET_BOUNDS }) as Insights['byConfidence'];
      const byConfidence = (['low', 'medium', 'high', 'unknown'] as const).map(
        (bucket) => buckets.find((row) => row.bucket === bucket) ?? { bucket, answers: 0, up: 0, down: 0 },
      );
      return {
        guildId: guildId ?? null,
        days,
        since: params.since,
        until,
        totals,
        declined,
        downVoted,
        citedMost,
        neverCited,
        byConfidence,
      };
    })();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private pruneIfDue(): void {
    if (this.now() - this.lastPruneAt >= PRUNE_INTERVAL_MS) this.prune();
  }

  private storedSalt(): string {
    // INSERT OR IGNORE then read: two shards starting together on a new file end up with the same salt.
    this.db
      .prepare(`INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)`)
      .run(SALT_META_KEY, randomBytes(32).toString('hex'));
    return (this.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(SALT_META_KEY) as { value: string }).value;
  }
}

interface AnswerRow {
  guild_id: string;
  channel_id: string;
  question: string;
  cited_chunk_ids: string;
  confidence: number | null;
}

function prepareStatements(db: Database.Database) {
  return {
    vote: db.prepare(`
      INSERT INTO votes (answer_id, member_hash, guild_id, channel_id, message_id, question, question_key,
                         cited_chunk_ids, cited_source_ids, confidence, vote, reason, voted_at)
      VALUES (@answerId, @memberHash, @guildId, @channelId, @messageId, @question, @questionKey,
              @citedChunkIds, @citedSourceIds, @confidence, @vote, @reason, @at)
      ON CONFLICT (answer_id, member_hash) DO UPDATE SET
        guild_id = excluded.guild_id, channel_id = excluded.channel_id,
        message_id = COALESCE(excluded.message_id, votes.message_id),
        question = excluded.question, question_key = excluded.question_key,
        cited_chunk_ids = excluded.cited_chunk_ids, cited_source_ids = excluded.cited_source_ids,
        confidence = excluded.confidence, vote = excluded.vote, reason = excluded.reason, voted_at = excluded.voted_at
    `),
    memberVote: db.prepare(`SELECT vote, reason FROM votes WHERE answer_id = ? AND member_hash = ?`),
    declined: db.prepare(`
      INSERT INTO declined (guild_id, channel_id, question, question_key, asked_at)
      VALUES (@guildId, @channelId, @question, @questionKey, @at)
    `),
    clearDeclined: db.prepare(`DELETE FROM declined WHERE guild_id = ?`),
    declinedCount: db.prepare(`SELECT COUNT(*) AS count FROM declined WHERE guild_id = ?`),
    answer: db.prepare(`
      INSERT INTO answers (answer_id, guild_id, channel_id, question, cited_chunk_ids, confidence, answered_at)
      VALUES (@answerId, @guildId, @channelId, @question, @citedChunkIds, @confidence, @at)
    `),
    answerById: db.prepare(
      `SELECT guild_id, channel_id, question, cited_chunk_ids, confidence FROM answers WHERE answer_id = ?`,
    ),
    pruneAnswers: db.prepare(`DELETE FROM answers WHERE answered_at < ?`),
    pruneVotes: db.prepare(`DELETE FROM votes WHERE voted_at < ?`),
    pruneDeclined: db.prepare(`DELETE FROM declined WHERE asked_at < ?`),
    setMentionMode: db.prepare(`
      INSERT INTO channel_settings (guild_id, channel_id, mention_mode, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (guild_id, channel_id) DO UPDATE SET mention_mode = excluded.mention_mode,
        updated_at = excluded.updated_at
    `),
    mentionMode: db.prepare(`SELECT mention_mode FROM channel_settings WHERE guild_id = ? AND channel_id = ?`),
    mentionModes: db.prepare(
      `SELECT channel_id, mention_mode FROM channel_settings WHERE guild_id = ? ORDER BY channel_id`,
    ),
    setGuildSetting: db.prepare(`
      INSERT INTO guild_settings (guild_id, key, value, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (guild_id, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
    `),
    deleteGuildSetting: db.prepare(`DELETE FROM guild_settings WHERE guild_id = ? AND key = ?`),
    guildSetting: db.prepare(`SELECT value FROM guild_settings WHERE guild_id = ? AND key = ?`),
    guildSettings: db.prepare(`SELECT key, value FROM guild_settings WHERE guild_id = ? ORDER BY key`),
  };
}

/**
 * Opens the store, or reports why not through `onError` and returns undefined: the bot keeps answering, without
 * vote buttons or insights, when the database is damaged, newer than the code or cannot be created.
 */
export function openFeedbackStoreOrReport(
  options: OpenFeedbackStoreOptions,
  onError: (error: FeedbackDatabaseError) => void,
): FeedbackStore | undefined {
  try {
    return FeedbackStore.open(options);
  } catch (error) {
    onError(
      error instanceof FeedbackDatabaseError
        ? error
        : new FeedbackDatabaseError('unopenable', options.path, `cannot use the feedback database: ${String(error)}`, {
            cause: error,
          }),
    );
    return undefined;
  }
}
