import { z } from 'zod';
import { measureSchema } from './measure.js';

/**
 * Bump when the extraction rules change what is stored, so a saved index (whose fingerprint covers
 * only the seeds) is rebuilt instead of serving figures from the old rules.
 */
export const extractionVersion = 2;

/**
 * One figure found in a paragraph, as stored in the index snapshot. Offsets are into the chunk's
 * text, so `chunk.text.slice(start, end) === text` always holds and a citation can show the span.
 */
export const figureSchema = z.object({
  /** `${chunkId}@${start}` */
  id: z.string(),
  chunkId: z.string(),
  sourceId: z.string(),
  paragraph: z.number().int().positive(),
  /** The number expression exactly as written: "Three thousand or even ten thousand", "$5.5 billion". */
  text: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /**
   * [writtenStart, writtenEnd): the figure with its hedge ("up to 10,000", "10,000 or more"), for marking in a
   * quote.
   */
  writtenStart: z.number().int().nonnegative(),
  writtenEnd: z.number().int().nonnegative(),
  /** Normalized value; low === high unless the text gives a range. */
  low: z.number(),
  high: z.number(),
  isRange: z.boolean(),
  unit: z.enum(['count', 'currency', 'percent']),
  /** ISO code for currency figures. */
  currency: z.string().optional(),
  /** "day", "month", "year", "soldier"… when the figure is a rate ("per month", "per soldier"). */
  rate: z.string().optional(),
  /** The hedge as written ("up to", "roughly", "at least") and which way it bends the value. */
  qualifier: z.string().optional(),
  bound: z.enum(['approximate', 'upper', 'lower']).optional(),
  /** What is counted, as written after (or before) the figure: "North Korean soldiers", "casualty figure". */
  counted: z.string().optional(),
  /** Casualty words attached to the figure ("killed or wounded", "lost"); absent for people alive and well. */
  outcome: z.string().optional(),
  /** Whose the counted things are: a party ("North Korean", "Russian") or a nationality as written ("Chechen"). */
  whose: z.string().optional(),
  /** Who the text says gives the figure, as written ("Ukrainian President Volodymyr Zelensky"). */
  attribution: z.string().optional(),
  /** What the figure measures (src/figures/measure.ts): "deployed", "killed-or-wounded", "reserves", "revenue"… */
  measure: measureSchema,
  /** Where or over what span it holds, as written: "in Kursk", "since the invasion", "in just the past week". */
  scope: z.string().optional(),
  /** A date its sentence gives, as written ("on Monday", "in October"); resolved against the source's date later. */
  when: z.string().optional(),
  /** A vague amount ("tens of thousands", "several dozen"): low–high is what its words allow; never on a scale. */
  vague: z.boolean().optional(),
  /** A forecast or possibility ("could send up to 100,000") rather than a present estimate. */
  projection: z.boolean(),
  /** The sentence holding the figure, verbatim, and where it starts in the chunk text. */
  sentence: z.string(),
  sentenceStart: z.number().int().nonnegative(),
  /** Parties named around the figure (its paragraph, heading and neighbouring paragraphs). */
  context: z.array(z.string()),
});

export type Figure = z.infer<typeof figureSchema>;
