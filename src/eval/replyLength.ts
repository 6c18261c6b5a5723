import type { KnowledgeBase } from '../knowledgeBase.js';
import { citationsPerAnswer, renderAnswer } from '../render/discord/answer.js';
import { embedsLength } from '../render/discord/text.js';

/** The bar for a typical `/ask` reply (issue 13): the median reply on the development questions, in characters. */
export const medianReplyBar = 1000;

export interface ReplyLengthReport {
  /** Questions answered (declined ones are a one-line reply and left out). */
  answered: number;
  medianChars: number;
  maxChars: number;
  /** Citations shown on first pages whose seed has a publisher or link. */
  checkableCitations: number;
  /** Of those, the ones that show the publisher or the link. */
  citationsShowingSource: number;
}

/**
 * The first page of each answered question's `/ask` reply, rendered as the bot sends it: its length (what Discord
 * counts, `embedsLength`) and whether every citation shows the publisher or a link where the seed has one.
 */
export function measureReplies(kb: KnowledgeBase, questions: readonly string[]): ReplyLengthReport {
  const lengths: number[] = [];
  let checkable = 0;
  let showing = 0;
  for (const question of questions) {
    const answer = kb.ask(question, { limit: citationsPerAnswer });
    if (!answer.answered) continue;
    const { embeds } = renderAnswer(answer, { page: 0, source: (id) => kb.source(id) });
    lengths.push(embedsLength(embeds));
    for (const field of embeds[0]?.fields ?? []) {
      const number = Number(/^\[(\d+)\]/.exec(field.name)?.[1]);
      const citation = answer.citations.find((candidate) => candidate.number === number);
      const source = citation && kb.source(citation.sourceId);
      if (!source || (!source.publisher && !source.url)) continue;
      checkable++;
      // A later citation of the same source shows its publisher; the link is given once per source.
      if (
        (source.publisher && field.name.includes(source.publisher)) ||
        (source.url && field.value.includes(source.url))
      )
        showing++;
    }
  }
  const sorted = [...lengths].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median =
    sorted.length === 0 ? 0 : sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return {
    answered: sorted.length,
    medianChars: median,
    maxChars: sorted.at(-1) ?? 0,
    checkableCitations: checkable,
    citationsShowingSource: showing,
  };
}

export function renderReplyLengths(report: ReplyLengthReport): string {
  return [
    `/ask replies on the development questions (first page, ${report.answered} answered)`,
    `  median ${report.medianChars} characters (bar ≤ ${medianReplyBar}), longest ${report.maxChars}`,
    `  citations showing publisher or link where the seed has one   ${report.citationsShowingSource}/${report.checkableCitations}`,
  ].join('\n');
}
