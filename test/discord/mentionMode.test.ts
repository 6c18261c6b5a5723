import { describe, expect, it } from 'vitest';
import { ThreadQuestions } from '../../src/discord/threadQuestions.js';
import { renderMentionSetting } from '../../src/render/discord/settings.js';
import { discordLimits } from '../../src/render/discord/constants.js';
import { snowflake } from '../support/snowflakes.js';

describe('ThreadQuestions', () => {
  it('remembers at most its capacity, forgetting the threads remembered longest ago', () => {
    const threads = new ThreadQuestions(2);
    threads.remember('a', { question: 'first?' });
    threads.remember('b', { question: 'second?', source: 's' });
    threads.remember('a', { question: 'first again?' });
    threads.remember('c', { question: 'third?' });
    expect(threads.recall('b')).toBeUndefined();
    expect(threads.recall('a')).toEqual({ question: 'first again?' });
    expect(threads.recall('c')).toEqual({ question: 'third?' });
  });
});

describe('renderMentionSetting', () => {
  it('fits a server with very many channels turned off in one message', () => {
    const offIn = Array.from({ length: 500 }, () => snowflake());
    const text = renderMentionSetting({ channelId: offIn[0]!, enabled: false, changed: true, offIn });
    expect(text.length).toBeLessThanOrEqual(discordLimits.content);
    expect(text).toMatch(/^Mention mode is now off: .*\nOff in: <#\d+>, /);
  });
});
