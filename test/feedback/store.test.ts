import { describe, expect, it } from 'vitest';
import { normalizeQuestion } from '../../src/feedback/normalize.js';
import {
  DEFAULT_RETENTION_DAYS,
  FeedbackStore,
  MAX_REASON_CHARS,
  MAX_STORED_QUESTION_CHARS,
  SALT_META_KEY,
  hashMember,
} from '../../src/feedback/store.js';
import { DAY_MS, tempDatabasePath, testClock, vote } from './helpers.js';

function openStore(options: { salt?: string; now?: () => number; path?: string } = {}) {
  return FeedbackStore.open({ path: options.path ?? tempDatabasePath(), ...options });
}

describe('votes', () => {
  it('keeps one vote per member per answer: a re-vote replaces the first, reason included', () => {
    const store = openStore({ salt: 'pepper' });
    store.recordVote(vote({ vote: 'down', reason: 'wrong country' }));
    store.recordVote(vote({ vote: 'up' }));
    store.recordVote(vote({ memberId: '222222222222222222', vote: 'down' }));
    store.recordVote(vote({ answerId: 'answer-2', vote: 'down' }));
    const rows = store.db.prepare(`SELECT answer_id, vote, reason FROM votes ORDER BY answer_id, vote`).all();
    expect(rows).toEqual([
      { answer_id: 'answer-1', vote: 'down', reason: null },
      { answer_id: 'answer-1', vote: 'up', reason: null },
      { answer_id: 'answer-2', vote: 'down', reason: null },
    ]);
    expect(store.memberVote('answer-1', '111111111111111111')).toEqual({ vote: 'up', reason: null });
    expect(store.memberVote('answer-1', '333')).toBeUndefined();
    store.close();
  });

  it('stores the member only as a salted hash, never the id', () => {
    const path = tempDatabasePath();
    const store = openStore({ path, salt: 'pepper' });
    store.recordVote(vote());
    const row = store.db.prepare(`SELECT * FROM votes`).get() as Record<string, unknown>;
    expect(row.member_hash).toBe(hashMember('pepper', '111111111111111111'));
    expect(row.member_hash).not.toBe(hashMember('salt', '111111111111111111'));
    expect(JSON.stringify(row)).not.toContain('111111111111111111');
    expect(JSON.parse(row.cited_chunk_ids as string)).toEqual(['kursk-report#3', 'kursk-report#4', 'seoul-briefing#1']);
    expect(JSON.parse(row.cited_source_ids as string)).toEqual(['kursk-report', 'seoul-briefing']);
    store.close();
  });

  it('without FEEDBACK_SALT generates one salt, keeps it in meta and reuses it on every open', () => {
    const path = tempDatabasePath();
    const first = openStore({ path });
    first.recordVote(vote({ vote: 'down' }));
    const salt = (first.db.prepare(`SELECT value FROM meta WHERE key = ?`).get(SALT_META_KEY) as { value: string })
      .value;
    expect(salt).toMatch(/^[0-9a-f]{64}$/);
    first.close();
    const second = openStore({ path });
    second.recordVote(vote({ vote: 'up' })); // same member, same answer: must replace, so the hash matched
    expect(second.db.prepare(`SELECT vote FROM votes`).all()).toEqual([{ vote: 'up' }]);
    second.close();
  });

  it('caps the question and the reason, and rejects what is not a vote', () => {
    const store = openStore();
    store.recordVote(vote({ question: 'q'.repeat(5000), reason: `  ${'r'.repeat(500)}  ` }));
    const row = store.db.prepare(`SELECT question, reason FROM votes`).get() as { question: string; reason: string };
    expect(row.question).toHaveLength(MAX_STORED_QUESTION_CHARS);
    expect(row.reason).toHaveLength(MAX_REASON_CHARS);
    store.recordVote(vote({ answerId: 'blank-reason', reason: '   ' }));
    expect(store.memberVote('blank-reason', '111111111111111111')?.reason).toBeNull();
    expect(() => store.recordVote(vote({ confidence: 1.5 }))).toThrow();
    expect(() => store.recordVote(vote({ vote: 'sideways' as 'up' }))).toThrow();
    expect(() => store.recordVote(vote({ question: '   ' }))).toThrow();
    store.close();
  });
});

