import { beforeAll, describe, expect, it } from 'vitest';
import { leansOnEarlier, withEarlierQuestion } from '../../src/ask/followUp.js';
import { maxQuestionLength } from '../../src/ask/question.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

const troops = 'How many North Korean troops are in Kursk?';

describe('withEarlierQuestion', () => {
  it.each([
    ['what about casualties?', `${troops} what about casualties?`],
    ['And in Ukraine?', `${troops} And in Ukraine?`],
    ['How about the wounded?', `${troops} How about the wounded?`],
    ['are they paid?', `${troops} are they paid?`],
    ['casualties?', `${troops} casualties?`],
  ])('puts the earlier question before a follow-up that leans on it: %s', (followUp, asked) => {
    expect(leansOnEarlier(followUp)).toBe(true);
    expect(withEarlierQuestion(troops, followUp)).toBe(asked);
  });

  it.each(['Who is Gustav Gressel?', 'How much does Russia pay North Korean soldiers?', 'Where is the Kursk region?'])(
    'asks a follow-up that stands alone as it is: %s',
    (followUp) => {
      expect(leansOnEarlier(followUp)).toBe(false);
      expect(withEarlierQuestion(troops, followUp)).toBe(followUp);
    },
  );

  it('ends the earlier question as a sentence, trims both, and needs words in the follow-up', () => {
    expect(withEarlierQuestion('  North Korean troops in Kursk ', ' and casualties ')).toBe(
      'North Korean troops in Kursk? and casualties',
    );
    expect(withEarlierQuestion('', 'what about casualties?')).toBe('what about casualties?');
    expect(leansOnEarlier(' ?! ')).toBe(false);
    expect(withEarlierQuestion(troops, '   ')).toBe('');
  });

  it('asks the follow-up alone when both together would be longer than the core takes', () => {
    const long = `${'Kursk '.repeat(Math.ceil(maxQuestionLength / 6))}?`.slice(-maxQuestionLength);
    expect(withEarlierQuestion(long, 'and casualties?')).toBe('and casualties?');
    const fits = long.slice(-(maxQuestionLength - 'and casualties?'.length - 2));
    expect(withEarlierQuestion(fits, 'and casualties?')).toBe(`${fits.trim()} and casualties?`);
  });
});

describe('KnowledgeBase.followUp', () => {
  let kb: KnowledgeBase;
  beforeAll(async () => {
    kb = await KnowledgeBase.open(await tempKnowledgeBaseOptions());
  });

  it('answers a follow-up with the earlier question as context: the wounded among the North Koreans in Kursk', () => {
    const alone = kb.ask('and wounded?');
    const followed = kb.followUp(troops, 'and wounded?');
    expect(followed.question).toBe(`${troops} and wounded?`);
    expect(followed.answered).toBe(true);
    expect(followed.answer).toMatch(/North Korean.*wounded.*Kursk/);
    expect(alone.answer).not.toMatch(/North Korean/);
  });

  it.each([
    ['what about casualties?', /killed or wounded/],
    ['what about their training?', /trained for several weeks/],
  ])('quotes a sentence about the follow-up’s subject, not the earlier question’s answer: %s', (followUp, quoted) => {
    const followed = kb.followUp(troops, followUp);
    expect(followed.answer).toMatch(quoted);
    // Asked as one question without the focus, the sentence on the troops' number wins.
    expect(kb.ask(followed.question).answer).not.toMatch(quoted);
  });

  it('keeps the source filter, and answers a follow-up that stands alone as ask would', () => {
    const source = kb.sources()[0]!.id;
    const followed = kb.followUp(troops, 'what about casualties?', { source });
    expect(followed.citations.length).toBeGreaterThan(0);
    expect(followed.citations.every((citation) => citation.sourceId === source)).toBe(true);
    expect(kb.followUp(troops, 'Who is Gustav Gressel?')).toEqual(kb.ask('Who is Gustav Gressel?'));
  });
});
