import { StringDecoder } from 'node:string_decoder';

/** One input line: its first `limit` characters, and how long it really was. */
export interface BoundedLine {
  text: string;
  length: number;
}

/**
 * The lines of `input` (LF or CRLF ended), each kept to its first `limit` characters and its
 * length counted: a line of hundreds of megabytes without a newline costs `limit` characters of
 * memory, not its size (node's readline holds a whole line however long).
 */
export async function* boundedLines(input: AsyncIterable<Buffer | string>, limit: number): AsyncGenerator<BoundedLine> {
  const decoder = new StringDecoder('utf8');
  let text = '';
  let length = 0;
  let endsInReturn = false;
  const take = (piece: string) => {
    if (text.length < limit) text += piece.slice(0, limit - text.length);
    length += piece.length;
    if (piece !== '') endsInReturn = piece.endsWith('\r');
  };
  const finish = (): BoundedLine => {
    // CRLF: the return is part of the line ending, not of the line.
    const line = endsInReturn
      ? { text: text.length === length ? text.slice(0, -1) : text, length: length - 1 }
      : { text, length };
    text = '';
    length = 0;
    endsInReturn = false;
    return line;
  };
  for await (const data of input) {
    const chunk = typeof data === 'string' ? data : decoder.write(data);
    let start = 0;
    for (let newline = chunk.indexOf('\n'); newline !== -1; newline = chunk.indexOf('\n', start)) {
      take(chunk.slice(start, newline));
      yield finish();
      start = newline + 1;
    }
    take(chunk.slice(start));
  }
  take(decoder.end());
  if (length > 0) yield finish();
}
