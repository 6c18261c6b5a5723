import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { normalizeQuestion } from './normalize.js';

/** File name of the database inside the data folder (the folder itself is the caller's: `DATA_DIR` or `data/`). */
export const DEFAULT_DATABASE_FILE = 'sourcedesk.db';

/**
 * How long a connection waits for another process's write lock before giving up with SQLITE_BUSY. Each shard is its
 * own process with its own connection; a vote transaction holds the lock for well under a millisecond, so five
 * seconds is only reached if something is badly wrong (a stuck process, a full disk), not under load.
 */
export const DEFAULT_BUSY_TIMEOUT_MS = 5_000;

/** `data/sourcedesk.db` under the given data folder. */
export function defaultDatabasePath(dataDir: string): string {
  return join(dataDir, DEFAULT_DATABASE_FILE);
}

/** One step of the schema. Applied in order, each in its own transaction, never edited once released. */
export interface Migration {
  /** The `PRAGMA user_version` the database has after this step: 1, 2, 3… without gaps. */
  version: number;
  description: string;
  up(db: Database.Database): void;
}

/** Why the database could not be used; the bot logs it and answers without feedback. */
export type FeedbackDatabaseProblem = 'corrupt' | 'newer-schema' | 'unopenable';

export class FeedbackDatabaseError extends Error {
  constructor(
    readonly problem: FeedbackDatabaseProblem,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FeedbackDatabaseError';
  }
}

/**
 * The schema, oldest first. Version 1 was the first cut (votes and the declined log); version 2 added the
 * normalized question key both insights group by, and the per-guild settings for mention mode; version 3 the
 * answers the bot gave (what a vote on one needs: question, citations, confidence), so a vote button works after a
 * restart, on any shard and long after the in-memory pages have expired.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'meta, votes, declined questions',
    up(db) {
      db.exec(`
        CREATE TABLE meta (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE votes (
          answer_id TEXT NOT NULL,
          member_hash TEXT NOT NULL,
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          message_id TEXT,
          question TEXT NOT NULL,
          cited_chunk_ids TEXT NOT NULL CHECK (json_valid(cited_chunk_ids) AND json_type(cited_chunk_ids) = 'array'),
          cited_source_ids TEXT NOT NULL CHECK (json_valid(cited_source_ids) AND json_type(cited_source_ids) = 'array'),
          confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
          vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
          reason TEXT,
          voted_at INTEGER NOT NULL,
          PRIMARY KEY (answer_id, member_hash)
        );
        CREATE INDEX votes_by_guild_time ON votes (guild_id, voted_at);
        CREATE INDEX votes_by_time ON votes (voted_at);

        CREATE TABLE declined (
          id INTEGER PRIMARY KEY,
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          question TEXT NOT NULL,
          asked_at INTEGER NOT NULL
        );
        CREATE INDEX declined_by_guild_time ON declined (guild_id, asked_at);
        CREATE INDEX declined_by_time ON declined (asked_at);
      `);
    },
  },
  {
    version: 2,
    description: 'normalized question keys; channel and guild settings',
    up(db) {
      // The key is computed in JavaScript (the same function new rows use), so old rows group with new ones.
      db.function('sourcedesk_question_key', { deterministic: true }, (text) => normalizeQuestion(String(text)));
      db.exec(`
        ALTER TABLE votes ADD COLUMN question_key TEXT NOT NULL DEFAULT '';
        UPDATE votes SET question_key = sourcedesk_question_key(question);
        ALTER TABLE declined ADD COLUMN question_key TEXT NOT NULL DEFAULT '';
        UPDATE declined SET question_key = sourcedesk_question_key(question);
        CREATE INDEX declined_by_guild_key ON declined (guild_id, question_key);

        CREATE TABLE channel_settings (
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          mention_mode INTEGER NOT NULL CHECK (mention_mode IN (0, 1)),
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (guild_id, channel_id)
        ) WITHOUT ROWID;

        CREATE TABLE guild_settings (
          guild_id TEXT NOT NULL,
          key TEXT NOT NULL,
          value TEXT NOT NULL,
          updated_at INTEGER NOT NULL,
          PRIMARY KEY (guild_id, key)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    description: 'answers given, so a vote needs nothing but the answer id in its button',
    up(db) {
      db.exec(`
        CREATE TABLE answers (
          answer_id TEXT PRIMARY KEY,
          guild_id TEXT NOT NULL,
          channel_id TEXT NOT NULL,
          question TEXT NOT NULL,
          cited_chunk_ids TEXT NOT NULL CHECK (json_valid(cited_chunk_ids) AND json_type(cited_chunk_ids) = 'array'),
          confidence REAL CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
          answered_at INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX answers_by_time ON answers (answered_at);
      `);
    },
  },
];

/** The schema version this code writes. */
export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export interface OpenDatabaseOptions {
  /** The database file; created (with its folder) if missing. */
  path: string;
  /** Wait for other processes' write locks this long; default {@link DEFAULT_BUSY_TIMEOUT_MS}. */
  busyTimeoutMs?: number;
  /**
   * Run `PRAGMA quick_check` after opening, so damage is found at startup rather than at the first
   * vote. Default true.
   */
  quickCheck?: boolean;
  /** The schema to bring the file to; default {@link MIGRATIONS}. Tests pass a prefix to build an old database. */
  migrations?: readonly Migration[];
}

