/**
 * When a figure was claimed: the source's date, or a date its sentence gives ("on Monday", "in
 * October", "by mid-December", "last week", "the other day"), resolved against the source's date.
 * Extraction keeps the phrase as written (`when`); comparison resolves it, since the source's
 * date is metadata a moderator may correct without a reindex of the figures' rules.
 */

const monthNames = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const month = `(?:${monthNames.map((name) => name[0]!.toUpperCase() + name.slice(1)).join('|')})`;
const weekday = `(?:${weekdays.map((name) => name[0]!.toUpperCase() + name.slice(1)).join('|')})`;

/**
 * Date phrases, most specific first. "May" is a month only before a day or after a preposition.
 * "since October" starts a span ("at least 10,000 since October"): it dates what is counted, not
 * the claim, so it is not read as one.
 */
const datePattern = new RegExp(
  [
    `\\b(?:on|by|as of)\\s+(?:the\\s+)?${month}\\s+\\d{1,2}(?:st|nd|rd|th)?\\b`,
    `\\b(?:on|by|as of)\\s+\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${month}\\b`,
    `\\b(?:(?:in|by|until|as of)\\s+)?(?:early|mid|late|the\\s+end\\s+of|the\\s+start\\s+of)[\\s-]+(?:-\\s*)?${month}\\b`,
    `\\b(?:in|by|during)\\s+${month}\\b`,
    `\\b(?:on|this\\s+past|last|this)\\s+${weekday}\\b`,
    `\\b(?:yesterday|today|last\\s+week|last\\s+month|earlier\\s+this\\s+(?:week|month)|the\\s+other\\s+day)\\b`,
  ].join('|'),
  'gi',
);

/** The date phrase of a sentence nearest the figure, as written, if any. */
export function datePhraseOf(sentence: string, figureOffset: number): string | undefined {
  const matches = [...sentence.matchAll(datePattern)];
  return matches.sort((a, b) => Math.abs(a.index - figureOffset) - Math.abs(b.index - figureOffset))[0]?.[0];
}

const dayMs = 86_400_000;
/** "mid-October" is read as its 15th, "late October" as its 25th, "early October" as its 5th. */
const partOfMonth: Record<string, number> = { early: 5, 'the start of': 1, mid: 15, late: 25, 'the end of': 28 };

const iso = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The ISO date a phrase names, against the source's date (YYYY-MM-DD, YYYY-MM or YYYY). A month
 * or weekday is the latest one not after the source's date. Undefined when there is no source
 * date to resolve against, or the phrase names no date.
 */
export function resolveClaimDate(phrase: string | undefined, sourceDate: string | undefined): string | undefined {
  if (!sourceDate) return undefined;
  const base = new Date(
    `${sourceDate.length === 4 ? `${sourceDate}-12-31` : sourceDate.length === 7 ? `${sourceDate}-28` : sourceDate}T00:00:00Z`,
  );
  if (Number.isNaN(base.getTime())) return undefined;
  if (!phrase) return sourceDate;
  const lower = phrase.toLowerCase().replace(/\s+/g, ' ');
  const shift = (days: number) => iso(new Date(base.getTime() - days * dayMs));
  if (/\byesterday\b/.test(lower)) return shift(1);
  if (/\btoday\b/.test(lower)) return iso(base);
  if (/\blast week\b/.test(lower)) return shift(7);
  if (/\bthe other day\b/.test(lower)) return shift(2);
  if (/\blast month\b/.test(lower)) return iso(new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth() - 1, 15)));
  if (/\bearlier this (?:week|month)\b/.test(lower)) return shift(/week/.test(lower) ? 2 : 7);
  const day = weekdays.findIndex((name) => lower.includes(name));
  if (day >= 0) {
    // "on Monday" in a Wednesday article is two days before; "last Monday" the same, never the source day itself.
    const back = (base.getUTCDay() - day + 7) % 7 || (/\b(?:last|past)\b/.test(lower) ? 7 : 0);
    return shift(back);
  }
  const monthIndex = monthNames.findIndex((name) => new RegExp(`\\b${name}\\b`).test(lower));
  if (monthIndex < 0) return undefined;
  const dayOfMonth = /\b(\d{1,2})(?:st|nd|rd|th)?\b/.exec(lower);
  const part = Object.entries(partOfMonth).find(([words]) => lower.includes(words));
  const date = dayOfMonth ? Number(dayOfMonth[1]) : (part?.[1] ?? 1);
  let year = base.getUTCFullYear();
  if (Date.UTC(year, monthIndex, date) > base.getTime() && !/\bby\b/.test(lower)) year -= 1;
  return iso(new Date(Date.UTC(year, monthIndex, date)));
}
