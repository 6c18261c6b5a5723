/** [start, end) of one sentence in a paragraph. */
export interface SentenceSpan {
  start: number;
  end: number;
}

/**
 * Words that, starting a sentence, point back to the one before ("This will be vital…", "His provision of…",
 * "It has been…"): such a sentence does not stand alone, so the answer quotes the sentence before it too.
 */
export const dependentStart =
  /^["“'‘(]?(?:this|that|these|those|it|its|it's|he|his|him|she|her|they|their|them|such|the latter|the former|however|but)\b/i;

/** Abbreviations after which a full stop does not end the sentence. */
const abbreviations =
  /(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Col|Lt|Sgt|Capt|Maj|Sen|Rep|Gov|St|Jr|Sr|No|vs|etc|approx|est|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b\p{Lu}|\b(?:\p{L}\.){1,}\p{L})\.$/u;

/**
 * Splits a paragraph into sentences: at ., ! or ? (with any closing quotes or brackets) followed
 * by white space and a capital, digit or opening quote, except after common abbreviations and
 * initials ("Mr. Blinken", "U.S. officials", "Robert F. Kennedy").
 */
export function splitSentences(text: string): SentenceSpan[] {
  const spans: SentenceSpan[] = [];
  const boundary = /[.!?…]+["'”’)\]]*(?=\s+["'“‘([]?[\p{Lu}\p{N}])/gu;
  let start = skipSpace(text, 0);
  for (const match of text.matchAll(boundary)) {
    const end = match.index + match[0].length;
    if (abbreviations.test(text.slice(Math.max(start, end - 12), end))) continue;
    if (end > start) spans.push({ start, end });
    start = skipSpace(text, end);
  }
  const last = text.trimEnd().length;
  if (last > start) spans.push({ start, end: last });
  return spans;
}

function skipSpace(text: string, from: number): number {
  let index = from;
  while (index < text.length && /\s/.test(text[index]!)) index++;
  return index;
}

/**
 * `text` cut into consecutive [start, end) pieces of at most `maxLength` characters: whole
 * sentences packed together while they fit, a sentence longer than that cut at its last word
 * boundary that fits, and a word longer than that cut where it must. Linear in the text's length,
 * so a 5 MB paragraph costs what any 5 MB of paragraphs costs. White space between pieces is in
 * neither.
 */
export function boundedPieces(text: string, maxLength: number): SentenceSpan[] {
  const pieces: SentenceSpan[] = [];
  let piece: SentenceSpan | undefined;
  const push = (span: SentenceSpan) => {
    if (piece && span.end - piece.start <= maxLength) piece.end = span.end;
    else pieces.push((piece = { ...span }));
  };
  for (const sentence of splitSentences(text)) {
    for (let start = sentence.start; start < sentence.end; start = skipSpace(text, start)) {
      if (sentence.end - start <= maxLength) {
        push({ start, end: sentence.end });
        break;
      }
      const space = text.slice(start, start + maxLength + 1).search(/\s\S*$/);
      const end = space > 0 ? start + space : start + maxLength;
      push({ start, end });
      start = end;
    }
  }
  return pieces;
}
