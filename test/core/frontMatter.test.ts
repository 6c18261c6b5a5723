import { describe, expect, it } from 'vitest';
import { FrontMatterError, parseSeed } from '../../src/sources/frontMatter.js';

describe('parseSeed', () => {
  it('reads key: value front matter and keeps the body verbatim', () => {
    const seed = parseSeed(
      '---\ntitle: A title\npublisher: "Asia Times"\ndate: 2024-10-25\n---\nFirst line.\n\nSecond  paragraph.\n',
    );
    expect(seed.metadata).toEqual({ title: 'A title', publisher: 'Asia Times', date: '2024-10-25' });
    expect(seed.body).toBe('First line.\n\nSecond  paragraph.\n');
    expect(seed.bodyLine).toBe(6);
  });

  it('treats a file without front matter as all body', () => {
    expect(parseSeed('Just an article.\n')).toEqual({ metadata: {}, body: 'Just an article.\n', bodyLine: 1 });
  });

  it('reads a plain-text header of Title:, Source: and Date: lines as metadata', () => {
    const seed = parseSeed(
      'Title: Harbour plan approved\nSource: https://example.org/harbour\nDate: October 23, 2024\n\nThe council voted on Tuesday.\n',
    );
    expect(seed.metadata).toEqual({
      title: 'Harbour plan approved',
      url: 'https://example.org/harbour',
      date: '2024-10-23',
    });
    expect(seed.body).toBe('The council voted on Tuesday.\n');
    expect(seed.bodyLine).toBe(5);
    expect(parseSeed('Title: Harbour plan\nSource: Reuters\nDate: last week\n\nText.').metadata).toEqual({
      title: 'Harbour plan',
      publisher: 'Reuters',
    });
  });

  it('keeps opening lines that only look like a header as the article', () => {
    for (const text of [
      'Update: the council voted.\n\nText.',
      'Title: A plan\nThe council voted.\n\nText.',
      'By: Jane Doe\n\nText.',
    ]) {
      expect(parseSeed(text)).toEqual({ metadata: {}, body: text, bodyLine: 1 });
    }
  });

  it('renders "unknown" as nothing', () => {
    expect(parseSeed('---\npublisher: unknown\nauthor: Unknown\n---\nText').metadata).toEqual({});
  });

  it.each([
    ['---\ntitle: ok\ncolour: blue\n---\nText', 3, /unknown field "colour"/],
    ['---\ntitle: ok\ndate: 14 November\n---\nText', 3, /date must look like/],
    ['---\ntitle: ok\nurl: not a url\n---\nText', 3, /url/],
    ['---\ntitle ok\n---\nText', 2, /expected "key: value"/],
    ['---\ntitle: a\ntitle: b\n---\nText', 3, /given twice/],
    ['---\ntitle: never closed\nText', 1, /never closed/],
  ])('reports bad metadata with its line: %j', (text, line, message) => {
    let caught: unknown;
    try {
      parseSeed(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FrontMatterError);
    expect((caught as FrontMatterError).line).toBe(line);
    expect((caught as FrontMatterError).message).toMatch(message);
  });
});
