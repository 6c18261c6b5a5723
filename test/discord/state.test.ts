import { describe, expect, it } from 'vitest';
import { AnswerPages } from '../../src/discord/answerPages.js';
import { Cooldowns } from '../../src/discord/cooldowns.js';

describe('Cooldowns', () => {
  it('makes a member wait between uses of one command, not of others, then lets them again', () => {
    let now = 0;
    const cooldowns = new Cooldowns(3, () => now);
    expect(cooldowns.take('u1', 'ask')).toBe(0);
    expect(cooldowns.take('u1', 'ask')).toBe(3);
    expect(cooldowns.take('u1', 'sources')).toBe(0);
    expect(cooldowns.take('u2', 'ask')).toBe(0);
    now = 2_500;
    expect(cooldowns.take('u1', 'ask')).toBe(1);
    now = 3_000;
    expect(cooldowns.take('u1', 'ask')).toBe(0);
  });
});

describe('AnswerPages', () => {
  const answer = { question: 'q', answered: true, answer: 'a', citations: [] };

  it('forgets answers after their lifetime', () => {
    let now = 0;
    const pages = new AnswerPages(10, 1_000, () => now);
    const key = pages.save(answer);
    expect(pages.get(key)).toBe(answer);
    now = 1_001;
    expect(pages.get(key)).toBeUndefined();
  });

  it('keeps at most `capacity` answers, dropping the oldest', () => {
    const pages = new AnswerPages(2);
    const keys = [pages.save(answer), pages.save(answer), pages.save(answer)];
    expect(keys.map((key) => pages.get(key) !== undefined)).toEqual([false, true, true]);
    expect(keys.every((key) => `ask:${key}:12`.length <= 100)).toBe(true);
  });
});
