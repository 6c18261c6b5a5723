import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import type { Answer, Citation } from '../../ask/types.js';
import { discordLimits, embedColors } from './constants.js';
import { compactQuote, isLowConfidence, webUrl } from '../shared/quote.js';
import { boldSpans, escapeUserText, fitText } from './text.js';

/** Citations per page: the first page of an answer shows at most this many, More excerpts pages the rest. */
export const excerptsPerPage = 3;

/** Citations asked of the core per /ask: enough for a few pages of More excerpts. */
export const citationsPerAnswer = 4 * excerptsPerPage;

/** What a low-confidence answer says first. */
export const lowConfidenceNote = '⚠️ Low confidence: the sources may not answer this. Check the excerpts.';

/**
 * Character budgets that keep a typical answer page near 900 characters (a phone screen), and any page under
 * Discord's 6,000 per message however long the texts are: title 256 + description 600 + 3 × (256 + 1,024) +
 * footer ~80 < 6,000.
 */
export const answerBudgets = {
  /** The quoted answer sentence(s) with their citation numbers (and the low-confidence note). */
  answer: 600,
  /** One citation's quote: the cited sentence and a neighbour, the neighbour dropped first when it does not fit. */
  quote: 180,
  /** The article title in a citation's heading; publisher, date and paragraph always survive. */
  title: 40,
} as const;

export interface AnswerPayload {
  embeds: APIEmbed[];
  components: Array<APIActionRowComponent<APIButtonComponent>>;
}

/** What a citation shows of its article beyond the answer: where it was published, when, and where to read it. */
export interface CitedSource {
  url?: string;
  date?: string;
}

export interface AnswerPageOptions {
  /** 0-based page of excerpts to show. */
  page: number;
  /** Custom id of the button that shows a page; absent when the answer cannot be paged. */
  pageButtonId?: (page: number) => string;
  /** Custom id of the "Share to channel" button of a private answer showing `page`; absent on a public one. */
  shareButtonId?: (page: number) => string;
  /** The article a citation quotes: its date, and its address (linked once per source on a page). */
  source?: (sourceId: string) => CitedSource | undefined;
}

/**
 * An answer as an embed: the quoted answer, a page of numbered, checkable citations (the cited sentence with a
 * neighbour; title · publisher · date · paragraph; one link per source), and paging buttons.
 */
export function renderAnswer(answer: Answer, options: AnswerPageOptions): AnswerPayload {
  const escaped = (kept: string, mark: string) => escapeUserText(kept) + mark;
  const title = fitText(answer.question, discordLimits.embedTitle, escaped);
  if (!answer.answered) {
    const description = fitText(answer.answer, answerBudgets.answer, escaped);
    return { embeds: [{ title, description, color: embedColors.unanswered }], components: [] };
  }
  const low = isLowConfidence(answer);
  const note = low ? `${lowConfidenceNote}\n` : '';
  const description = fitText(answer.answer, answerBudgets.answer, (kept, mark) => note + escaped(kept, mark));
  const pageCount = Math.max(1, Math.ceil(answer.citations.length / excerptsPerPage));
  const page = Math.min(Math.max(0, options.page), pageCount - 1);
  const shown = answer.citations.slice(page * excerptsPerPage, (page + 1) * excerptsPerPage);
  /** Source id → the number of its first citation on this page: later ones name it, not the title again. */
  const firstCitation = new Map<string, number>();
  const embed: APIEmbed = {
    title,
    description,
    color: low ? embedColors.warning : embedColors.info,
    fields: shown.map((citation) => {
      const source = options.source?.(citation.sourceId);
      const first = firstCitation.get(citation.sourceId);
      if (first === undefined) firstCitation.set(citation.sourceId, citation.number);
      // In <>, so Discord shows no preview of it.
      const url = first === undefined ? webUrl(source?.url) : undefined;
      return { name: citationName(citation, source?.date, first), value: citationQuote(citation, url) };
    }),
    footer: { text: `${excerptRange(page, shown.length, answer.citations.length)} · quoted, your terms in bold` },
  };
  const buttons = [
    ...(options.pageButtonId && pageCount > 1 ? pageButtons(page, pageCount, options.pageButtonId) : []),
    ...(options.shareButtonId ? [shareButton(options.shareButtonId(page))] : []),
  ];
  const components = buttons.length ? [{ type: ComponentType.ActionRow as const, components: buttons }] : [];
  return { embeds: [embed], components };
}

/** What a shared answer says above it: who shared it (a mention that names them; allowed_mentions keeps it silent). */
export function sharedBy(userId: string): string {
  return `Shared by <@${userId}>`;
}

export const shareButtonLabel = 'Share to channel';

function excerptRange(page: number, shown: number, total: number): string {
  if (total === 1) return '1 excerpt';
  if (shown === total) return `${total} excerpts`;
  return `Excerpts ${page * excerptsPerPage + 1}–${page * excerptsPerPage + shown} of ${total}`;
}

/**
 * "[1] Title · Publisher · 2024-11-14 · ¶ 9", or for a later citation of the same article on the page
 * "[2] as [1] · Publisher · ¶ 4". Only the title is shortened, so the citation number, publisher, date and
 * paragraph always survive.
 */
function citationName(citation: Citation, date: string | undefined, sameAs: number | undefined): string {
  const publisher = citation.publisher ? escapeUserText(citation.publisher) : undefined;
  if (sameAs !== undefined)
    return [`[${citation.number}] as [${sameAs}]`, publisher, `¶ ${citation.paragraph}`].filter(Boolean).join(' · ');
  const where = [publisher, date && escapeUserText(date)].filter((part): part is string => Boolean(part));
  const tail = [...where, `¶ ${citation.paragraph}`].join(' · ');
  const limit = Math.min(discordLimits.fieldName, answerBudgets.title + tail.length + 10);
  return fitText(
    citation.title,
    limit,
    (kept, mark) => `[${citation.number}] ${escapeUserText(kept)}${mark} · ${tail}`,
  );
}

function citationQuote(citation: Citation, url: string | undefined): string {
  const link = url ? `\n[Read the article](<${url}>)` : '';
  const { text, highlights } = compactQuote(citation, answerBudgets.quote);
  return (
    fitText(
      text,
      Math.min(discordLimits.fieldValue - link.length, answerBudgets.quote),
      (kept, mark) => `“${boldSpans(kept, highlights)}${mark}”`,
    ) + link
  );
}

function pageButtons(page: number, pageCount: number, pageButtonId: (page: number) => string): APIButtonComponent[] {
  return [
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
  ];
}

function shareButton(customId: string): APIButtonComponent {
  return { type: ComponentType.Button, style: ButtonStyle.Secondary, label: shareButtonLabel, custom_id: customId };
}
