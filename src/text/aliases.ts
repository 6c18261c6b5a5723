import { z } from 'zod';
import { parseDataFile } from '../util/dataFile.js';

/** Data file (config/aliases.json) with groups of names that mean the same thing. */
export const aliasFileSchema = z
  .object({
    $comment: z.string().optional(),
    entities: z.array(z.array(z.string().min(1)).min(2)).default([]),
    synonyms: z.array(z.array(z.string().min(1)).min(2)).default([]),
  })
  // A misspelt key ("synonym") would otherwise be dropped without a word, and its aliases with it.
  .strict();
export type AliasFile = z.infer<typeof aliasFileSchema>;

/**
 * One alias group, as a single search term. The term starts with "_" so that no word of the
 * text can produce it, and names the group after its first entry for readable debugging.
 */
export interface AliasGroup {
  term: string;
  names: string[];
}

/** Parses the text of aliases.json; errors name the file and the offending entry. */
export function parseAliasFile(text: string, path: string): AliasFile {
  return parseDataFile(text, path, aliasFileSchema);
}

export function aliasGroups(file: AliasFile): AliasGroup[] {
  return [...file.entities, ...file.synonyms].map((names) => ({
    term: '_' + names[0]!.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_'),
    names,
  }));
}
