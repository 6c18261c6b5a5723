import type { APIEmbed } from 'discord.js';
import { splitSentences } from '../../text/sentences.js';

/**
 * Renders as much of `text` as fits in `max` characters *after* rendering (escaping and
 * markup make text longer, so fitting the raw text is not enough). Cuts at the last sentence
 * end that fits, else at the last word end, and marks the cut with "…"; never cuts inside a
 * word, except a single word longer than the whole limit, which has nothing else to give.
 * `render` receives the kept prefix of `text` and the cut mark ("" when nothing was cut) to place
 * where it belongs (inside quotes, before a suffix), and must return text that grows with the
 * prefix. This is the one place every Discord renderer trims text to a limit.
 */
export function fitText(
  whole: string,
  max: number,
  render: (kept: string, mark: string) => string = (kept, mark) => kept + mark,
): string {
  // Rendering never shrinks text, so nothing past `max` can be kept: cutting it first keeps the
  // work linear in `max`, whatever arrives (a forged 60,000-character question, a 5 MB line).
  if (whole.length <= max) {
    const rendered = render(whole, '');
    if (rendered.length <= max) return rendered;
  }
  const text = whole.slice(0, max + sentenceLookahead);
  const attempt = (end: number, mark: string) => render(text.slice(0, end).trimEnd(), mark);
  const sentenceEnds = splitSentences(text)
    .map((span) => span.end)
    .filter((end) => end < text.trimEnd().length && end <= max);
  const sentence = longestFitting(sentenceEnds, (end) => attempt(end, ' …'), max);
  if (sentence !== undefined) return sentence;
  const wordEnds = [...text.slice(0, max + 1).matchAll(/\S(?=\s)/g)].map((match) => match.index + 1);
  const word = longestFitting(wordEnds, (end) => attempt(end, '…'), max);
  if (word !== undefined) return word;
  // One word longer than the limit: nothing else to keep. The longest prefix whose rendered form fits.
  const prefixes = Array.from({ length: Math.min(text.length, max - 1) }, (_, index) => index + 1);
  return longestFitting(prefixes, (end) => attempt(end, '…'), max) ?? render('', '…');
}

/** Characters past the limit read to tell whether a sentence ends at it (a space and a capital). */
const sentenceLookahead = 8;

/** Binary search over ascending cut positions for the longest rendering within `max`. */
function longestFitting(ends: number[], render: (end: number) => string, max: number): string | undefined {
  let low = 0;
  let high = ends.length - 1;
  let best: string | undefined;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const rendered = render(ends[middle]!);
    if (rendered.length <= max) {
      best = rendered;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return best;
}

/** As many whole lines as fit in `max`, then "…and N more" for the rest. */
export function fitLines(
  lines: readonly string[],
  max: number,
  more: (hidden: number) => string = (hidden) => `…and ${hidden} more`,
): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  for (let kept = lines.length - 1; kept >= 0; kept--) {
    const candidate = [...lines.slice(0, kept), more(lines.length - kept)].join('\n');
    if (candidate.length <= max) return candidate;
  }
  return fitText(more(lines.length), max);
}

/**
 * Text from users or source articles, made inert: markdown shown literally, and mentions
 * (`@everyone`, `@here`, `<@id>`, `<@&id>`, `<#id>`), and the other `<…>` markup (`<t:…>`
 * timestamps, `<:emoji:id>`, `</command:id>`) broken with a zero-width space so they neither ping
 * (allowedMentions already prevents that) nor render as a mention. Web addresses are broken the
 * same way, so no text but the bot's own "Read the article" link is clickable.
 */
export function escapeUserText(text: string): string {
  return escapeMarkdown(text)
    .replace(/@(everyone|here)/g, '@\u200b$1')
    .replace(/<(?=[@#:/]|a:|t:)/g, '<\u200b')
    .replace(/\b(https?):\/\//gi, '$1:\u200b//');
}

/**
 * Markdown shown literally: a backslash before every character Discord reads as markup (`\`,
 * `*`, `_`, `~`, `` ` ``, `|`, and `[`, which opens a masked link `[text](url)`; an answer's own
 * citation marks, `[1]`, are left as they are), and before what marks
 * a line as a heading or subtext (`#`, `-#`), a list item (`-`, `1.`) or a block quote (`>`).
 * Linear: discord.js' escapeMarkdown rescans for each kind of markup and is quadratic (a forged
 * 60,000-character question of asterisks held the event loop for seconds).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\*_~`|]|\[(?!\d+\](?!\())/g, '\\$&')
    .replace(/^([ \t]*)([#>-])/gm, '$1\\$2')
    .replace(/^([ \t]*\d+)\.(?=\s)/gm, '$1\\.');
}

/** The text of an excerpt with the given [start, end) spans in bold, all of it escaped. */
export function boldSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  let rendered = '';
  let at = 0;
  for (const [start, end] of mergeAdjacent(spans, text)) {
    if (start >= text.length) break;
    rendered +=
      escapeUserText(text.slice(at, start)) + `**${escapeUserText(text.slice(start, Math.min(end, text.length)))}**`;
    at = Math.min(end, text.length);
  }
  return rendered + escapeUserText(text.slice(at));
}

/** "North" + "Korean" → one bold "North Korean" rather than two bold words. */
function mergeAdjacent(spans: ReadonlyArray<readonly [number, number]>, text: string): Array<[number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [start, end] of [...spans].sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && start >= last[1] && /^\s*$/.test(text.slice(last[1], start))) last[1] = Math.max(last[1], end);
    else if (!last || start >= last[1]) merged.push([start, end]);
  }
  return merged;
}

/** What Discord counts against the 6,000-character total of a message's embeds. */
export function embedsLength(embeds: readonly APIEmbed[]): number {
  return embeds.reduce(
    (total, embed) =>
      total +
      (embed.title?.length ?? 0) +
      (embed.description?.length ?? 0) +
      (embed.footer?.text.length ?? 0) +
      (embed.author?.name.length ?? 0) +
      (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0),
    0,
  );
}
