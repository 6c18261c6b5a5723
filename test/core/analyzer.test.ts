import { describe, expect, it } from 'vitest';
import { aliasGroups } from '../../src/text/aliases.js';
import { Analyzer } from '../../src/text/analyzer.js';

const analyzer = new Analyzer(
  aliasGroups({
    entities: [
      ['North Korea', 'North Korean', 'DPRK', 'Pyongyang'],
      ['United States', 'US', 'U.S.'],
      ['Ukraine', 'Kyiv', 'Kiev'],
    ],
    synonyms: [['wounded', 'injured']],
  }),
);

describe('Analyzer', () => {
  it('keeps figures whole however they are written', () => {
    expect(analyzer.terms('10,000')).toEqual(['10000']);
    expect(analyzer.terms('10 000')).toEqual(['10000']);
    expect(analyzer.terms('10000')).toEqual(['10000']);
    expect(analyzer.terms('10\u00a0000 troops')).toEqual(['10000', 'troop']);
    expect(analyzer.terms('1.3 million')).toEqual(['1.3', 'million']);
  });

  it('does not join separate numbers that are not thousands groups', () => {
    expect(analyzer.terms('in 2024 100 soldiers')).toEqual(['2024', '100', 'soldier']);
  });

  it('stems, folds case, accents and possessives, and drops stop words', () => {
    expect(analyzer.terms("The Russians' casualties in Russia’s Kursk")).toEqual([
      'russian',
      'casualti',
      'russia',
      'kursk',
    ]);
    expect(analyzer.terms('RTÉ')).toEqual(['rte']);
    expect(analyzer.terms('died dying')).toEqual(['die', 'die']);
  });

  it('adds one alias term for every name of a group, in any case', () => {
    expect(analyzer.terms('DPRK')).toContain('_north_korea');
    expect(analyzer.terms('north korean')).toContain('_north_korea');
    expect(analyzer.terms('Pyongyang')).toContain('_north_korea');
    expect(analyzer.terms('Kiev')).toContain('_ukraine');
    expect(analyzer.terms('injured')).toContain('_wounded');
  });

  it('matches acronyms only in capitals', () => {
    expect(analyzer.terms('the U.S. said')).toContain('_united_states');
    expect(analyzer.terms('US officials')).toContain('_united_states');
    expect(analyzer.terms('let us see')).not.toContain('_united_states');
  });

  it('gives the span of every term', () => {
    const text = 'North Korea sent 10,000 troops.';
    expect(analyzer.termSpans(text).map((span) => [span.term, text.slice(span.start, span.end)])).toEqual([
      ['north', 'North'],
      ['_north_korea', 'North Korea'],
      ['korea', 'Korea'],
      ['send', 'sent'],
      ['10000', '10,000'],
      ['troop', 'troops'],
    ]);
  });
});
