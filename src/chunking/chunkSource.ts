import type { Analyzer } from '../text/analyzer.js';
import type { Source } from '../sources/types.js';
import { classifyParagraph, type LineKind } from '../text/furniture.js';
import { splitParagraphs } from '../text/paragraphs.js';
import { boundedPieces, type SentenceSpan } from '../text/sentences.js';
import { yieldToEventLoop } from '../util/yieldToEventLoop.js';
import type { Chunk } from './types.js';

/**
 * The longest chunk, in characters. A longer paragraph is cut into several chunks (at sentence
 * ends, else at word ends) that keep its paragraph number: everything a question touches (its
 * candidates' sentences, excerpts, highlights) is then bounded by this, whatever a seed holds.
 * Above a news paragraph (the bundled seeds' longest is 656 characters).
 */
export const maxChunkLength = 1000;

/**
 * Characters analysed between two yields to the event loop while chunking: one seed of 5 MB
 * would otherwise hold the loop for seconds while a bot reindexes.
 */
const charactersPerSlice = 50_000;

/** One piece of a paragraph: the whole paragraph, or one of the chunks a long one is cut into. */
interface Paragraph {
  number: number;
  /** 1-based piece of a paragraph longer than maxChunkLength, of `total`; 1 of 1 for every other paragraph. */
  part: number;
  total: number;
  text: string;
  kind: LineKind;
}

/** A chunk with the search terms of its text, analysed once for chunking and indexing alike. */
export interface AnalyzedChunk {
  chunk: Chunk;
  terms: string[];
}

/**
 * An article's paragraphs as chunks. Headings are attached to the paragraph below them as
 * context; furniture and a trailing unrelated story (pasted in by some sites) are left out,
 * but still counted, so paragraph numbers match what a reader counts in the original.
 */
export async function chunkSource(source: Pick<Source, 'id' | 'body'>, analyzer: Analyzer): Promise<AnalyzedChunk[]> {
  const paragraphs: Paragraph[] = [];
  for (const [index, text] of splitParagraphs(source.body).entries())
    paragraphs.push(...(await pieces(text, index + 1)));
  const body = paragraphs.filter((paragraph) => paragraph.kind === 'body');
  const termsOf = new Map<Paragraph, string[]>();
  let analysed = 0;
  for (const paragraph of body) {
    termsOf.set(paragraph, analyzer.terms(paragraph.text));
    analysed += paragraph.text.length;
    if (analysed >= charactersPerSlice) {
      analysed = 0;
      await yieldToEventLoop();
    }
  }
  const unrelated = unrelatedTail(body, termsOf);

  const chunks: AnalyzedChunk[] = [];
  let headings: string[] = [];
  for (const paragraph of paragraphs) {
    // A heading on the first line is the article's own title, already shown with every citation.
    if (paragraph.kind === 'heading' && paragraph.number === 1) continue;
    if (paragraph.kind === 'heading') {
      headings.push(paragraph.text.trim());
    } else if (paragraph.kind === 'body' && !unrelated.has(paragraph)) {
      const chunk: Chunk = {
        id: `${source.id}#${paragraph.number}${paragraph.part > 1 ? `.${paragraph.part}` : ''}`,
        sourceId: source.id,
        paragraph: paragraph.number,
        ...(headings.length ? { heading: headings.join(' — ') } : {}),
        text: paragraph.text.trim(),
      };
      chunks.push({ chunk, terms: termsOf.get(paragraph)! });
      // The later pieces of a long paragraph sit under the same heading.
      if (paragraph.part === paragraph.total) headings = [];
    }
  }
  return chunks;
}

/**
 * A paragraph as one piece, or cut into pieces of at most maxChunkLength. A paragraph that long
 * is article text: captions, headings and bylines are a line or two, and classifying megabytes
 * by their punctuation took a no-full-stop paragraph for a caption. A long paragraph is cut a
 * window of charactersPerSlice at a time, yielding between windows; the last piece of a window
 * may run on into the next, so it is cut again from there.
 */
async function pieces(text: string, number: number): Promise<Paragraph[]> {
  if (text.length <= maxChunkLength) return [{ number, part: 1, total: 1, text, kind: classifyParagraph(text) }];
  const spans: SentenceSpan[] = [];
  for (let from = 0; from < text.length;) {
    const window = text.slice(from, from + charactersPerSlice);
    const isLast = from + window.length >= text.length;
    const found = boundedPieces(window, maxChunkLength);
    const kept = isLast || found.length < 2 ? found : found.slice(0, -1);
    for (const { start, end } of kept) spans.push({ start: from + start, end: from + end });
    from = isLast || kept.length === 0 ? from + window.length : from + kept.at(-1)!.end;
    await yieldToEventLoop();
  }
  return spans.map(({ start, end }, index) => ({
    number,
    part: index + 1,
    total: spans.length,
    text: text.slice(start, end),
    kind: 'body',
  }));
}

/** Below this share of its words found elsewhere in the article, a closing paragraph is off topic. */
const relatedShare = 0.25;
const minUnrelatedRun = 2;
/** Judging a short paragraph by a few words is too noisy. */
const minTermsToJudge = 8;

/**
 * The closing paragraphs that share almost no vocabulary with the rest of the article:
 * aggregators paste the next story ("As conspiracy theorists take on health officials…")
 * below the one they copied. Only a run at the very end is cut, never a paragraph in the middle.
 */
function unrelatedTail(body: readonly Paragraph[], searchTerms: ReadonlyMap<Paragraph, string[]>): Set<Paragraph> {
  // The pieces of one long paragraph are one paragraph, never judged apart: a run can only be
  // made of the whole paragraphs after the last of them.
  const lastPieced = body.findLastIndex((paragraph) => paragraph.total > 1);
  if (body.length - 1 - lastPieced < minUnrelatedRun) return new Set();
  // Words only: alias-group terms and figures say little about what a paragraph is about.
  const termsOf = body.map(
    (paragraph) => new Set(searchTerms.get(paragraph)!.filter((term) => !term.startsWith('_') && !/^\d/.test(term))),
  );
  const isOffTopic = (index: number, head: ReadonlySet<string>) => {
    if (body[index]!.total > 1) return false;
    const own = [...termsOf[index]!];
    return own.length >= minTermsToJudge && own.filter((term) => head.has(term)).length / own.length < relatedShare;
  };
  // A pasted story runs to two paragraphs or more (one odd closing paragraph is usually the
  // author's biography, worth keeping), and at least half of the article is always kept.
  // Longest run first, so the head grows one paragraph a step and the first match is the answer.
  const longestRun = Math.floor(body.length / 2);
  const head = new Set(termsOf.slice(0, body.length - longestRun).flatMap((terms) => [...terms]));
  let longest = 0;
  for (let run = longestRun; run >= minUnrelatedRun && longest === 0; run--) {
    let allOffTopic = true;
    for (let index = body.length - run; index < body.length && allOffTopic; index++)
      allOffTopic = isOffTopic(index, head);
    if (allOffTopic) longest = run;
    else for (const term of termsOf[body.length - run]!) head.add(term);
  }
  return new Set(body.slice(body.length - longest));
}
