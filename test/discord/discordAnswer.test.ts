import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/ask/types.js';
import { answerBudgets, lowConfidenceNote, renderAnswer } from '../../src/render/discord/answer.js';
import { compactQuote, lowConfidenceBelow } from '../../src/render/shared/quote.js';
import { discordLimits, embedColors } from '../../src/render/discord/constants.js';
import { embedsLength } from '../../src/render/discord/text.js';

function citation(number: number, excerpt: string, overrides: Partial<Citation> = {}): Citation {
  return {
    number,
    chunkId: `s#${number}`,
    sourceId: 's',
    title: 'A title',
    publisher: 'Publisher',
    paragraph: number,
    excerpt,
    highlights: [],
    score: 1,
    confidence: 1,
    ...overrides,
  };
}

const sentence = fc
  .array(fc.stringMatching(/^[a-z]{1,10}$/), { minLength: 1, maxLength: 30 })
  .map((words) => `${words.join(' ')}.`);
const longText = fc.array(sentence, { minLength: 1, maxLength: 120 }).map((sentences) => sentences.join(' '));

describe('renderAnswer', () => {
  it('stays within every Discord limit however long the question, answer, titles and excerpts (property)', () => {
    fc.assert(
      fc.property(
        longText,
        longText,
        fc.array(fc.tuple(longText, longText), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 5 }),
        (question, answerText, parts, page) => {
          const answer: Answer = {
            question: question.slice(0, 300),
            answered: true,
            answer: answerText,
            citations: parts.map(([title, excerpt], index) =>
              citation(index + 1, excerpt, { title, sourceId: `s${index}`, highlights: [[0, 1]] }),
            ),
          };
          const { embeds, components } = renderAnswer(answer, {
            page,
            pageButtonId: (next) => `ask:key:${next}`,
            source: () => ({ url: `https://example.com/${'a'.repeat(200)}`, date: '2024-11-14' }),
          });
          const [embed] = embeds;
          expect(embedsLength(embeds)).toBeLessThanOrEqual(discordLimits.embedsTotal);
          expect(embed!.title!.length).toBeLessThanOrEqual(discordLimits.embedTitle);
          expect(embed!.description!.length).toBeLessThanOrEqual(discordLimits.embedDescription);
          expect(embed!.fields!.length).toBeLessThanOrEqual(3);
          for (const field of embed!.fields!) {
            expect(field.name.length).toBeLessThanOrEqual(discordLimits.fieldName);
            expect(field.value.length).toBeLessThanOrEqual(discordLimits.fieldValue);
            // The citation survives trimming: number, publisher and paragraph.
            expect(field.name).toMatch(/^\[\d+\] .* · Publisher · 2024-11-14 · ¶ \d+$/);
            expect(field.value).toMatch(/^“[\s\S]*”\n\[Read the article\]\(<https:\/\/example\.com\/a+>\)$/);
          }
          for (const row of components)
            for (const button of row.components)
              expect(('custom_id' in button ? button.custom_id : '').length).toBeLessThanOrEqual(
                discordLimits.customId,
              );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('quotes the cited sentence with one neighbour, not the paragraph, keeping its bold', () => {
    const excerpt = `Filler opens here. Troops arrived. ${'More words follow here. '.repeat(60)}`.trim();
    const { embeds } = renderAnswer(
      {
        question: 'q',
        answered: true,
        answer: 'Troops arrived. [1]',
        citations: [citation(1, excerpt, { highlights: [[19, 25]] })],
      },
      { page: 0 },
    );
    expect(embeds[0]!.fields![0]!.value).toBe('“**Troops** arrived. More words follow here.”');
  });

  it('brings the sentence before when the cited one leans on it ("His…")', () => {
    const quote = compactQuote(
      {
        excerpt: 'Kim met Putin. His provision of troops was decisive. Later, talks stalled.',
        highlights: [[19, 28]],
      },
      answerBudgets.quote,
    );
    expect(quote.text).toBe('Kim met Putin. His provision of troops was decisive.');
    expect(quote.highlights).toEqual([[19, 28]]);
  });

  it('takes the sentence before instead of one cut out of a quotation, which would leave it open', () => {
    const excerpt =
      'They trained in Russia. Zelensky said 11,000 are in Kursk. “Some have fought. There were losses,” he said.';
    const at = excerpt.indexOf('11,000');
    const quote = compactQuote({ excerpt, highlights: [[at, at + 6]] }, answerBudgets.quote);
    expect(quote.text).toBe('They trained in Russia. Zelensky said 11,000 are in Kursk.');
    // With nothing before it, the cited sentence stands alone.
    const alone = compactQuote({ excerpt: excerpt.slice(24), highlights: [[at - 24, at - 18]] }, answerBudgets.quote);
    expect(alone.text).toBe('Zelensky said 11,000 are in Kursk.');
  });

  it('cuts one overlong cited sentence at a word end within the quote budget', () => {
    const excerpt = `Troops ${'marched on and on '.repeat(40)}end.`;
    const value = renderAnswer(
      { question: 'q', answered: true, answer: 'a', citations: [citation(1, excerpt, { highlights: [[0, 6]] })] },
      { page: 0 },
    ).embeds[0]!.fields![0]!.value;
    expect(value.length).toBeLessThanOrEqual(answerBudgets.quote);
    expect(value).toMatch(/^“\*\*Troops\*\* marched .*on…”$/);
  });

  it('says plainly when the answer’s confidence is low, and not otherwise', () => {
    const answer = (confidence: number): Answer => ({
      question: 'q',
      answered: true,
      answer: 'a [1]',
      citations: [citation(1, 'x.')],
      confidence,
    });
    const low = renderAnswer(answer(lowConfidenceBelow - 0.01), { page: 0 }).embeds[0]!;
    expect(low.description).toBe(`${lowConfidenceNote}\na [1]`);
    expect(low.color).toBe(embedColors.warning);
    const sure = renderAnswer(answer(lowConfidenceBelow), { page: 0 }).embeds[0]!;
    expect(sure.description).toBe('a [1]');
  });

  it('names title, publisher, date and paragraph once per source, and links each source once', () => {
    const answer: Answer = {
      question: 'q',
      answered: true,
      answer: 'a',
      citations: [citation(1, 'x.'), citation(2, 'y.'), citation(3, 'z.', { sourceId: 't', publisher: 'Other' })],
    };
    const fields = renderAnswer(answer, {
      page: 0,
      source: (id) => (id === 's' ? { url: 'https://example.com/a', date: '2024-11-14' } : {}),
    }).embeds[0]!.fields!;
    expect(fields.map((field) => field.name)).toEqual([
      '[1] A title · Publisher · 2024-11-14 · ¶ 1',
      '[2] as [1] · Publisher · ¶ 2',
      '[3] A title · Other · ¶ 3',
    ]);
    expect(fields.map((field) => field.value)).toEqual([
      '“x.”\n[Read the article](<https://example.com/a>)',
      '“y.”',
      '“z.”',
    ]);
  });

  it('links the article under its excerpt, web addresses only', () => {
    const answer: Answer = {
      question: 'q',
      answered: true,
      answer: 'a',
      citations: [citation(1, 'x.'), citation(2, 'y.', { sourceId: 't' })],
    };
    const urls: Record<string, string> = { s: 'https://example.com/a', t: 'javascript:alert(1)' };
    const fields = renderAnswer(answer, { page: 0, source: (id) => ({ url: urls[id] }) }).embeds[0]!.fields!;
    expect(fields.map((field) => field.value)).toEqual(['“x.”\n[Read the article](<https://example.com/a>)', '“y.”']);
  });

  it('shows no buttons when everything fits on one page', () => {
    const answer: Answer = { question: 'q', answered: true, answer: 'a', citations: [citation(1, 'x.')] };
    expect(renderAnswer(answer, { page: 0, pageButtonId: (page) => `ask:k:${page}` }).components).toEqual([]);
    expect(renderAnswer(answer, { page: 0 }).embeds[0]!.footer!.text).toMatch(/^1 excerpt ·/);
  });
});
