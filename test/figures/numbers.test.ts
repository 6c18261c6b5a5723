import { describe, expect, it } from 'vitest';
import { extractFigures } from '../../src/figures/index.js';
import { findQuantities, numberStyleFor, parseNumberWords } from '../../src/figures/numbers.js';
import { findQualifier } from '../../src/figures/qualifiers.js';

const read = (text: string) =>
  findQuantities(text).map((quantity) => ({
    written: text.slice(quantity.start, quantity.end),
    low: quantity.low,
    high: quantity.high,
    unit: quantity.unit,
    currency: quantity.currency,
  }));

describe('findQuantities', () => {
  it.each([
    ['sent 10,000 troops', '10,000', 10_000],
    ['sent 10 000 troops', '10 000', 10_000],
    ['with 1.3 million soldiers', '1.3 million', 1_300_000],
    ['some 15k men', '15k', 15_000],
    ['Three thousand North Koreans', 'Three thousand', 3000],
    ['one hundred and twenty men', 'one hundred and twenty', 120],
    ['forty-five soldiers', 'forty-five', 45],
    ['a million people', 'a million', 1_000_000],
  ])('%s → %s', (text, written, value) => {
    expect(read(text)).toEqual([expect.objectContaining({ written, low: value, high: value, unit: 'count' })]);
  });

  it('reads money and percentages with their sign or words', () => {
    expect(read('earning up to $5.5 billion')).toEqual([
      { written: '$5.5 billion', low: 5.5e9, high: 5.5e9, unit: 'currency', currency: 'USD' },
    ]);
    expect(read('paid £3m')).toEqual([{ written: '£3m', low: 3e6, high: 3e6, unit: 'currency', currency: 'GBP' }]);
    expect(read('five million dollars')).toEqual([
      { written: 'five million dollars', low: 5e6, high: 5e6, unit: 'currency', currency: 'USD' },
    ]);
    expect(read('up to 90 per cent')).toEqual([
      expect.objectContaining({ written: '90 per cent', low: 90, unit: 'percent' }),
    ]);
    expect(read('a 12% rise')).toEqual([expect.objectContaining({ written: '12%', unit: 'percent' })]);
  });

  it.each([
    ['3,000–5,000 troops', '3,000–5,000', 3000, 5000],
    ['between 10 and 12 million', '10 and 12 million', 10e6, 12e6],
    ['Three thousand or even ten thousand North Koreans', 'Three thousand or even ten thousand', 3000, 10_000],
    ['forty to fifty people', 'forty to fifty', 40, 50],
    ['$3-5 billion', '$3-5 billion', 3e9, 5e9],
  ])('joins the range in %s', (text, written, low, high) => {
    expect(read(text)).toEqual([expect.objectContaining({ written, low, high })]);
  });

  it('does not join numbers that merely follow each other', () => {
    expect(read('summits in Pyongyang to 11,000 soldiers')).toHaveLength(1);
    expect(read('from 12,000 to 8,000')).toHaveLength(2); // a fall, not a range
  });

  it.each([
    ['the Korean War fighting in 1953.'],
    ['On October 18, South Korea raised'],
    ['June 19 2024'],
    ['18 October'],
    ['122mm and 152mm artillery'],
    ['soldiers from the 11th Army'],
    ['the 8th Special Forces regiment'],
    ['in the 1990s'],
    ['F-16 jets and Su-34 bombers'],
    ['a one-time deployment'],
    ['at 10:30 local time'],
    ['a 20-year-old soldier'],
    ['No. 5 in the list'],
    ['21st-century combat'],
    ['one of them'],
  ])('finds no quantity in %s', (text) => {
    expect(read(text)).toEqual([]);
  });

  it.each([
    ['a few thousand soldiers', 'a few thousand', 2000, 4000],
    ['tens of thousands of soldiers', 'tens of thousands', 20_000, 99_999],
    ['several dozen killed', 'several dozen', 24, 108],
    ['thousands of troops', 'thousands', 2000, 9999],
  ])('reads %s as a vague amount, with the span its words allow', (text, written, low, high) => {
    expect(findQuantities(text)).toEqual([expect.objectContaining({ low, high, vague: true })]);
    expect(read(text)[0]!.written).toBe(written);
  });

  it.each([
    ['more than half a million casualties', 'half a million', 500_000],
    ['Five hundred and thirty [thousand] casualties', 'Five hundred and thirty [thousand]', 530_000],
    ['earning 5,5 Milliarden', '5,5 Milliarden', 5.5e9],
    ['with 1,3 million soldiers', '1,3 million', 1_300_000],
  ])('reads the numbers people write: %s', (text, written, value) => {
    expect(read(text)).toEqual([expect.objectContaining({ written, low: value, high: value })]);
  });

  it('reads decimal commas and dotted thousands when the source writes them (German, French…)', () => {
    const german = numberStyleFor('de');
    expect(findQuantities('10.000 Soldaten und 1,3 Millionen', german).map((quantity) => quantity.low)).toEqual([
      10_000, 1_300_000,
    ]);
    expect(numberStyleFor('en').decimalComma).toBe(false);
    expect(findQuantities('10,500 soldiers').map((quantity) => quantity.low)).toEqual([10_500]);
  });
});

describe('parseNumberWords', () => {
  it('refuses runs that are not one number', () => {
    expect(parseNumberWords('one two')).toBeUndefined();
    expect(parseNumberWords('thousand')).toBeUndefined();
    expect(parseNumberWords('one')).toBeUndefined();
    expect(parseNumberWords('twenty one')).toEqual({ value: 21, scale: 1 });
  });
});

describe('hedges people write (issue 12)', () => {
  it.each([
    ['the number of killed and wounded exceeds 3,000', '3,000', 'exceeds', 'lower'],
    ['north of 3,000 troops', '3,000', 'north of', 'lower'],
    ['10,000-plus soldiers', '10,000', 'plus', 'lower'],
  ])('%s', (text, written, qualifier, bound) => {
    const start = text.indexOf(written);
    expect(findQualifier(text, start, start + written.length)).toMatchObject({ text: qualifier, bound });
  });

  it('reads "a further 3,000" as a figure of its own, and "10,000 plus 3,000" as no hedge', () => {
    const [figure] = extractFigures([
      { id: 'x#1', sourceId: 'x', paragraph: 1, text: 'North Korea sent a further 3,000 soldiers to Russia.' },
    ]);
    expect(figure).toMatchObject({ text: '3,000', low: 3000, measure: 'deployed', whose: 'North Korean' });
    expect(findQualifier('10,000 plus 3,000', 0, 6)).toBeUndefined();
  });
});
