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
