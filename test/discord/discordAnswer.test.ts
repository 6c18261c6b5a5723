import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Answer, Citation } from '../../src/ask/types.js';
import { renderAnswer } from '../../src/render/discord/answer.js';
import { discordLimits } from '../../src/render/discord/constants.js';
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
              citation(index + 1, excerpt, { title, highlights: [[0, 1]] }),
            ),
          };
          const { embeds, components } = renderAnswer(answer, {
            page,
            pageButtonId: (next) => `ask:key:${next}`,
            sourceUrl: () => `https://example.com/${'a'.repeat(200)}`,
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
            expect(field.name).toMatch(/^\[\d+\] .* — Publisher, ¶ \d+$/);
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

  it('trims a long excerpt at a sentence end and keeps the bold of what remains', () => {
    const excerpt = `Troops arrived. ${'More words follow here. '.repeat(60)}`.trim();
    const { embeds } = renderAnswer(
      {
        question: 'q',
        answered: true,
        answer: 'Troops arrived. [1]',
        citations: [citation(1, excerpt, { highlights: [[0, 6]] })],
      },
      { page: 0 },
    );
    const value = embeds[0]!.fields![0]!.value;
    expect(value.startsWith('“**Troops** arrived.')).toBe(true);
    expect(value.endsWith('here. …”')).toBe(true);
  });

  it('links the article under its excerpt, web addresses only', () => {
    const answer: Answer = {
      question: 'q',
      answered: true,
      answer: 'a',
      citations: [citation(1, 'x.'), citation(2, 'y.', { sourceId: 't' })],
    };
    const urls: Record<string, string> = { s: 'https://example.com/a', t: 'javascript:alert(1)' };
    const fields = renderAnswer(answer, { page: 0, sourceUrl: (id) => urls[id] }).embeds[0]!.fields!;
    expect(fields.map((field) => field.value)).toEqual(['“x.”\n[Read the article](<https://example.com/a>)', '“y.”']);
  });

  it('shows no buttons when everything fits on one page', () => {
    const answer: Answer = { question: 'q', answered: true, answer: 'a', citations: [citation(1, 'x.')] };
    expect(renderAnswer(answer, { page: 0, pageButtonId: (page) => `ask:k:${page}` }).components).toEqual([]);
    expect(renderAnswer(answer, { page: 0 }).embeds[0]!.footer!.text).toMatch(/^1 excerpt ·/);
  });
});
