import { z } from 'zod';
import type { Chunk } from '../chunking/types.js';
import { figureSchema, type Figure } from '../figures/index.js';

/**
 * A figure as the snapshot stores it: without its sentence, which is a slice of its chunk's text
 * (`sentenceStart` to `sentenceEnd`). Quoting every sentence again made figures a quarter of
 * the snapshot at 100,000 paragraphs.
 */
export const storedFigureSchema = figureSchema
  .omit({ sentence: true })
  .extend({ sentenceEnd: z.number().int().nonnegative() });
export type StoredFigure = z.infer<typeof storedFigureSchema>;

/** One at a time, as the snapshot writes them: a copy of them all would sit beside the figures. */
export function* storeFigures(figures: readonly Figure[]): Generator<StoredFigure> {
  for (const { sentence, ...figure } of figures)
    yield { ...figure, sentenceEnd: figure.sentenceStart + sentence.length };
}

/**
 * Parses and checks stored figures, saved as lines of JSON arrays, and gives them back their
 * sentences. Throws when the data does not fit the schema or a figure points outside its chunk:
 * such a snapshot must be rebuilt.
 */
export function restoreFigures(storedLines: readonly string[], chunksById: ReadonlyMap<string, Chunk>): Figure[] {
  let stored: unknown;
  try {
    stored = storedLines.flatMap((line) => JSON.parse(line) as unknown);
  } catch {
    throw new Error('the saved figures are not valid JSON');
  }
  const parsed = z.array(storedFigureSchema).safeParse(stored);
  if (!parsed.success)
    throw new Error(
      `the saved figures do not match their format (${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message})`,
    );
  return parsed.data.map(({ sentenceEnd, ...figure }) => {
    const chunk = chunksById.get(figure.chunkId);
    if (chunk === undefined || sentenceEnd > chunk.text.length)
      throw new Error(`the saved figure ${figure.id} points outside its paragraph`);
    if (chunk.sourceId !== figure.sourceId || chunk.paragraph !== figure.paragraph)
      throw new Error(`the saved figure ${figure.id} does not agree with its paragraph on where it is`);
    // Spans in order: the sentence, the figure with its hedge inside it, the figure inside that.
    const ordered = [
      figure.sentenceStart,
      figure.writtenStart,
      figure.start,
      figure.end,
      figure.writtenEnd,
      sentenceEnd,
    ].every((at, index, all) => index === 0 || all[index - 1]! <= at);
    if (!ordered || !(figure.low <= figure.high) || !Number.isFinite(figure.low) || !Number.isFinite(figure.high))
      throw new Error(`the saved figure ${figure.id} has spans out of order or values out of range`);
    return { ...figure, sentence: chunk.text.slice(figure.sentenceStart, sentenceEnd) };
  });
}
