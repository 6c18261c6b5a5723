/**
 * The longest question the bot takes from Discord, in characters: `/ask`'s option (Discord refuses longer ones
 * itself) and a question put to the bot by mentioning it. Lower than the core's `maxQuestionLength`, so a follow-up
 * asked after its thread's question (both at most this long) is still a question the core takes.
 */
export const discordQuestionMaxLength = 300;

/**
 * Discord mention syntax (`@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>`) addresses
 * people, not the sources: it is removed from a question before the core sees it, where its
 * words would count as terms to find ("everyone") and could leave a good question unanswered.
 * The question is still shown as typed (escaped) in the reply.
 */
export function withoutMentions(text: string): string {
  return text
    .replace(/<(?:@[!&]?|#)\d+>|@(?:everyone|here)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
