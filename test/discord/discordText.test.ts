import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boldSpans, escapeUserText, fitLines, fitText } from '../../src/render/discord/text.js';

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText('Short. Enough.', 100)).toBe('Short. Enough.');
  });

  it('cuts at the last sentence end that fits, and marks the cut', () => {
    expect(fitText('First sentence here. Second sentence is longer than the rest.', 30)).toBe('First sentence here. …');
  });

  it('falls back to a word boundary when even the first sentence is too long', () => {
    expect(fitText('An extraordinarily long opening sentence without a stop', 25)).toBe('An extraordinarily long…');
  });

  it('fits the rendered text, so escaping and markup are counted', () => {
    const rendered = fitText('*a* *b* *c* *d*', 14, (kept, mark) => `“${escapeUserText(kept)}${mark}”`);
    expect(rendered).toBe('“\\*a\\* \\*b\\*…”');
    expect(rendered.length).toBeLessThanOrEqual(14);
  });

  it('never exceeds the limit and never cuts inside a word (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z]{1,12}[.,!?]?$/);
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 80 }), fc.integer({ min: 15, max: 300 }), (words, max) => {
        const text = words.join(' ');
        const fitted = fitText(text, max);
        expect(fitted.length).toBeLessThanOrEqual(max);
        if (fitted === text) return;
        const kept = fitted.replace(/ ?…$/, '');
        expect(text.startsWith(kept)).toBe(true);
        // The cut falls at the end of a word: the original continues with a space.
        expect(text[kept.length]).toBe(' ');
      }),
    );
  });
});

describe('fitText with escaping, on any text', () => {
  it('never exceeds the limit, whatever markdown, mentions or unicode the text holds (property)', () => {
    const tricky = fc.constantFrom(
      '*',
      '_',
      '~',
      '`',
      '|',
      '>',
      '#',
      '-',
      '@everyone',
      '<@1>',
      '\\',
      ' ',
      '. ',
      '\n',
      'é',
      '🇺🇦',
      'word',
    );
    fc.assert(
      fc.property(
        fc.array(fc.oneof(tricky, fc.string()), { maxLength: 200 }),
        fc.integer({ min: 10, max: 400 }),
        (parts, max) => {
          const fitted = fitText(parts.join(''), max, (kept, mark) => `“${escapeUserText(kept)}${mark}”`);
          expect(fitted.length).toBeLessThanOrEqual(max);
          expect(fitted).not.toMatch(/@(everyone|here)/);
        },
      ),
    );
  });
});

describe('fitLines', () => {
  it('keeps whole lines and counts the rest', () => {
    expect(fitLines(['first line', 'second line', 'third line', 'fourth line'], 35)).toBe(
      'first line\nsecond line\n…and 2 more',
    );
  });
});

describe('escapeUserText', () => {
  it('shows markdown literally and breaks every kind of mention', () => {
    expect(escapeUserText('**hi** @everyone @here <@123> <@&456> <#789>')).toBe(
      '\\*\\*hi\\*\\* @\u200beveryone @\u200bhere <\u200b@123> <\u200b@&456> <\u200b#789>',
    );
  });

  it('shows links, headings, lists and block quotes literally, and leaves citation marks alone', () => {
    expect(escapeUserText('See [the map](https://evil.example/x) [2] [3](x)')).toBe(
      'See \\[the map](https:\u200b//evil.example/x) [2] \\[3](x)',
    );
    expect(escapeUserText('# Big\n-# small\n- item\n  12. step\n> quote\n>>> all')).toBe(
      '\\# Big\n\\-# small\n\\- item\n  12\\. step\n\\> quote\n\\>>> all',
    );
    expect(escapeUserText('<t:1700000000:R> <:wave:123> </ask:456> a-b 3.5 x > y')).toBe(
      '<\u200bt:1700000000:R> <\u200b:wave:123> <\u200b/ask:456> a-b 3.5 x > y',
    );
  });
});

describe('boldSpans', () => {
  it('bolds the highlighted spans, merging neighbours, escaping the rest', () => {
    const text = 'The North Korean troops_ arrived';
    expect(
      boldSpans(text, [
        [4, 9],
        [10, 16],
        [17, 24],
      ]),
    ).toBe('The **North Korean troops\\_** arrived');
  });

  it('keeps a bold span closed even when the highlighted text ends in a backslash', () => {
    expect(boldSpans('a\\ b', [[0, 2]])).toBe('**a\\\\** b');
  });

  it('ignores spans beyond the kept text (after a cut)', () => {
    expect(
      boldSpans('one two', [
        [0, 3],
        [8, 12],
      ]),
    ).toBe('**one** two');
  });
});

describe('text of any length', () => {
  // Each was quadratic in discord.js' escapeMarkdown: 60,000 backslashes took 50 s.
  it.each(['*', '\\', '```', '_a', '-', '~', '[', '[1', '\n#', '\n1. ', ' '])(
    'a forged 60,000-character question of %j is escaped and fitted in milliseconds',
    (unit) => {
      const forged = unit.repeat(60_000 / unit.length);
      const started = performance.now();
      const title = fitText(forged, 256, (kept, mark) => escapeUserText(kept) + mark);
      const escaped = escapeUserText(forged);
      expect(performance.now() - started).toBeLessThan(100);
      expect(title.length).toBeLessThanOrEqual(256);
      expect(escaped.length).toBeGreaterThanOrEqual(forged.length);
    },
  );
});
