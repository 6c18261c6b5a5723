import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { Answer, Citation } from '../../ask/types.js';
import { discordLimits, embedColors } from './constants.js';
import { boldSpans, escapeUserText, fitText } from './text.js';

export const excerptsPerPage = 3;

/**
 * Character budgets that keep one answer page under Discord's 6,000 per message however long
 * the texts are: title 256 + description 1,400 + 3 × (256 + 1,024) + footer ~80 < 6,000.
 */
const answerBudget = 1400;

export interface AnswerPayload {
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
}

export interface AnswerPageOptions {
  /** 0-based page of excerpts to show. */
  page: number;
  /** Custom id of the button that shows a page; absent when the answer cannot be paged. */
  pageButtonId?: (page: number) => string;
  /** The article's address, linked under its excerpt so a reader can check it in context. */
  sourceUrl?: (sourceId: string) => string | undefined;
}

/** An answer as an embed: the quoted answer, a page of numbered excerpts, and paging buttons. */
export function renderAnswer(answer: Answer, options: AnswerPageOptions): AnswerPayload {
  const escaped = (kept: string, mark: string) => escapeUserText(kept) + mark;
  const title = fitText(answer.question, discordLimits.embedTitle, escaped);
  const description = fitText(answer.answer, answerBudget, escaped);
  if (!answer.answered) return { embeds: [{ title, description, color: embedColors.unanswered }], components: [] };
  const pageCount = Math.max(1, Math.ceil(answer.citations.length / excerptsPerPage));
  const page = Math.min(Math.max(0, options.page), pageCount - 1);
  const shown = answer.citations.slice(page * excerptsPerPage, (page + 1) * excerptsPerPage);
  const embed: APIEmbed = {
    title,
    description,
    color: embedColors.info,
    fields: shown.map((citation) => ({
      name: citationName(citation),
      value: citationExcerpt(citation, options.sourceUrl?.(citation.sourceId)),
    })),
    footer: {
      text: `${excerptRange(page, shown.length, answer.citations.length)} · quoted from the sources, query terms in bold`,
    },
  };
  const components = options.pageButtonId && pageCount > 1 ? [pageButtons(page, pageCount, options.pageButtonId)] : [];
  return { embeds: [embed], components };
}

function excerptRange(page: number, shown: number, total: number): string {
  if (total === 1) return '1 excerpt';
  if (shown === total) return `${total} excerpts`;
  return `Excerpts ${page * excerptsPerPage + 1}–${page * excerptsPerPage + shown} of ${total}`;
}

/**
 * "[2] Title — Publisher, ¶ 9". Only the title is shortened when the whole does not fit, so the
 * citation number, publisher and paragraph always survive.
 */
function citationName(citation: Citation): string {
  const where = `${citation.publisher ? ` — ${escapeUserText(citation.publisher)}` : ''}, ¶ ${citation.paragraph}`;
  return fitText(
    citation.title,
    discordLimits.fieldName,
    (kept, mark) => `[${citation.number}] ${escapeUserText(kept)}${mark}${where}`,
  );
}

function citationExcerpt(citation: Citation, url: string | undefined): string {
  // Only web links, with <> so Discord shows no preview of them; a ")" would end the markdown link.
  const link = url && /^https?:\/\/[^\s)<>]+$/.test(url) ? `\n[Read the article](<${url}>)` : '';
  return fitText(
    citation.excerpt,
    discordLimits.fieldValue,
    (kept, mark) => `“${boldSpans(kept, citation.highlights)}${mark}”${link}`,
  );
}

function pageButtons(
  page: number,
  pageCount: number,
  pageButtonId: (page: number) => string,
): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [
      {
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: 'Previous',
        custom_id: pageButtonId(page - 1),
        disabled: page === 0,
      },
      {
        type: ComponentType.Button,
        style: ButtonStyle.Primary,
        label: 'More excerpts',
        custom_id: pageButtonId(page + 1),
        disabled: page >= pageCount - 1,
      },
    ],
  };
}