/**
 * Opens (creating and migrating as needed) the feedback database, or throws a {@link FeedbackDatabaseError} whose
 * message names the file and what to do. Several processes may open the same file at once: the migration runs in an
 * IMMEDIATE transaction, so only the first applies it and the others see the new version.
 *
 * Durability: WAL with `synchronous=NORMAL`. A committed transaction is in the WAL file (the OS's page cache) before
 * `commit` returns, so killing the process at any point loses nothing committed; only an OS crash or power loss
 * can lose the last transactions before a checkpoint, and even then the file is not corrupted.
 */
export function openDatabase(options: OpenDatabaseOptions): Database.Database {
  const { path } = options;
  const migrations = options.migrations ?? MIGRATIONS;
  checkMigrations(migrations);
  let db: Database.Database;
  try {
    mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
  } catch (error) {
    throw new FeedbackDatabaseError('unopenable', path, `cannot open the feedback database ${path}: ${reason(error)}`, {
      cause: error,
    });
  }
  try {
    // busy_timeout first: switching to WAL and migrating both take locks another shard may hold.
    const busyTimeoutMs = Math.max(0, Math.floor(options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS));
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    const mode = whileBusy(busyTimeoutMs, () => db.pragma('journal_mode = WAL', { simple: true }));
    if (mode !== 'wal') throw new Error(`the file system does not support WAL (journal mode stayed ${String(mode)})`);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    if (options.quickCheck ?? true) {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') throw Object.assign(new Error(`quick_check: ${String(result)}`), { code: 'SQLITE_CORRUPT' });
    }
    migrate(db, path, migrations);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof FeedbackDatabaseError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new FeedbackDatabaseError(
        'corrupt',
        path,
        `the feedback database ${path} is damaged or not a SQLite file (${reason(error)}); ` +
          'move it aside to start a new one (votes and settings in it are lost)',
        { cause: error },
      );
    }
    throw new FeedbackDatabaseError('unopenable', path, `cannot use the feedback database ${path}: ${reason(error)}`, {
      cause: error,
    });
  }
}

/** The file's `PRAGMA user_version`: 0 for a new file. */
export function schemaVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function migrate(db: Database.Database, path: string, migrations: readonly Migration[]): void {
  const latest = migrations.length === 0 ? 0 : migrations[migrations.length - 1]!.version;
  const refuseNewer = (found: number) => {
    if (found > latest) {
      throw new FeedbackDatabaseError(
        'newer-schema',
        path,
        `the feedback database ${path} has schema version ${found}, newer than this sourcedesk knows (${latest}); ` +
          'update sourcedesk, or point DATA_DIR at another folder',
      );
    }
  };
  // Checked outside a write transaction first, so an up-to-date file (every start after the first) takes no lock.
  const found = schemaVersion(db);
  refuseNewer(found);
  if (found === latest) return;
  for (const migration of migrations) {
    db.transaction(() => {
      // Read again under the write lock: another process may have migrated since.
      const current = schemaVersion(db);
      refuseNewer(current);
      if (current >= migration.version) return;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}

/** Pause between retries of {@link whileBusy}, in ms (jittered up to twice this, so two processes fall out of step). */
const BUSY_RETRY_MS = 10;

/**
 * Runs `step`, retrying on SQLITE_BUSY until `timeoutMs` has passed. Needed for the switch to WAL on a new file:
 * two processes converting it at once can meet in SQLite's deadlock avoidance (one holds a shared lock and wants
 * the exclusive one the other is after), where SQLite returns SQLITE_BUSY at once without calling the busy
 * handler, so `busy_timeout` alone does not help. Blocks the thread while it waits: it runs only at open.
 */
function whileBusy<T>(timeoutMs: number, step: () => T): T {
  const deadline = Date.now() + timeoutMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      return step();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, BUSY_RETRY_MS * (1 + Math.random()));
    }
  }
}

function checkMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration ${index} has version ${migration.version}, expected ${index + 1}`);
    }
  });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
