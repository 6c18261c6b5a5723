import { describe, expect, it } from 'vitest';
import type { Chunk } from '../../src/chunking/types.js';
import { extractFigures, type Figure } from '../../src/figures/index.js';

/** Chunks of one made-up article, one paragraph per string. */
function article(...paragraphs: string[]): Chunk[] {
  return paragraphs.map((text, index) => ({ id: `a#${index + 1}`, sourceId: 'a', paragraph: index + 1, text }));
}
const only = (figures: Figure[]) => {
  expect(figures).toHaveLength(1);
  return figures[0]!;
};

describe('extractFigures', () => {
  it('keeps the span, qualifier, what is counted and whose', () => {
    const figure = only(
      extractFigures(article('Officials say North Korea has sent roughly 12,000 troops to eastern Russia.')),
    );
    expect(figure).toMatchObject({
      text: '12,000',
      low: 12_000,
      qualifier: 'roughly',
      bound: 'approximate',
      counted: 'troops',
      whose: 'North Korean',
      projection: false,
    });
    expect(
      figure.sentence.slice(figure.writtenStart - figure.sentenceStart, figure.writtenEnd - figure.sentenceStart),
    ).toBe('roughly 12,000');
  });

  it('takes whose from the counted phrase before anything else', () => {
    expect(only(extractFigures(article('Russia says 5,000 Ukrainian soldiers have surrendered.'))).whose).toBe(
      'Ukrainian',
    );
    expect(only(extractFigures(article('Eight Chechen soldiers were killed by North Korean soldiers.'))).whose).toBe(
      'Chechen',
    );
  });

  it('does not give a figure to the place it is sent to, or to a claimant', () => {
    const sent = only(extractFigures(article('Pyongyang has deployed up to 4,000 troops to Russia.')));
    expect(sent.whose).toBe('North Korean');
    const claimed = only(
      extractFigures(article('The Ukrainian defence ministry said 900 troops had arrived from North Korea.')),
    );
    expect(claimed.whose).toBe('North Korean');
    expect(claimed.attribution).toBe('The Ukrainian defence ministry');
  });

  it('carries whose and what is counted across an ellipsis and from the paragraph before', () => {
    const figures = extractFigures(
      article(
        'Russia has lost heavily in Donetsk.',
        'In addition, more than 2,000 soldiers were injured and 300 were captured.',
      ),
    );
    expect(figures.map((figure) => [figure.text, figure.counted, figure.outcome, figure.whose])).toEqual([
      ['2,000', 'soldiers', 'injured', 'Russian'],
      ['300', 'soldiers', 'captured', 'Russian'],
    ]);
  });

  it('reads attributions in their usual forms', () => {
    const claimants = extractFigures(
      article(
        'According to Ukrainian President Volodymyr Zelensky, 11,000 North Korean soldiers are in Kursk.',
        'On Monday, the GUR, Ukraine’s military intelligence agency, claimed that 30 North Koreans had been killed.',
        'The British Ministry of Defence estimates that Russia is suffering around 30,000 casualties each month.',
        '“It is a deployment of 10,000 troops,” he said.',
      ),
    ).map((figure) => figure.attribution);
    expect(claimants).toEqual([
      'Ukrainian President Volodymyr Zelensky',
      'the GUR, Ukraine’s military intelligence agency',
      'The British Ministry of Defence',
      undefined,
    ]);
  });

  it('marks casualties, rates and projections', () => {
    const [killed, monthly, forecast, pastEstimate] = extractFigures(
      article(
        'The GUR said 30 North Koreans had been killed or wounded.',
        'Russia is suffering around 30,000 casualties each month.',
        'Kim could send up to 100,000 troops.',
        'That casualty figure may have reached as high as 40,000.',
      ),
    );
    expect(killed).toMatchObject({ outcome: 'killed or wounded', projection: false });
    expect(monthly).toMatchObject({ rate: 'month', outcome: 'casualties' });
    expect(forecast).toMatchObject({ projection: true, qualifier: 'up to', bound: 'upper' });
    expect(pastEstimate).toMatchObject({ projection: false, counted: 'casualty figure', qualifier: 'as high as' });
  });

  it('keeps a modal from leaking into the next clause', () => {
    const figure = only(
      extractFigures(
        article('Russia can help with all of this and is reported to be paying up to $2,000 per soldier.'),
      ),
    );
    expect(figure).toMatchObject({ projection: false, rate: 'soldier', unit: 'currency' });
  });

  it('skips small number words that count nothing, and captions', () => {
    expect(extractFigures(article('One is that the news had spread; two of them left.'))).toEqual([]);
    expect(
      extractFigures(article('Military might: With 1.3 million conscripts, North Korea is amply resourced – AP')),
    ).toEqual([]);
  });
});
