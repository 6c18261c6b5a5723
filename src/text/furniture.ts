/**
 * Recognises page furniture: the parts of a scraped article that are not the article
 * (photo captions, bylines, share/subscribe footers, republication notes). These lines keep
 * their paragraph number, so citations still match the article, but are never indexed or quoted.
 */

/** Whole-line footers and navigation left over from the page a seed was copied from. */
const footerLines =
  /^(source link|about the author|scroll to top|share( this( article)?)?|advertisement|read more|related( articles| stories)?|print|comments?|tags?:.*|∎|■|\*\*\*|-{3,}|share on \w+)$/i;

/** Sentences that only a publisher, never a reporter, writes. */
const promotion =
  /\b(originally (published|appeared) (on|in)|republished with permission|all rights reserved|sign up (for|to)|subscribe (to|now|today)|try [\w\s]{1,40} free for|free for \d+ (month|week)s?|unlimited access|click here|follow us on|newsletter)\b/i;

/** "An article by", "Written by", "By Jane Doe", "Simon Craven/t-online". */
const bylineLead = /^((an? )?(article|report|story|analysis) by|(written|reported|reporting|edited) by)\b/i;
const bylineName =
  /^([Bb]y\s+)?\p{Lu}[\p{L}.'-]+(\s+\p{Lu}[\p{L}.'-]+){0,3}(\s*\/\s*[\p{L}.-]+|\s*,\s*(staff writer|correspondent|reporter))$|^[Bb]y\s+\p{Lu}[\p{L}.'-]+(\s+\p{Lu}[\p{L}.'-]+){0,3}$/u;

/** Photo credits inside a caption: "Photo: Kai Paffenbach", "Image: IMAGO/SNA", "(file photo)". */
const photoCredit = /(\b(photo|image|picture|credit|foto|illustration)s?\s*:\s*\S|\((file )?photo\)|\bfile photo\b)/i;

/** A caption that ends in an agency credit: "… on the ground – AP", "… per year in payments – Reuters". */
const agencyCredit =
  /\s[–—-]\s*(AP|AFP|Reuters|EPA|PA|Getty( Images)?|Bloomberg|Shutterstock|Alamy|dpa|Xinhua|TASS|Yonhap|Anadolu|Sputnik|ANI)(\/[\w ]+)?\s*$/;

export type LineKind = 'body' | 'heading' | 'furniture';

/** Longer than this, a line without a full stop is a caption, not a heading. */
const maxHeadingWords = 14;

const sentenceEnd = /[.!?…]["'”’)\]]*$/;

/** A line that is recognisably not the article: a caption, byline, footer or promotion, or no words at all. */
export function isPageFurniture(text: string): boolean {
  const line = text.trim();
  if (!/\p{L}/u.test(line)) return true;
  return [footerLines, bylineLead, bylineName, promotion, photoCredit, agencyCredit].some((pattern) =>
    pattern.test(line),
  );
}

/** Sorts one paragraph-sized line into body text, a heading that gives context, or furniture. */
export function classifyParagraph(text: string): LineKind {
  const line = text.trim();
  if (isPageFurniture(line)) return 'furniture';

  const words = line.split(/\s+/).length;
  const endsAsSentence = sentenceEnd.test(line);
  // Headings are short and rarely end in a full stop ("Language barrier", "Who is the conductor?").
  if (words <= maxHeadingWords && !/[.]["'”’)\]]*$/.test(line)) return 'heading';
  // A long line with no closing punctuation is a caption ("… Kim Il Sung Square … on April 15 2012").
  if (!endsAsSentence) return 'furniture';
  return 'body';
}
