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
 * - https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-response-object-modal
 * - https://discord.com/developers/docs/components/reference#text-input, #label
 * - https://discord.com/developers/docs/resources/channel#start-thread-from-message
 * - https://discord.com/developers/docs/events/gateway#message-content-intent
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
  /** A modal (callback type 9): title, custom id, and 1–5 top-level components (labels or action rows). */
  modalTitle: 45,
  modalComponents: 5,
  /** A label component (or a text input's own, deprecated, label) and a label's description. */
  modalLabel: 45,
  labelDescription: 100,
  textInputPlaceholder: 100,
  textInputValue: 4_000,
  /**
   * Per file, for a bot in a server without boosts: 10 MiB, the free-tier limit since late 2024
   * (it was 8 MiB before, briefly 25 MiB), and what every interaction the fake sends announces
   * in `attachment_size_limit`.
   */
  attachmentBytes: 10 * 1024 * 1024,
  /** Gateway: what a client may send per connection and per 60 s, and the largest payload. */
  gatewayCommandsPerMinute: 120,
  gatewayPayloadBytes: 4_096,
  /** A thread's name: 1–100 characters. */
  threadName: 100,
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

/** What Discord would refuse in the body of a thread started from a message: a name of 1–100 characters. */
export function threadProblems(body: Record<string, any> | undefined): FormProblem[] {
  if (typeof body?.name !== 'string')
    return [{ path: ['name'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  return length(['name'], body.name, discordRules.threadName, 1);
}

/**
 * What Discord would refuse in a modal (callback type 9's `data`): a title of 1–45 characters, a custom id of 1–100,
 * 1–5 components, each a label (type 18) holding one text input, or an action row (type 1) holding one text input
 * that has its own label; a text input's custom id 1–100, style 1 or 2, lengths within 0–4,000, placeholder ≤ 100.
 */
export function modalProblems(
  modal: Record<string, any> | undefined,
  at: FormProblem['path'] = ['data'],
): FormProblem[] {
  const r = discordRules;
  if (!modal || typeof modal !== 'object')
    return [{ path: at, code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }];
  const problems = [
    ...length([...at, 'title'], modal.title ?? '', r.modalTitle, 1),
    ...length([...at, 'custom_id'], modal.custom_id ?? '', r.customId, 1),
  ];
  const components: any[] = Array.isArray(modal.components) ? modal.components : [];
  if (components.length < 1 || components.length > r.modalComponents)
    problems.push({
      path: [...at, 'components'],
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between 1 and ${r.modalComponents} in length.`,
    });
  components.forEach((component, index) => {
    const where = [...at, 'components', index];
    if (component?.type === 18) {
      problems.push(
        ...length([...where, 'label'], component.label ?? '', r.modalLabel, 1),
        ...length([...where, 'description'], component.description, r.labelDescription),
        ...textInputProblems(component.component, [...where, 'component'], false),
      );
    } else if (component?.type === 1 && Array.isArray(component.components) && component.components.length === 1) {
      problems.push(...textInputProblems(component.components[0], [...where, 'components', 0], true));
    } else {
      problems.push({
        path: where,
        code: 'COMPONENT_TYPE_INVALID',
        message: 'A modal holds labels, or action rows of one text input.',
      });
    }
  });
  return problems;
}

function textInputProblems(input: any, at: FormProblem['path'], ownLabel: boolean): FormProblem[] {
  const r = discordRules;
  if (input?.type !== 4)
    return [{ path: [...at, 'type'], code: 'COMPONENT_TYPE_INVALID', message: 'Expected a text input (type 4).' }];
  const problems = [
    ...length([...at, 'custom_id'], input.custom_id ?? '', r.customId, 1),
    ...length([...at, 'placeholder'], input.placeholder, r.textInputPlaceholder),
    ...length([...at, 'value'], input.value, r.textInputValue),
    ...(ownLabel ? length([...at, 'label'], input.label ?? '', r.modalLabel, 1) : []),
  ];
  if (!ownLabel && input.label !== undefined)
    problems.push({ path: [...at, 'label'], code: 'BASE_TYPE_INVALID', message: 'A text input in a label has none.' });
  if (![1, 2].includes(input.style))
    problems.push({ path: [...at, 'style'], code: 'BASE_TYPE_CHOICES', message: 'Value must be one of (1, 2).' });
  const range = (name: string, value: unknown, min: number) => {
    if (
      value !== undefined &&
      !(Number.isInteger(value) && (value as number) >= min && (value as number) <= r.textInputValue)
    )
      problems.push({
        path: [...at, name],
        code: 'NUMBER_TYPE_OUT_OF_RANGE',
        message: `Must be between ${min} and ${r.textInputValue}.`,
      });
  };
  range('min_length', input.min_length, 0);
  range('max_length', input.max_length, 1);
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
