import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import {
  CURRENT_SCHEMA_VERSION,
  FeedbackDatabaseError,
  MIGRATIONS,
  openDatabase,
  schemaVersion,
} from '../../src/feedback/database.js';
import { FeedbackStore, openFeedbackStoreOrReport } from '../../src/feedback/store.js';
import { tempDatabasePath, testClock } from './helpers.js';

function tables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).all() as { name: string }[])
    .map((row) => row.name)
    .filter((name) => !name.startsWith('sqlite_'));
}

describe('feedback database', () => {
  it('creates the folder and the full schema from nothing, in WAL mode with foreign keys on', () => {
    const path = tempDatabasePath();
    const db = openDatabase({ path });
    expect(schemaVersion(db)).toBe(CURRENT_SCHEMA_VERSION);
    expect(CURRENT_SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual(['answers', 'channel_settings', 'declined', 'guild_settings', 'meta', 'votes']);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    db.close();
    // Opening again is a no-op: same version, nothing re-applied (a re-applied CREATE TABLE would throw).
    const again = openDatabase({ path });
    expect(schemaVersion(again)).toBe(CURRENT_SCHEMA_VERSION);
    again.close();
  });

  it('migrates a version 1 file to the current schema, keeping its rows and keying them for grouping', () => {
    const path = tempDatabasePath();
    const v1 = openDatabase({ path, migrations: MIGRATIONS.slice(0, 1) });
    expect(schemaVersion(v1)).toBe(1);
    expect(tables(v1)).toEqual(['declined', 'meta', 'votes']);
    const insert = v1.prepare(`INSERT INTO declined (guild_id, channel_id, question, asked_at) VALUES (?, ?, ?, ?)`);
    const clock = testClock();
    insert.run('guild-1', 'channel-1', 'Who sent the TROOPS?', clock.now() - 1000);
    insert.run('guild-1', 'channel-1', 'who sent the troops', clock.now() - 500);
    v1.prepare(
      `INSERT INTO votes (answer_id, member_hash, guild_id, channel_id, question, cited_chunk_ids, cited_source_ids,
                          confidence, vote, voted_at)
       VALUES ('a', 'h', 'guild-1', 'channel-1', 'Why?', '["s#1"]', '["s"]', 0.5, 'down', ?)`,
    ).run(clock.now() - 100);
    v1.close();

    const store = FeedbackStore.open({ path, now: clock.now });
    expect(schemaVersion(store.db)).toBe(CURRENT_SCHEMA_VERSION);
    const insights = store.insights({ guildId: 'guild-1', days: 7 });
    expect(insights.declined).toEqual([expect.objectContaining({ key: 'who sent the troops', count: 2 })]);
    expect(insights.downVoted).toEqual([expect.objectContaining({ key: 'why', down: 1 })]);
    // And the settings tables of version 2 work.
    store.setMentionMode('guild-1', 'channel-1', false);
    expect(store.mentionModeEnabled('guild-1', 'channel-1')).toBe(false);
    store.close();
  });

  it('refuses a database newer than the code, without touching it', () => {
    const path = tempDatabasePath();
    openDatabase({ path }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
    raw.close();
    const attempt = () => openDatabase({ path });
    expect(attempt).toThrow(FeedbackDatabaseError);
    expect(attempt).toThrow(
      `schema version ${CURRENT_SCHEMA_VERSION + 1}, newer than this sourcedesk knows (${CURRENT_SCHEMA_VERSION})`,
    );
    try {
      attempt();
    } catch (error) {
      expect((error as FeedbackDatabaseError).problem).toBe('newer-schema');
    }
    const check = new Database(path, { readonly: true });
    expect(schemaVersion(check)).toBe(CURRENT_SCHEMA_VERSION + 1);
    check.close();
  });

  it('reports a file that is not a database as corrupt, with the path and what to do', () => {
    const path = tempDatabasePath();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'this is not a database, it is a text file that happens to be long enough'.repeat(100));
    let caught: unknown;
    try {
      openDatabase({ path });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FeedbackDatabaseError);
    expect((caught as FeedbackDatabaseError).problem).toBe('corrupt');
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toMatch(/damaged or not a SQLite file.*move it aside/);
    // The file is left as it was, for a person to look at.
    expect(readFileSync(path, 'utf8')).toMatch(/^this is not a database/);
  });

  it('reports a database whose pages are damaged as corrupt at open, not at the first vote', () => {
    const path = tempDatabasePath();
    const store = FeedbackStore.open({ path });
    for (let i = 0; i < 200; i++)
      store.recordDeclined({ guildId: 'g', channelId: 'c', question: `question ${i} `.repeat(20) });
    store.close();
    // Fold the WAL into the main file, then overwrite everything after the first page (the header stays valid).
    const raw = new Database(path);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = Number(raw.pragma('page_size', { simple: true }));
    raw.close();
    const bytes = readFileSync(path);
    expect(bytes.length).toBeGreaterThan(4 * pageSize);
    bytes.fill(0xa5, pageSize);
    writeFileSync(path, bytes);
    expect(() => openDatabase({ path })).toThrow(expect.objectContaining({ problem: 'corrupt' }));
  });

  it('lets the bot carry on without feedback when the database cannot be used', () => {
    const path = tempDatabasePath();
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, 'garbage'.repeat(200));
    const problems: FeedbackDatabaseError[] = [];
    const store = openFeedbackStoreOrReport({ path }, (error) => problems.push(error));
    expect(store).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]!.problem).toBe('corrupt');

    // A path whose folder is a file cannot be created at all.
    const blocked = `${path}/inside.db`;
    const more: FeedbackDatabaseError[] = [];
    expect(openFeedbackStoreOrReport({ path: blocked }, (error) => more.push(error))).toBeUndefined();
    expect(more[0]?.problem).toBe('unopenable');
    expect(more[0]?.message).toContain(blocked);
  });
});
