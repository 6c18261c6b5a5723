import { z } from 'zod';

/**
 * Seed metadata a moderator may write between `---` lines at the top of a seed file.
 * Every field is optional: a plain article with no front matter is a valid seed.
 * "unknown" (any case) means the same as leaving the field out, so it never renders.
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' || value.toLowerCase() === 'unknown' ? undefined : value))
  .optional();

export const seedMetadataSchema = z
  .object({
    title: optionalText,
    publisher: optionalText,
    author: optionalText,
    date: z
      .string()
      .trim()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'date must look like 2024-11-14, 2024-11 or 2024')
      .optional(),
    url: z.string().trim().url('url must be a full address such as https://example.com/article').optional(),
    note: optionalText,
  })
  .strict();

export type SeedMetadata = z.infer<typeof seedMetadataSchema>;

export interface ParsedSeed {
  metadata: SeedMetadata;
  body: string;
  /** 1-based line of the file on which the body starts. */
  bodyLine: number;
}

export class FrontMatterError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const fence = /^---\s*$/;

/**
 * Splits `---`-fenced `key: value` front matter from the body. Deliberately not full YAML:
 * moderators edit these by hand, and one flat key/value per line is easy to get right and to
 * report precisely (by line) when it is not.
 */
export function parseSeed(text: string): ParsedSeed {
  const content = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = content.split(/\r?\n/);
  if (!fence.test(lines[0] ?? '')) return { metadata: {}, body: content, bodyLine: 1 };

  const closing = lines.findIndex((line, index) => index > 0 && fence.test(line));
  if (closing === -1) throw new FrontMatterError('front matter starts with --- but is never closed by another --- line', 1);

  const raw: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  for (let index = 1; index < closing; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match) throw new FrontMatterError(`expected "key: value", got ${JSON.stringify(line.slice(0, 60))}`, index + 1);
    const key = match[1]!.toLowerCase();
    if (key in raw) throw new FrontMatterError(`"${key}" is given twice`, index + 1);
    raw[key] = unquote(match[2]!);
    lineOf[key] = index + 1;
  }

  const parsed = seedMetadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
    const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
    const name = unknownKey ?? key;
    const message =
      unknownKey !== undefined
        ? `unknown field "${unknownKey}" (known: ${Object.keys(seedMetadataSchema.shape).join(', ')})`
        : `${name ?? 'front matter'}: ${issue.message}`;
    throw new FrontMatterError(message, (name && lineOf[name]) || 1);
  }

  return { metadata: parsed.data, body: lines.slice(closing + 1).join('\n'), bodyLine: closing + 2 };
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^"(.*)"$/.exec(trimmed) ?? /^'(.*)'$/.exec(trimmed);
  return quoted ? quoted[1]!.replace(/\\"/g, '"') : trimmed;
}
