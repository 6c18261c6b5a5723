import { z } from 'zod';
import { sourceMetadataSchema } from '../sources/types.js';

/** One paragraph of an article: the unit that is indexed, cited and mined for figures. */
export const chunkSchema = z.object({
  /**
   * `${sourceId}#${paragraph}`, and `.${part}` after it for the second and later pieces of a
   * paragraph cut in several.
   */
  id: z.string(),
  sourceId: z.string(),
  /**
   * 1-based number of this paragraph in the original article, counting every paragraph the reader
   * sees (headings, captions and footers included), so a citation can be checked by counting.
   */
  paragraph: z.number().int().positive(),
  /** The short heading line this paragraph sits under, if any: context, not content. */
  heading: z.string().optional(),
  /** The paragraph text, verbatim. */
  text: z.string(),
});
export type Chunk = z.infer<typeof chunkSchema>;

/** A source as listed to users: its metadata (no text) and how many chunks it gave. */
export const sourceSummarySchema = sourceMetadataSchema.extend({
  chunkCount: z.number().int().nonnegative(),
});
export type SourceSummary = z.infer<typeof sourceSummarySchema>;
