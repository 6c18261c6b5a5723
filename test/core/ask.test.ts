import { beforeAll, describe, expect, it } from 'vitest';
import { notFoundMessage } from '../../src/ask/answer.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await KnowledgeBase.open(await tempKnowledgeBaseOptions());
});

describe('ask', () => {
  it('answers with the best sentence first, then numbered citations', () => {
    const answer = kb.ask('How many North Korean troops are in Kursk?');
    expect(answer.answered).toBe(true);
    expect(answer.answer).toMatch(/\d{1,3},000 North Korean (soldiers|troops)/);
    expect(answer.answer).toMatch(/\[1\]$/);
    expect(answer.citations.map((citation) => citation.number)).toEqual(answer.citations.map((_, index) => index + 1));
    const [first] = answer.citations;
    expect(first!.excerpt).toContain(answer.answer.replace(/ \[\d\]$/, ''));
    expect(first!.paragraph).toBeGreaterThan(0);
    expect(first!.title).not.toBe('');
    for (let index = 1; index < answer.citations.length; index++)
      expect(answer.citations[index]!.score).toBeLessThanOrEqual(answer.citations[index - 1]!.score);
  });

  it('marks the question’s words in each excerpt', () => {
    const [citation] = kb.ask('What agreement did the Duma ratify?').citations;
    const marked = citation!.highlights.map(([start, end]) => citation!.excerpt.slice(start, end).toLowerCase());
    expect(marked).toEqual(expect.arrayContaining(['duma', 'ratified', 'agreement']));
    for (const [start, end] of citation!.highlights) expect(end).toBeGreaterThan(start);
  });

  it('finds a paragraph through an alias of a name in the question', () => {
    const answer = kb.ask('How many reservists does the DPRK have?');
    expect(answer.citations[0]!.excerpt).toContain('7.6 million reservists');
  });

  it('corrects a typo in a word the sources do not know', () => {
    expect(kb.ask('how many casualites per month does russia suffer').citations[0]!.excerpt).toContain(
      '30,000 casualties each month',
    );
  });

  it('corrects swapped letters, the commonest typo', () => {
    expect(kb.ask('what did kim jong un recieve in return').citations[0]!.excerpt).toMatch(/received machine guns/);
  });

  it.each([
    'What is the capital of Australia?',
    'How do I bake sourdough bread?',
    'What is the weather in Kursk?',
    'Who won the 2022 World Cup?',
  ])('says it found nothing for %s', (question) => {
    expect(kb.ask(question)).toEqual({
      question,
      answered: false,
      answer: notFoundMessage,
      citations: [],
      confidence: expect.any(Number),
    });
  });

  it('restricts the answer to one source', () => {
    const source = 'telegraph-2024-12-20-north-korean-troops-nightmare-for-russia';
    const answer = kb.ask('How many North Korean troops are in Russia?', { source });
    expect(answer.citations.length).toBeGreaterThan(0);
    expect(new Set(answer.citations.map((citation) => citation.sourceId))).toEqual(new Set([source]));
  });

  it('pages further with a larger limit', () => {
    const few = kb.ask('North Korean troops', { limit: 2 }).citations;
    const more = kb.ask('North Korean troops', { limit: 10 }).citations;
    expect(few).toHaveLength(2);
    expect(more.length).toBeGreaterThan(2);
    expect(more.slice(0, 2).map((citation) => citation.chunkId)).toEqual(few.map((citation) => citation.chunkId));
  });

  describe('bad input gets a clear reply, never a crash', () => {
    it.each(['', '   \n\t '])('empty question %j', (question) => {
      const answer = kb.ask(question);
      expect(answer.answered).toBe(false);
      expect(answer.answer).toMatch(/Ask a question/);
    });

    it('a 6,000-character question', () => {
      const answer = kb.ask('troops '.repeat(858).slice(0, 5999) + '?');
      expect(answer.answered).toBe(false);
      expect(answer.answer).toMatch(/6,000 characters/);
    });

    it.each([
      '?!?!...',
      '🙂🚀🔥',
      'Сколько северокорейских солдат в Курске?',
      '朝鲜士兵有多少人？',
      '(.*+?[{\\',
      '@everyone @here <@123456789012345678>',
    ])('%s', (question) => {
      const answer = kb.ask(question);
      expect(answer.answered).toBe(false);
      expect(answer.citations).toEqual([]);
    });

    it('a stray everyday word the sources never use does not sink a good question', () => {
      expect(kb.ask('How many North Korean troops are in Kursk? everyone').answered).toBe(true);
      expect(kb.ask('How many North Korean troops are in Kursk, mate?').answered).toBe(true);
    });

    it('a name the sources never mention does', () => {
      expect(kb.ask('What did Joe Biden say about North Korean troops in Kursk?').answered).toBe(false);
    });

    it('a question that mentions @everyone is still answered, and only quotes the sources', () => {
      const answer = kb.ask('@everyone what agreement did the Duma ratify?');
      expect(answer.answered).toBe(true);
      expect(answer.answer).not.toContain('@everyone');
    });
  });
});
