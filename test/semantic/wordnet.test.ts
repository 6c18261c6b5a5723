import { describe, expect, it } from 'vitest';
import { DEFAULT_RELATION_WEIGHTS, WordNet, wordNet, type RelatedWord } from '../../src/semantic/wordnet.js';

const find = (list: RelatedWord[], word: string): RelatedWord | undefined => list.find((r) => r.word === word);

describe('WordNet reader', () => {
  it('loads all index and data files in well under the 3 s interaction window', () => {
    const started = performance.now();
    new WordNet().loadAll();
    // Measured ~170–260 ms here; CI runs up to 4× slower. The bound catches parsing gone quadratic.
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('reads senses in frequency order and synsets by byte offset', () => {
    const wn = wordNet();
    const [first] = wn.senseOffsets('soldier', 'n');
    expect(first).toBe(10641415);
    const synset = wn.synset(first!, 'n');
    expect(synset.words).toEqual(['soldier']);
    expect(synset.gloss).toMatch(/enlisted man or woman/);
    expect(synset.pointers.some((p) => p.symbol === '@' && p.offset === 10078585)).toBe(true);
  });

  it('strips adjective markers and marks satellites', () => {
    const wn = wordNet();
    const synset = wn.synset(wn.senseOffsets('outback', 'a')[0]!, 'a');
    expect(synset.words).toContain('outback');
    expect(synset.satellite).toBe(true);
  });

  it('reduces regular inflections with morphy rules', () => {
    const wn = wordNet();
    expect(wn.baseForms('troops', 'n')).toContain('troop');
    expect(wn.baseForms('churches', 'n')).toEqual(['church']);
    expect(wn.baseForms('policemen', 'n')).toContain('policeman');
    expect(wn.baseForms('countries', 'n')).toEqual(['country']);
    expect(wn.baseForms('wounded', 'v')).toEqual(['wound']);
    expect(wn.baseForms('stopped', 'v')).toEqual(['stop']);
    expect(wn.baseForms('bigger', 'a')).toContain('big');
    expect(wn.baseForms('xyzzies', 'n')).toEqual([]);
  });

  it("gives 'wounded' its synonyms and the head adjective 'injured'", () => {
    const related = wordNet().relatedWords('wounded');
    expect(find(related, 'hurt')).toMatchObject({ relation: 'synonym', weight: DEFAULT_RELATION_WEIGHTS.synonym });
    // 'wounded' is a satellite of the 'injured' cluster (similar-to), and 'injure' a synonym of the verb 'wound'.
    expect(find(related, 'injured')).toMatchObject({ relation: 'similar' });
    expect(find(related, 'injure')?.relation).toBe('synonym');
    expect(find(related, 'wounded')).toBeUndefined();
    expect(find(related, 'wound')).toBeUndefined();
  });

  it('links military and militarily both ways', () => {
    expect(find(wordNet().relatedWords('military'), 'militarily')?.relation).toBe('pertainym');
    expect(find(wordNet().relatedWords('militarily'), 'military')?.relation).toBe('pertainym');
    expect(find(wordNet().relatedWords('nation'), 'national')?.relation).toBe('pertainym');
  });

  it('follows derivations of the looked-up lemma only', () => {
    const related = wordNet().relatedWords('president');
    expect(find(related, 'presidential')?.relation).toBe('derivation');
    expect(find(related, 'preside')?.relation).toBe('derivation');
    // "talk" shares a verb synset with "speak"; "speaker" derives from "speak", not from "talk".
    const talk = wordNet().relatedWords('talk');
    expect(find(talk, 'talker')?.relation).toBe('derivation');
    expect(find(talk, 'speak')?.relation).toBe('synonym');
    expect(find(talk, 'speaker')).toBeUndefined();
  });

  it('gives noun hypernyms and hyponyms one level, multi-word lemmas only as phrases on request', () => {
    const plain = wordNet().relatedWords('soldier');
    expect(find(plain, 'infantryman')).toMatchObject({ relation: 'hyponym', weight: DEFAULT_RELATION_WEIGHTS.hyponym });
    expect(plain.some((r) => r.word.includes(' ') || r.word.includes('_'))).toBe(false);
    const phrases = wordNet().relatedWords('soldier', { multiWord: 'phrase' });
    expect(find(phrases, 'enlisted person')?.relation).toBe('hypernym');
    // Two levels up (enlisted person → serviceman) is not followed.
    expect(find(phrases, 'serviceman')).toBeUndefined();
    expect(find(wordNet().relatedWords('troops'), 'soldiery')?.relation).toBe('synonym');
  });

  it('does not follow verb hypernyms', () => {
    const related = wordNet().relatedWords('whisper');
    expect(find(related, 'noise')?.relation).toBe('hypernym'); // noun sense 2
    expect(find(related, 'talk')).toBeUndefined(); // hypernym of the verb
    expect(find(related, 'speak')).toBeUndefined();
  });

  it('uses only the first senses and skips proper-name senses', () => {
    // Sense 3 of "nation" is Carry Nation, an instance of prohibitionist.
    expect(find(wordNet().relatedWords('nation', { skipProperSenses: false }), 'prohibitionist')).toBeDefined();
    expect(find(wordNet().relatedWords('nation'), 'prohibitionist')).toBeUndefined();
    expect(
      find(wordNet().relatedWords('nation', { maxSenses: 2, skipProperSenses: false }), 'prohibitionist'),
    ).toBeUndefined();
    expect(wordNet().relatedWords('seoul')).toEqual([]);
  });

  it('applies weight overrides, and a zero weight switches a relation off', () => {
    const related = wordNet().relatedWords('soldier', { weights: { hyponym: 0, derivation: 0.25 } });
    expect(related.some((r) => r.relation === 'hyponym')).toBe(false);
    expect(find(related, 'soldierly')).toMatchObject({ relation: 'derivation', weight: 0.25 });
    const weights = related.map((r) => r.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
  });

  it('caps hyponyms per sense', () => {
    const related = wordNet().relatedWords('soldier', { maxHyponymsPerSense: 3, maxSenses: 1 });
    expect(related.filter((r) => r.relation === 'hyponym' || r.relation === 'instanceHyponym').length).toBeLessThan(4);
  });

  it('answers quickly once loaded', () => {
    const wn = wordNet();
    wn.loadAll();
    const words = ['soldier', 'troops', 'wounded', 'military', 'talks', 'missile', 'president', 'nation'];
    for (const w of words) wn.relatedWords(w);
    const started = performance.now();
    for (let i = 0; i < 400; i++) wn.relatedWords(words[i % words.length]!);
    // Measured ~0.1 ms per word warm.
    expect((performance.now() - started) / 400).toBeLessThan(2);
  });
});
