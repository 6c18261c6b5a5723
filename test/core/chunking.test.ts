import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkSource, maxChunkLength } from '../../src/chunking/chunkSource.js';
import { classifyParagraph } from '../../src/text/furniture.js';
import { splitParagraphs } from '../../src/text/paragraphs.js';
import { projectRoot } from '../../src/util/paths.js';
import { Analyzer } from '../../src/text/analyzer.js';
import { parseSeed } from '../../src/sources/frontMatter.js';

const analyzer = new Analyzer();

describe('splitParagraphs', () => {
  it('reads blank-line separated paragraphs', () => {
    expect(splitParagraphs('One.\n\nTwo.\n\n\nThree.')).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('reads one paragraph per line', () => {
    expect(splitParagraphs('One line.\nAnother line.\r\nA third.')).toEqual(['One line.', 'Another line.', 'A third.']);
  });

  it('joins hard-wrapped lines of one paragraph', () => {
    const wrapped =
      'This paragraph was wrapped by an editor at a fixed width so\nthat every line but the last is about as long as the others\nand ends mid-sentence.';
    expect(splitParagraphs(wrapped)).toHaveLength(1);
  });
});

describe('classifyParagraph', () => {
  it.each([
    ['Source link', 'furniture'],
    ['About The Author', 'furniture'],
    ['Scroll to Top', 'furniture'],
    ['∎', 'furniture'],
    ['Simon Craven/t-online', 'furniture'],
    ['An article by', 'furniture'],
    ['By Jane Doe', 'furniture'],
    [
      'Ben Grant and other foreign fighters pose for a picture at the main train station in Lvov. Photo: Kai Paffenbach',
      'furniture',
    ],
    [
      'Kim Jong-un watches military exercises (file photo): North Korea’s dictator stands firmly by Putin’s side.Image: trapezoid',
      'furniture',
    ],
    [
      'Military might: With 1.3 million conscripts, North Korea is amply resourced to help Russia in future stages of the war – AP',
      'furniture',
    ],
    [
      'North Korean soldiers march during a mass military parade in Pyongyang to celebrate 100 years since the birth of Kim Il Sung on April 15 2012',
      'furniture',
    ],
    [
      'This article was originally published on his Substack, Weapons and Strategy. It is republished with permission.',
      'furniture',
    ],
    [
      'Broaden your horizons with award-winning British journalism. Try The Telegraph free for 1 month with unlimited access.',
      'furniture',
    ],
    ['Language barrier', 'heading'],
    ['Will Kim Jong Un send up to 100,000 troops?', 'heading'],
    ['Three thousand or even ten thousand North Koreans are not likely to make any battlefield difference.', 'body'],
  ])('%s → %s', (text, kind) => {
    expect(classifyParagraph(text)).toBe(kind);
  });
});

describe('chunkSource', () => {
  const chunksOf = async (source: { id: string; body: string }) =>
    (await chunkSource(source, analyzer)).map(({ chunk }) => chunk);

  it('attaches headings to the paragraph below and numbers paragraphs as in the article', async () => {
    const chunks = await chunksOf({
      id: 'a',
      body: 'Headline of the piece\n\nFirst paragraph text here.\n\nLanguage barrier\n\nSecond paragraph text here.\n\nSource link',
    });
    expect(chunks).toEqual([
      { id: 'a#2', sourceId: 'a', paragraph: 2, text: 'First paragraph text here.' },
      { id: 'a#4', sourceId: 'a', paragraph: 4, heading: 'Language barrier', text: 'Second paragraph text here.' },
    ]);
  });

  it("hands on the search terms of each chunk's text, as the analyzer gives them", async () => {
    const analyzed = await chunkSource(
      { id: 'a', body: 'North Korea sent 10,000 troops.\n\nLanguage barrier\n\nThe soldiers speak no Russian.' },
      analyzer,
    );
    expect(analyzed.map(({ terms }) => terms)).toEqual(analyzed.map(({ chunk }) => analyzer.terms(chunk.text)));
    expect(analyzed[0]!.terms).toContain('10000');
  });

  it('leaves out an unrelated story pasted at the end, but not an author biography', async () => {
    const read = async (file: string) => parseSeed(await readFile(join(projectRoot, 'seeds', file), 'utf8')).body;
    const tOnline = await chunksOf({
      id: 't',
      body: await read('t-online-2024-11-14-11000-north-korean-soldiers-in-kursk.txt'),
    });
    expect(tOnline.some((chunk) => chunk.text.includes('Robert F. Kennedy'))).toBe(false);
    expect(tOnline.some((chunk) => chunk.text.includes('arms shipments'))).toBe(true);
    const asiaTimes = await chunksOf({
      id: 'a',
      body: await read('asia-times-2024-10-25-north-korean-troops-in-kursk-could-backfire.txt'),
    });
    expect(asiaTimes.at(-1)!.text).toMatch(/^Stephen Bryen served as staff director/);
  });

  it('keeps paragraph numbers a reader can check', async () => {
    const body = parseSeed(
      await readFile(
        join(projectRoot, 'seeds', 'telegraph-2024-12-20-north-korean-troops-nightmare-for-russia.txt'),
        'utf8',
      ),
    ).body;
    const paragraphs = splitParagraphs(body);
    for (const chunk of await chunksOf({ id: 't', body }))
      expect(paragraphs[chunk.paragraph - 1]!.trim()).toBe(chunk.text);
  });
});

describe('a paragraph longer than maxChunkLength', () => {
  const sentence = 'North Korean troops arrived in Kursk with artillery and engineers.';

  it('is cut at sentence ends into chunks that keep its paragraph number', async () => {
    const long = Array.from({ length: 100 }, () => sentence).join(' ');
    const chunks = (await chunkSource({ id: 'a', body: `Intro line here.\n\n${long}` }, analyzer)).map(
      ({ chunk }) => chunk,
    );
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.slice(1).every((chunk) => chunk.paragraph === 2 && chunk.text.length <= maxChunkLength)).toBe(true);
    expect(chunks.slice(1).every((chunk) => chunk.text.endsWith('engineers.'))).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(chunks.length);
    expect(
      chunks
        .slice(1)
        .map((chunk) => chunk.text)
        .join(' '),
    ).toBe(long);
  });

  it('is cut at word ends when one sentence is longer than the limit, and is never taken for a caption', async () => {
    // No full stop at all: before, the whole paragraph was taken for a photo caption and dropped.
    const words = Array.from({ length: 1000 }, (_, index) => `word${index}`).join(' ');
    const chunks = (await chunkSource({ id: 'a', body: words }, analyzer)).map(({ chunk }) => chunk);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(maxChunkLength);
      expect(chunk.text).toMatch(/^word\d+( word\d+)*$/);
    }
    expect(chunks.map((chunk) => chunk.text).join(' ')).toBe(words);
  });
});
