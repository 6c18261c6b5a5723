import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findTopic, loadTopics, parseTopics, UnknownTopicError } from '../../src/figures/index.js';
import { configDir } from './seedFigures.js';

const topic = { name: 'troops', description: 'soldiers', whose: ['North Korean'] };

describe('topics', () => {
  it('loads the shipped topics, with the five the issue asks for', () => {
    expect(loadTopics(configDir).map((candidate) => candidate.name)).toEqual(
      expect.arrayContaining(['troops', 'casualties', 'russian-losses', 'payments', 'army-size']),
    );
  });

  it('fills defaults so a moderator can write a short topic', () => {
    expect(parseTopics(JSON.stringify({ topics: [topic] }), 'topics.json')[0]).toMatchObject({
      counted: [],
      exclude: [],
      mentions: [],
      whoseFrom: 'figure',
      casualties: 'any',
    });
  });

  it.each([
    ['{ not json', /topics\.json is not valid JSON/],
    [
      JSON.stringify({ topics: [{ ...topic, name: 'Troops Now' }] }),
      /topics\.json: topics\.0\.name: use lower-case letters/,
    ],
    [JSON.stringify({ topics: [{ ...topic, whose: [] }] }), /topics\.json: topics\.0\.whose/],
    [JSON.stringify({ topics: [topic, topic] }), /"troops" is used by two topics/],
    [JSON.stringify({ topics: [{ ...topic, casualties: 'maybe' }] }), /topics\.0\.casualties/],
    [JSON.stringify({ topics: [{ ...topic, countd: ['x'] }] }), /topics\.0.*countd/],
  ])('names the file and what is wrong: %s', (text, message) => {
    expect(() => parseTopics(text, 'config/topics.json')).toThrow(message);
  });

  it('reads no topics from a folder without topics.json', () => {
    expect(loadTopics(mkdtempSync(join(tmpdir(), 'topics-')))).toEqual([]);
  });

  it('refuses a misspelt key, in the file or in a topic, instead of dropping it without a word', () => {
    expect(() => parseTopics(JSON.stringify({ topics: [topic], topic: [] }), 'topics.json')).toThrow(/topic/);
    expect(() => parseTopics(JSON.stringify({ topics: [{ ...topic, mention: ['sent'] }] }), 'topics.json')).toThrow(
      /mention/,
    );
  });

  it('reports a broken file on load with its path', () => {
    const folder = mkdtempSync(join(tmpdir(), 'topics-'));
    writeFileSync(join(folder, 'topics.json'), '{"topics": []}');
    expect(() => loadTopics(folder)).toThrow(join(folder, 'topics.json'));
  });

  it('finds a topic by name, ignoring case, and lists the known ones when it cannot', () => {
    const topics = parseTopics(JSON.stringify({ topics: [topic] }), 'topics.json');
    expect(findTopic(topics, ' TROOPS ').name).toBe('troops');
    expect(() => findTopic(topics, 'tanks')).toThrow(UnknownTopicError);
    expect(() => findTopic(topics, 'tanks')).toThrow('Known topics: troops.');
  });
});