describe('insights', () => {
  it('groups declined questions by their normalized form, most frequent first, within the window and guild', () => {
    const clock = testClock();
    const store = openStore({ now: clock.now });
    const decline = (question: string, daysAgo: number, guildId = 'guild-1') =>
      store.recordDeclined({ guildId, channelId: 'channel-1', question, at: clock.now() - daysAgo * DAY_MS });
    decline('What is the weather in Kursk?', 1);
    decline('what is the  weather in kursk', 2);
    decline('WHAT IS THE WEATHER IN KURSK???', 3);
    decline('Who won the match?', 1);
    decline('who won the match', 6);
    decline('Who won the match!', 20); // only in the 30-day window
    decline('Who won the match', 20);
    decline('Who won the match', 20);
    decline('What is the weather in Kursk?', 40); // outside both windows
    decline('What is the weather in Kursk?', 1, 'guild-2'); // another guild

    const week = store.insights({ guildId: 'guild-1', days: 7 });
    expect(week.declined.map(({ key, count }) => ({ key, count }))).toEqual([
      { key: 'what is the weather in kursk', count: 3 },
      { key: 'who won the match', count: 2 },
    ]);
    // The latest wording represents the group.
    expect(week.declined[0]!.question).toBe('What is the weather in Kursk?');
    expect(week.totals.declined).toBe(5);

    const month = store.insights({ guildId: 'guild-1', days: 30 });
    expect(month.declined.map(({ key, count }) => ({ key, count }))).toEqual([
      { key: 'who won the match', count: 5 },
      { key: 'what is the weather in kursk', count: 3 },
    ]);
    const everyGuild = store.insights({ days: 7 });
    expect(everyGuild.declined[0]).toMatchObject({ key: 'what is the weather in kursk', count: 4 });
    expect(() => store.insights({ days: 14 as 7 })).toThrow();

    expect(store.clearDeclined('guild-1')).toBe(9);
    expect(store.insights({ guildId: 'guild-1', days: 30 }).declined).toEqual([]);
    expect(store.insights({ guildId: 'guild-2', days: 30 }).declined).toHaveLength(1);
    store.close();
  });

  it('lists down-voted questions, sources cited most and never, and answers by confidence', () => {
    const clock = testClock();
    const store = openStore({ now: clock.now });
    const at = clock.now() - DAY_MS;
    // answer-1: low confidence, cites kursk twice and seoul; two down votes (one with a reason), one up.
    const one = { answerId: 'answer-1', confidence: 0.2, at, question: 'Where are the troops?' };
    store.recordVote(vote({ ...one, memberId: '1', vote: 'down', reason: 'wrong region' }));
    store.recordVote(vote({ ...one, memberId: '2', vote: 'down' }));
    store.recordVote(vote({ ...one, memberId: '3', vote: 'up' }));
    // answer-2: the same question worded differently, medium confidence, cites only kursk; one down.
    store.recordVote(
      vote({
        answerId: 'answer-2',
        memberId: '1',
        confidence: 0.5,
        at,
        question: 'where are the troops',
        vote: 'down',
        citedChunkIds: ['kursk-report#9'],
      }),
    );
    // answer-3: high confidence, cites pyongyang; one up.
    store.recordVote(
      vote({
        answerId: 'answer-3',
        memberId: '1',
        confidence: 0.7,
        at,
        question: 'Who signed?',
        citedChunkIds: ['pyongyang-treaty#2'],
      }),
    );
    // answer-4: no confidence; one up. answer-5: 40 days ago, outside the window.
    store.recordVote(vote({ answerId: 'answer-4', memberId: '1', confidence: null, at, question: 'When?' }));
    store.recordVote(
      vote({
        answerId: 'answer-5',
        memberId: '1',
        at: clock.now() - 40 * DAY_MS,
        vote: 'down',
        citedChunkIds: ['old-article#1'],
      }),
    );

    const insights = store.insights({
      guildId: 'guild-1',
      days: 30,
      allSourceIds: ['kursk-report', 'seoul-briefing', 'pyongyang-treaty', 'old-article', 'unused'],
    });
    expect(insights.totals).toEqual({ votes: 6, up: 3, down: 3, answersVotedOn: 4, declined: 0 });
    expect(insights.downVoted).toEqual([
      {
        key: 'where are the troops',
        question: 'Where are the troops?',
        down: 3,
        up: 1,
        answers: 2,
        reasons: ['wrong region'],
      },
    ]);
    // answer-4 cites the helper's default chunks (kursk, seoul) too.
    expect(insights.citedMost).toEqual([
      { sourceId: 'kursk-report', answers: 3, up: 2, down: 3 },
      { sourceId: 'seoul-briefing', answers: 2, up: 2, down: 2 },
      { sourceId: 'pyongyang-treaty', answers: 1, up: 1, down: 0 },
    ]);
    expect(insights.neverCited).toEqual(['old-article', 'unused']);
    expect(insights.byConfidence).toEqual([
      { bucket: 'low', answers: 1, up: 1, down: 2 },
      { bucket: 'medium', answers: 1, up: 0, down: 1 },
      { bucket: 'high', answers: 1, up: 1, down: 0 },
      { bucket: 'unknown', answers: 1, up: 1, down: 0 },
    ]);
    expect(store.insights({ guildId: 'guild-1', days: 30 }).neverCited).toBeNull();
    expect(store.insights({ guildId: 'guild-2', days: 30 }).totals.votes).toBe(0);
    store.close();
  });
});

describe('normalizeQuestion', () => {
  it('folds case, whitespace, punctuation and apostrophes', () => {
    expect(normalizeQuestion('  What’s   the   TOLL?!  ')).toBe('whats the toll');
    expect(normalizeQuestion("what's the toll")).toBe('whats the toll');
    expect(normalizeQuestion('Kursk—where, exactly?')).toBe('kursk where exactly');
    expect(normalizeQuestion('ＫＵＲＳＫ')).toBe('kursk');
  });
});

