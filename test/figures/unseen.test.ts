import { describe, expect, it } from 'vitest';
import { extractFigures, figureMatchesTopic, loadTopics } from '../../src/figures/index.js';
import { configDir } from './seedFigures.js';

/** Sentences written for this test, not from the seeds: the rules must hold on the next article too. */
const cases: Array<[string, string, string[]]> = [
  [
    "South Korea's spy agency said on Wednesday that about 1,500 North Korean special forces had been sent to Russia.",
    '1,500',
    ['troops'],
  ],
  ['The Pentagon estimates that 8,000 North Korean soldiers are now in Kursk.', '8,000', ['troops']],
  ['North Korea has an estimated 1.2 million active-duty troops.', '1.2 million', ['army-size']],
  ['Russia has deployed 50,000 troops, including North Korean soldiers, to retake Kursk.', '50,000', []],
  ['Ukraine says it captured two North Korean soldiers in January.', 'two', ['casualties']],
  [
    'Seoul estimates that around 300 North Korean soldiers have died and 2,700 have been wounded.',
    '2,700',
    ['casualties'],
  ],
  [
    'Pyongyang may receive as much as $20 billion a year from Moscow for its weapons and troops, analysts say.',
    '$20 billion',
    ['payments'],
  ],
  ['In 2023, Russia lost 150,000 men, British intelligence said.', '150,000', ['russian-losses']],
  ['The 1,200 Wagner mercenaries who fought in Bakhmut were replaced.', '1,200', []],
];

describe('topics on unseen sentences', () => {
  const topics = loadTopics(configDir);
  it.each(cases)('%s', (text, written, expected) => {
    const figure = extractFigures([{ id: 'u#1', sourceId: 'u', paragraph: 1, text }]).find(
      (candidate) => candidate.text === written,
    )!;
    expect(figure).toBeDefined();
    expect(topics.filter((topic) => figureMatchesTopic(figure, topic)).map((topic) => topic.name)).toEqual(expected);
  });
});
