import type { Answer, Citation } from '../../ask/types.js';
import { dependentStart, splitSentences, type SentenceSpan } from '../../text/sentences.js';

/**
 * Below this calibrated confidence (`Answer.confidence`, 0–1) a reply says plainly that the sources may not
 * answer the question, as Kapa labels its uncertain answers. The answerer declines lower still
 * (`AnswererModel.declineBelow`); between the two the reader gets the answer, marked.
 */
export const lowConfidenceBelow = 0.5;

/** Whether a reply must say its answer is uncertain (see {@link lowConfidenceBelow}). */
export function isLowConfidence(answer: Answer): boolean {
  return answer.answered && answer.confidence !== undefined && answer.confidence < lowConfidenceBelow;
}

/** A citation's quote and the question's terms in it, at the quote's offsets. */
export interface Quote {
  text: string;
  highlights: Array<[number, number]>;
}

/**
 * The cited sentence (the one of the excerpt holding the most of the question's terms) with one neighbour: the
 * sentence before when the cited one leans on it ("This…", "His…"; see `dependentStart`), else the one after,
 * else the one before. The neighbour is left out when the two together run over `maxLength`. A neighbour cut out of
 * a quotation (“Some of them… forces.” without the rest of what was said) would leave a quotation mark open: then the
 * sentence on the other side is taken instead, or none. A reader checks the sentence in its article (title,
 * paragraph); the whole paragraph would repeat the answer at length.
 */
export function compactQuote(citation: Pick<Citation, 'excerpt' | 'highlights'>, maxLength: number): Quote {
  const { excerpt, highlights } = citation;
  const sentences = splitSentences(excerpt);
  if (sentences.length <= 1) return { text: excerpt, highlights };
  const weight = (span: SentenceSpan) =>
    highlights.reduce((sum, [from, to]) => sum + Math.max(0, Math.min(to, span.end) - Math.max(from, span.start)), 0);
  let best = 0;
  sentences.forEach((span, index) => {
    if (weight(span) > weight(sentences[best]!)) best = index;
  });
  const cited = sentences[best]!;
  const before = sentences[best - 1];
  const after = sentences[best + 1];
  const leans = dependentStart.test(excerpt.slice(cited.start, cited.end).replace(/^…\s*/, ''));
  const preferred = leans && before ? before : (after ?? before);
  const other = preferred === after ? before : undefined;
  const joined = (neighbour: SentenceSpan) => ({
    start: Math.min(cited.start, neighbour.start),
    end: Math.max(cited.end, neighbour.end),
  });
  const fits = (neighbour: SentenceSpan) => joined(neighbour).end - joined(neighbour).start <= maxLength;
  const opensQuotation = (neighbour: SentenceSpan) => {
    const { start, end } = joined(neighbour);
    return openQuotations(excerpt.slice(start, end)) > openQuotations(excerpt.slice(cited.start, cited.end));
  };
  let neighbour = preferred && fits(preferred) ? preferred : undefined;
  if (neighbour && opensQuotation(neighbour))
    neighbour = other && fits(other) && !opensQuotation(other) ? other : undefined;
  const { start, end } = neighbour ? joined(neighbour) : cited;
  const text = excerpt.slice(start, end);
  const moved = highlights
    .filter(([from, to]) => to > start && from < end)
    .map(([from, to]): [number, number] => [Math.max(0, from - start), Math.min(end, to) - start]);
  return { text, highlights: moved };
}

/** Quotation marks a text leaves unmatched: curly ones without their partner, an odd number of straight ones. */
function openQuotations(text: string): number {
  const count = (mark: string) => text.split(mark).length - 1;
  return Math.abs(count('“') - count('”')) + (count('"') % 2);
}

/**
 * Only web addresses are shown as links: a seed's `url` could say anything. No spaces, "<>" or ")", which would
 * end a Discord markdown link early.
 */
export function webUrl(url: string | undefined): string | undefined {
  return url && /^https?:\/\/[^\s)<>]+$/.test(url) ? url : undefined;
}