describe('answers and votes on them', () => {
  const answer = {
    guildId: 'guild-1',
    channelId: 'channel-1',
    question: 'Where are the troops?',
    citedChunkIds: ['kursk-report#3', 'seoul-briefing#1'],
    confidence: 0.62,
  };

  it('gives each answer a short id, and a vote on it takes question, citations and confidence from it', () => {
    const store = openStore({ salt: 'pepper' });
    const answerId = store.recordAnswer(answer);
    expect(answerId).toMatch(/^[\w-]{12}$/);
    expect(store.recordAnswer(answer)).not.toBe(answerId);
    const first = store.voteOnAnswer({ answerId, memberId: '111', messageId: 'message-1', vote: 'down' });
    expect(first).toEqual({ stored: { vote: 'down', reason: null }, previous: undefined });
    // A reason sent from the modal has no message id: the vote keeps the answer's.
    const second = store.voteOnAnswer({ answerId, memberId: '111', vote: 'down', reason: '  too old  ' });
    expect(second).toEqual({ stored: { vote: 'down', reason: 'too old' }, previous: { vote: 'down', reason: null } });
    expect(store.db.prepare(`SELECT * FROM votes`).all()).toMatchObject([
      {
        answer_id: answerId,
        guild_id: 'guild-1',
        channel_id: 'channel-1',
        message_id: 'message-1',
        question: 'Where are the troops?',
        cited_chunk_ids: JSON.stringify(answer.citedChunkIds),
        cited_source_ids: JSON.stringify(['kursk-report', 'seoul-briefing']),
        confidence: 0.62,
        vote: 'down',
        reason: 'too old',
      },
    ]);
    expect(store.voteOnAnswer({ answerId: 'never-given', memberId: '111', vote: 'up' })).toBeUndefined();
    store.close();
  });

  it('forgets answers past the retention period, so a vote on one is refused', () => {
    const path = tempDatabasePath();
    const clock = testClock();
    const store = openStore({ path, now: clock.now });
    const old = store.recordAnswer({ ...answer, at: clock.now() - (DEFAULT_RETENTION_DAYS + 1) * DAY_MS });
    const recent = store.recordAnswer(answer);
    store.close();
    const reopened = openStore({ path, now: clock.now });
    expect(reopened.voteOnAnswer({ answerId: old, memberId: '1', vote: 'up' })).toBeUndefined();
    expect(reopened.voteOnAnswer({ answerId: recent, memberId: '1', vote: 'up' })).toBeDefined();
    reopened.close();
  });
});

describe('retention', () => {
  it('deletes votes and declined questions past the retention period on open and while running', () => {
    const path = tempDatabasePath();
    const clock = testClock();
    const store = openStore({ path, now: clock.now });
    store.recordVote(vote({ answerId: 'old', at: clock.now() - (DEFAULT_RETENTION_DAYS + 1) * DAY_MS }));
    store.recordVote(vote({ answerId: 'recent', at: clock.now() - (DEFAULT_RETENTION_DAYS - 1) * DAY_MS }));
    store.recordDeclined({ guildId: 'g', channelId: 'c', question: 'old?', at: clock.now() - 100 * DAY_MS });
    store.setMentionMode('g', 'c', false);
    store.close();

    const reopened = openStore({ path, now: clock.now });
    expect(reopened.db.prepare(`SELECT answer_id FROM votes`).all()).toEqual([{ answer_id: 'recent' }]);
    expect(reopened.db.prepare(`SELECT COUNT(*) AS n FROM declined`).get()).toEqual({ n: 0 });
    expect(reopened.mentionModeEnabled('g', 'c')).toBe(false); // settings are not pruned

    // Two days on, without a restart: the next write prunes 'recent' too.
    clock.advance(2 * DAY_MS);
    reopened.recordDeclined({ guildId: 'g', channelId: 'c', question: 'new?' });
    expect(reopened.db.prepare(`SELECT COUNT(*) AS n FROM votes`).get()).toEqual({ n: 0 });
    reopened.close();
  });
});

describe('settings', () => {
  it('mention mode is on by default, per channel, and kept across opens; guild key/values too', () => {
    const path = tempDatabasePath();
    const store = openStore({ path });
    expect(store.mentionModeEnabled('g', 'c1')).toBe(true);
    store.setMentionMode('g', 'c1', false);
    store.setMentionMode('g', 'c2', false);
    store.setMentionMode('g', 'c2', true);
    store.setGuildSetting('g', 'moderatorRole', '42');
    store.setGuildSetting('g', 'temporary', 'x');
    store.setGuildSetting('g', 'temporary', null);
    store.close();
    const again = openStore({ path });
    expect(again.mentionModeEnabled('g', 'c1')).toBe(false);
    expect(again.mentionModeEnabled('other-guild', 'c1')).toBe(true);
    expect(again.mentionModeChannels('g')).toEqual([
      { channelId: 'c1', enabled: false },
      { channelId: 'c2', enabled: true },
    ]);
    expect(again.guildSettings('g')).toEqual({ moderatorRole: '42' });
    expect(again.guildSetting('g', 'moderatorRole')).toBe('42');
    again.close();
  });
});
