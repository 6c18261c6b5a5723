import type { Analyzer } from '../text/analyzer.js';
import type { Source } from '../sources/types.js';
import { classifyParagraph, type LineKind } from '../text/furniture.js';
import { splitParagraphs } from '../text/paragraphs.js';
import type { Chunk } from './types.js';

interface Paragraph {
  number: number;
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
export function chunkSource(source: Pick<Source, 'id' | 'body'>, analyzer: Analyzer): AnalyzedChunk[] {
  const paragraphs: Paragraph[] = splitParagraphs(source.body).map((text, index) => ({
    number: index + 1,
    text,
    kind: classifyParagraph(text),
  }));
  const body = paragraphs.filter((paragraph) => paragraph.kind === 'body');
  const termsOf = new Map(body.map((paragraph) => [paragraph.number, analyzer.terms(paragraph.text)]));
  const unrelated = unrelatedTail(body, termsOf);

  const chunks: AnalyzedChunk[] = [];
  let headings: string[] = [];
  for (const paragraph of paragraphs) {
    // A heading on the first line is the article's own title, already shown with every citation.
    if (paragraph.kind === 'heading' && paragraph.number === 1) continue;
    if (paragraph.kind === 'heading') {
      headings.push(paragraph.text.trim());
    } else if (paragraph.kind === 'body' && !unrelated.has(paragraph.number)) {
      const chunk: Chunk = {
        id: `${source.id}#${paragraph.number}`,
        sourceId: source.id,
        paragraph: paragraph.number,
        ...(headings.length ? { heading: headings.join(' — ') } : {}),
        text: paragraph.text.trim(),
      };
      chunks.push({ chunk, terms: termsOf.get(paragraph.number)! });
      headings = [];
    }
  }
  return chunks;
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
function unrelatedTail(body: readonly Paragraph[], searchTerms: ReadonlyMap<number, string[]>): Set<number> {
  // Words only: alias-group terms and figures say little about what a paragraph is about.
  const termsOf = body.map(
    (paragraph) =>
      new Set(searchTerms.get(paragraph.number)!.filter((term) => !term.startsWith('_') && !/^\d/.test(term))),
  );
  const isOffTopic = (index: number, head: ReadonlySet<string>) => {
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
  return new Set(body.slice(body.length - longest).map((paragraph) => paragraph.number));
}
