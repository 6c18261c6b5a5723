import { z } from 'zod';

/** What is known of a source article besides its text: validated metadata, the same in the snapshot. */
export const sourceMetadataSchema = z.object({
  /** Stable id: the seed's file name without its extension. */
  id: z.string(),
  /** Path of the seed file, relative to the seeds folder. */
  file: z.string(),
  title: z.string(),
  publisher: z.string().optional(),
  author: z.string().optional(),
  /** ISO date (YYYY-MM-DD, YYYY-MM or YYYY) as given in the metadata. */
  date: z.string().optional(),
  url: z.string().optional(),
  /** ISO 639-1 language code from the metadata ("de"); English when absent. */
  language: z.string().optional(),
  /** sha256 of the whole seed file, so a changed seed is noticed. */
  hash: z.string(),
});

/** A source article as the rest of the core sees it: validated metadata plus its verbatim body. */
export const sourceSchema = sourceMetadataSchema.extend({
  /** The article text below the front matter, verbatim. */
  body: z.string(),
  /** 1-based line of the seed file on which `body` starts (for error messages). */
  bodyLine: z.number().int().positive(),
});
export type Source = z.infer<typeof sourceSchema>;

/** A seed that could not be used, reported by file and line so a moderator can fix it. */
export const seedProblemSchema = z.object({
  file: z.string(),
  line: z.number().optional(),
  message: z.string(),
});
export type SeedProblem = z.infer<typeof seedProblemSchema>;

/** What a seed file was when last read: an unchanged size and time mean it need not be read again. */
export const seedFileStateSchema = z.object({
  file: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  /** sha256 of the content; for an oversized (unread) seed, its size and time. */
  hash: z.string(),
});
export type SeedFileState = z.infer<typeof seedFileStateSchema>;
