/** A file attached to a request, as the fake recorded it. */
export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

/**
 * Discord's documented limits, as the fake Discord enforces them (400 Invalid Form Body, code
 * 50035, with Discord's nested `errors` object), and the timing rules of interactions.
 *
 * - https://discord.com/developers/docs/interactions/receiving-and-responding (3 s, 15 min)
 * - https://discord.com/developers/docs/resources/message#embed-object-embed-limits
 * - https://discord.com/developers/docs/interactions/application-commands#autocomplete
 * - https://discord.com/developers/docs/reference#uploading-files
 */
export const discordRules = {
  /** The initial response (callback) must reach Discord within 3 s of the interaction. */
  interactionWindowMs: 3_000,
  /** The interaction token (follow-ups, edits of the original) lives 15 minutes. */
  tokenLifetimeMs: 15 * 60_000,
  content: 2_000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4_096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1_024,
  footerText: 2_048,
  authorName: 256,
  /** Title, description, field names and values, footer text and author name of all embeds of a message. */
  embedsTotal: 6_000,
  actionRows: 5,
  componentsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  attachments: 10,
  /**
   * Per file, for a bot in a server without boosts: 10 MiB, the free-tier limit since late 2024
   * (it was 8 MiB before, briefly 25 MiB), and what every interaction the fake sends announces
   * in `attachment_size_limit`.
   */
  attachmentBytes: 10 * 1024 * 1024,
  /** Gateway: what a client may send per connection and per 60 s, and the largest payload. */
  gatewayCommandsPerMinute: 120,
  gatewayPayloadBytes: 4_096,
} as const;

export interface FormProblem {
  /** Where in the JSON body, e.g. `['data', 'embeds', 0, 'title']`. */
  path: Array<string | number>;
  code: string;
  message: string;
}

function length(path: FormProblem['path'], text: unknown, max: number, min = 0): FormProblem[] {
  if (typeof text !== 'string') return [];
  // Discord counts characters (code points), not UTF-16 units; the bot's limit checks count units, stricter.
  const count = [...text].length;
  if (count >= min && count <= max) return [];
  return [{ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` }];
}

function tooMany(path: FormProblem['path'], list: unknown, max: number): FormProblem[] {
  if (!Array.isArray(list) || list.length <= max) return [];
  return [{ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` }];
}

/** What Discord would refuse in a message body (an interaction callback's `data`, a webhook edit or follow-up). */
export function messageProblems(
  message: Record<string, any> | undefined,
  files: readonly RecordedFile[],
  at: FormProblem['path'] = [],
): FormProblem[] {
  if (!message || typeof message !== 'object') return [];
  const r = discordRules;
  const problems = [...length([...at, 'content'], message.content, r.content)];
  const embeds: any[] = Array.isArray(message.embeds) ? message.embeds : [];
  problems.push(...tooMany([...at, 'embeds'], embeds, r.embeds));
  let total = 0;
  const counted = (text: unknown) => (total += typeof text === 'string' ? [...text].length : 0);
  embeds.forEach((embed, index) => {
    const where = [...at, 'embeds', index];
    problems.push(
      ...length([...where, 'title'], embed?.title, r.embedTitle),
      ...length([...where, 'description'], embed?.description, r.embedDescription),
      ...length([...where, 'footer', 'text'], embed?.footer?.text, r.footerText),
      ...length([...where, 'author', 'name'], embed?.author?.name, r.authorName),
      ...tooMany([...where, 'fields'], embed?.fields, r.embedFields),
    );
    [embed?.title, embed?.description, embed?.footer?.text, embed?.author?.name].forEach(counted);
    (Array.isArray(embed?.fields) ? embed.fields : []).forEach((field: any, fieldIndex: number) => {
      problems.push(
        ...length([...where, 'fields', fieldIndex, 'name'], field?.name, r.fieldName, 1),
        ...length([...where, 'fields', fieldIndex, 'value'], field?.value, r.fieldValue, 1),
      );
      counted(field?.name);
      counted(field?.value);
    });
  });
  if (total > r.embedsTotal)
    problems.push({
      path: [...at, 'embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${r.embedsTotal}`,
    });
  const rows: any[] = Array.isArray(message.components) ? message.components : [];
  problems.push(...tooMany([...at, 'components'], rows, r.actionRows));
  rows.forEach((row, index) => {
    const where = [...at, 'components', index, 'components'];
    problems.push(...tooMany(where, row?.components, r.componentsPerRow));
    (Array.isArray(row?.components) ? row.components : []).forEach((component: any, componentIndex: number) =>
      problems.push(
        ...length([...where, componentIndex, 'custom_id'], component?.custom_id, r.customId, 1),
        ...length([...where, componentIndex, 'label'], component?.label, r.buttonLabel),
      ),
    );
  });
  problems.push(...tooMany([...at, 'attachments'], message.attachments, r.attachments));
  if (files.length > r.attachments)
    problems.push({
      path: ['files'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${r.attachments} or fewer in length.`,
    });
  for (const file of files)
    if (file.data.length > r.attachmentBytes)
      problems.push({
        path: [file.field],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: `File ${file.name} is ${file.data.length} bytes; the limit is ${r.attachmentBytes}.`,
      });
  return problems;
}

/** What Discord would refuse in an autocomplete result (callback type 8). */
export function choiceProblems(choices: unknown, at: FormProblem['path'] = ['data', 'choices']): FormProblem[] {
  if (!Array.isArray(choices)) return [{ path: at, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  const r = discordRules;
  return [
    ...tooMany(at, choices, r.choices),
    ...choices.flatMap((choice: any, index) => [
      ...length([...at, index, 'name'], choice?.name, r.choiceName, 1),
      ...(typeof choice?.value === 'string' ? length([...at, index, 'value'], choice.value, r.choiceValue, 1) : []),
    ]),
  ];
}

/** Discord's 400 body for an invalid form: `{ code: 50035, message, errors: { a: { 0: { b: { _errors } } } } }`. */
export function invalidFormBody(problems: readonly FormProblem[]): Record<string, unknown> {
  const errors: Record<string, any> = {};
  for (const problem of problems) {
    let node = errors;
    for (const key of problem.path) node = node[key] ??= {};
    (node._errors ??= []).push({ code: problem.code, message: problem.message });
  }
  return { code: 50035, message: 'Invalid Form Body', errors };
}
