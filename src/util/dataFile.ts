import type { z } from 'zod';

/**
 * Something the person running sourcedesk must fix in its files or settings (a missing seeds
 * folder, a broken data file): reported as one line, not as a crash.
 */
export class SetupError extends Error {
  override name = 'SetupError';
}

/**
 * Parses a moderator-edited JSON data file against its schema. Errors name the file and the
 * first thing wrong in it ("config/topics.json: topics.0.whose: …"), because the person who
 * reads them is fixing that file by hand.
 */
export function parseDataFile<Schema extends z.ZodType>(text: string, path: string, schema: Schema): z.infer<Schema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SetupError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new SetupError(`${path}: ${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`);
  }
  return parsed.data;
}
