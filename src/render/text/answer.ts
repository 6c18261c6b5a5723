import type { Answer, Citation } from '../../ask/types.js';
import type { SourceSummary } from '../../knowledgeBase.js';
import { compactQuote, isLowConfidence, webUrl, type Quote } from '../shared/quote.js';

export interface TextStyle {
  /** Wrap at this many columns. */
  width: number;
  /** ANSI bold/dim for terminals. */
  color: boolean;
  /** The article a citation quotes, for its date and address; without it a citation shows what it carries. */
  source?: (sourceId: string) => Pick<SourceSummary, 'date' | 'url'> | undefined;
}

/**
 * The most characters of one citation's quote: the cited sentence and a neighbour, the neighbour left out when
 * the two are longer. A terminal has more room than a Discord field (180), not room for whole paragraphs.
 */
export const terminalQuoteLength = 320;

/** Citations a terminal answer shows unless `--limit` asks for more: as many as a Discord answer's first page. */
export const terminalCitationLimit = 3;

/** What a low-confidence answer says first. */
export const lowConfidenceLine = 'Low confidence: the sources may not answer this. Check the excerpts.';

/**
 * An answer as a person wants to read it in a terminal: the answer, then numbered sources, each with where to
 * check it (title; publisher · date · paragraph; the address once per article) and the cited sentence with a
 * neighbour.
 */
export function renderAnswerText(answer: Answer, style: TextStyle): string {
  if (!answer.answered) return `${answer.answer}\n`;
  const lines = isLowConfidence(answer) ? [...wrap(lowConfidenceLine, style.width, ''), ''] : [];
  lines.push(...wrap(answer.answer, style.width, ''));
  lines.push('', style.color ? '\x1b[1mSources\x1b[0m' : 'Sources');
  /** Source id → the number of its first citation: later ones name it, not the title and address again. */
  const firstCitation = new Map<string, number>();
  for (const citation of answer.citations) {
    const source = style.source?.(citation.sourceId);
    const first = firstCitation.get(citation.sourceId);
    if (first === undefined) firstCitation.set(citation.sourceId, citation.number);
    lines.push(`  [${citation.number}] ${first === undefined ? citation.title : `same article as [${first}]`}`);
    lines.push(`      ${citationDetails(citation, first === undefined ? source : undefined)}`);
    const quote = compactQuote(citation, terminalQuoteLength);
    lines.push(...wrap(markHighlights(quote, style.color), style.width, '      '));
  }
  return lines.join('\n') + '\n';
}

/** "t-online · 2024-11-05 · paragraph 9 · https://…": the parts the article has. */
function citationDetails(citation: Citation, source: Pick<SourceSummary, 'date' | 'url'> | undefined): string {
  return [citation.publisher, source?.date, `paragraph ${citation.paragraph}`, webUrl(source?.url)]
    .filter(Boolean)
    .join(' · ');
}

/** The quote with the question's words in bold (or nothing marked where there is no colour). */
function markHighlights(quote: Quote, color: boolean): string {
  const [open, close] = color ? ['\x1b[1m', '\x1b[0m'] : ['', ''];
  let text = '';
  let at = 0;
  for (const [start, end] of quote.highlights) {
    text += quote.text.slice(at, start) + open + quote.text.slice(start, end) + close;
    at = end;
  }
  return `“${text + quote.text.slice(at)}”`;
}

/** Greedy word wrap; escape codes take no columns. */
function wrap(text: string, width: number, indent: string): string[] {
  // eslint-disable-next-line no-control-regex -- ANSI escape codes start with ESC; matching them is the point.
  const visible = (word: string) => word.replace(/\x1b\[[0-9;]*m/g, '').length;
  const lines: string[] = [];
  let line = indent;
  let length = indent.length;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (length > indent.length && length + 1 + visible(word) > width) {
      lines.push(line);
      line = indent;
      length = indent.length;
    }
    line += (length > indent.length ? ' ' : '') + word;
    length += (length > indent.length ? 1 : 0) + visible(word);
  }
  lines.push(line);
  return lines;
}
