import type { Answer } from '../ask/types.js';
import { excerptsPerPage, renderAnswer, type AnswerPayload } from '../render/discord/answer.js';
import type { CommandContext } from './command.js';
import { customId } from './command.js';
import { answerCommand, answerFeedback, type AskedIn } from './votes.js';

/** The custom id of the button showing `page` of the answer kept under `key` (handled by /ask's button handler). */
export function pageButtonId(key: string): (page: number) => string {
  return (page) => customId(answerCommand, key, page);
}

/**
 * An answer as the bot sends it, asked by /ask or by a mention: its first page, the paging buttons when it has more
 * excerpts than a page (the answer kept in `answerPages` for them), and the vote row (see votes.ts).
 */
export function answerMessage(
  answer: Answer,
  asked: AskedIn,
  context: Pick<CommandContext, 'answerPages' | 'feedback' | 'knowledge' | 'log'>,
): AnswerPayload {
  const key = answer.citations.length > excerptsPerPage ? context.answerPages.save(answer) : undefined;
  const rendered = renderAnswer(answer, {
    page: 0,
    pageButtonId: key ? pageButtonId(key) : undefined,
    source: (id) => context.knowledge.current.source(id),
  });
  return { ...rendered, components: [...rendered.components, ...answerFeedback(asked, answer, context)] };
}
