/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const discordLimits = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  /** Title, description, field names and values, footer and author of all embeds together. */
  embedsTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  customId: 100,
  /** A slash command's or option's description, as registered. */
  optionDescription: 100,
  threadName: 100,
} as const;

/** The stripe colour of every embed the bot sends, by what the embed says. */
export const embedColors = {
  /** An answer, the sources, a comparison, help. */
  info: 0x2b7bb9,
  /** The sources do not answer the question. */
  unanswered: 0x808080,
  /** A reindex is running. */
  progress: 0x5865f2,
  /** A reindex that went cleanly. */
  success: 0x3ba55d,
  /** A reindex that skipped seeds or could not save. */
  warning: 0xfaa61a,
  /** A reindex that failed. */
  failure: 0xed4245,
} as const;

/** The `private` option of /ask, /compare and /sources: the reply is ephemeral. */
export const privateDescription = 'Show the reply to you only';
