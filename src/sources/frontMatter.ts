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
    /** The article's language (ISO 639-1: en, de, fr): how it writes decimals ("1,3 Millionen" in German). */
    language: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{2}(?:[-_][a-zA-Z]{2})?$/, 'language must be a code such as en, de or fr')
      .optional(),
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
  if (!fence.test(lines[0] ?? '')) return parsePlainHeader(lines) ?? { metadata: {}, body: content, bodyLine: 1 };

  const closing = lines.findIndex((line, index) => index > 0 && fence.test(line));
  if (closing === -1)
    throw new FrontMatterError('front matter starts with --- but is never closed by another --- line', 1);

  const raw: Record<string, string> = {};
  const lineOf: Record<string, number> = {};
  for (let index = 1; index < closing; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const match = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(line);
    if (!match)
      throw new FrontMatterError(`expected "key: value", got ${JSON.stringify(line.slice(0, 60))}`, index + 1);
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

/** Names a plain-text header gives its fields, and the metadata field each one fills. */
const plainHeaderFields: Record<string, keyof SeedMetadata> = {
  title: 'title',
  headline: 'title',
  publisher: 'publisher',
  publication: 'publisher',
  author: 'author',
  by: 'author',
  date: 'date',
  published: 'date',
  url: 'url',
  link: 'url',
  source: 'url',
};

/**
 * Plain-text articles saved by scrapers and archives often open with `Title: …`, `Source: …`,
 * `Date: …` lines instead of front matter. Those are read as metadata when every line before the
 * first blank line is such a field and a title, date or address is among them; otherwise the
 * lines are the article's own text. A value that does not fit (an unreadable date, a source that
 * is a name rather than an address) is left out rather than refused: the header was a guess.
 */
function parsePlainHeader(lines: readonly string[]): ParsedSeed | undefined {
  const blank = lines.findIndex((line) => line.trim() === '');
  if (blank <= 0) return undefined;
  const metadata: Record<string, string> = {};
  for (const line of lines.slice(0, blank)) {
    const match = /^([A-Za-z]+)\s*:\s*(\S.*)$/.exec(line.trim());
    const field = match ? plainHeaderFields[match[1]!.toLowerCase()] : undefined;
    if (!field) return undefined;
    const value = field === 'date' ? isoDate(match![2]!) : match![2]!;
    if (value !== undefined && seedMetadataSchema.shape[field].safeParse(value).success) metadata[field] ??= value;
    else if (match![1]!.toLowerCase() === 'source') metadata.publisher ??= match![2]!;
  }
  if (!metadata.title && !metadata.date && !metadata.url) return undefined;
  return { metadata: seedMetadataSchema.parse(metadata), body: lines.slice(blank + 1).join('\n'), bodyLine: blank + 2 };
}

/** "2024-10-23" as it is; "October 23, 2024" or "23 Oct 2024" as 2024-10-23; otherwise nothing. */
function isoDate(text: string): string | undefined {
  const value = text.trim();
  if (/^\d{4}(-\d{2}(-\d{2})?)?$/.test(value)) return value;
  if (!/\b\d{4}\b/.test(value) || !/\p{L}{3}/u.test(value)) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return undefined;
  const pad = (number: number) => String(number).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function unquote(value: string): string {
  const trimmed = value.trim();
  const quoted = /^"(.*)"$/.exec(trimmed) ?? /^'(.*)'$/.exec(trimmed);
  return quoted ? quoted[1]!.replace(/\\"/g, '"') : trimmed;
}
