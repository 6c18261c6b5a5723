import type { Answer, Citation } from '../../ask/types.js';

export interface TextStyle {
  /** Wrap at this many columns. */
  width: number;
  /** ANSI bold/dim for terminals. */
  color: boolean;
}

/** An answer as a person wants to read it in a terminal: the answer, then numbered sources. */
export function renderAnswerText(answer: Answer, style: TextStyle): string {
  if (!answer.answered) return `${answer.answer}\n`;
  const lines = [...wrap(answer.answer, style.width, '')];
  lines.push('', style.color ? '\x1b[1mSources\x1b[0m' : 'Sources');
  for (const citation of answer.citations) {
    lines.push(`  [${citation.number}] ${citationLabel(citation)}`);
    lines.push(...wrap(markHighlights(citation, style.color), style.width, '      '));
  }
  return lines.join('\n') + '\n';
}

/** "Title — Publisher, paragraph 5" */
export function citationLabel(citation: Citation): string {
  return `${citation.title} — ${citation.publisher ? `${citation.publisher}, ` : ''}paragraph ${citation.paragraph}`;
}

/** The excerpt with the question's words in bold (or *starred* where there is no colour). */
function markHighlights(citation: Citation, color: boolean): string {
  const [open, close] = color ? ['\x1b[1m', '\x1b[0m'] : ['', ''];
  let text = '';
  let at = 0;
  for (const [start, end] of citation.highlights) {
    text += citation.excerpt.slice(at, start) + open + citation.excerpt.slice(start, end) + close;
    at = end;
  }
  return `“${text + citation.excerpt.slice(at)}”`;
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
