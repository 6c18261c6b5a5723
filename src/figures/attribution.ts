/**
 * Who a sentence says a figure comes from: "According to Ukrainian President Volodymyr Zelensky",
 * "the GUR, Ukraine's military intelligence agency, claimed", "The British Ministry of Defence
 * estimates", "…, says Madden". Pronouns ("he said") are not resolved: no attribution is better
 * than a wrong one.
 */

export interface Attribution {
  /** The claimant as written. */
  text: string;
  /** [start, end) of the claimant in the sentence. */
  start: number;
  end: number;
}

const accordingTo = /\baccording to\s+([^,;:“”"]+?)\s*(?=[,;:“”"]|\.?\s*$)/gi;
const speechVerb =
  /\b(?:said|says|claimed|claims|estimates|estimated|believes|believed|reported|reports|indicated|indicates|assumes|assumed|told|noted|notes|stated|states|confirmed|confirms|warned|warns|added|adds|explained|explains|argued|argues|predicted|predicts|suggested|suggests|announced|announces|commented|remarked|insisted|insists|acknowledged|alleged|alleges|calculated|calculates|concluded|wrote|writes)\b/g;
/** Words before a verb that make it passive or an adjective ("is reported to", "an estimated"). */
const notAnAgentBefore = /\b(?:a|an|the|is|are|was|were|be|been|being|it)\s*$/i;
const introPhrase =
  /^(?:(?:On|In|Last|This|Yesterday|Earlier|Later|Meanwhile|However|Moreover|Also|Now|Today|Similarly|But|And|So|Still|Then|Previously|Separately|Since)\b[^,]{0,40},\s*)+/;
const trailingFiller =
  /(?:\s+(?:also|has|have|had|now|already|reportedly|recently|officially|previously|itself|has also|have also|both))+\s*$/i;
const unresolvable =
  /^(?:he|she|they|it|we|i|you|this|that|there|one|who|which|whom|one of (?:whom|them)|some|others|many|experts)$/i;
const maxClaimantWords = 20;

/** The claimants named in one sentence, in order. */
export function findAttributions(sentence: string): Attribution[] {
  const found: Attribution[] = [];
  for (const match of sentence.matchAll(accordingTo)) {
    const start = match.index + match[0].indexOf(match[1]!);
    found.push({ text: match[1]!, start, end: start + match[1]!.length });
  }
  for (const verb of sentence.matchAll(speechVerb)) {
    const before = sentence.slice(0, verb.index);
    if (notAnAgentBefore.test(before)) continue;
    const claimant = claimantBefore(before);
    if (claimant) found.push(claimant);
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The subject in front of a speech verb: the last comma-separated part before it, or, when a comma
 * closes an apposition right before the verb ("the GUR, Ukraine's military intelligence agency,
 * claimed"), the name and its apposition.
 */
function claimantBefore(before: string): Attribution | undefined {
  const intro = introPhrase.exec(before);
  const from = intro ? intro[0].length : 0;
  const body = before.slice(from);
  const parts = body.split(',');
  let take = 1;
  if (parts.length >= 3 && parts.at(-1)!.trim() === '') take = 3;
  const chosen = parts.slice(-take).join(',');
  let start = from + body.length - chosen.length;
  let text = chosen.replace(trailingFiller, '');
  const leading = /^[\s“”"'’‘(]*(?:(?:and|but|so|that|while|because)\s+)?/i.exec(text)![0];
  start += leading.length;
  text = text.slice(leading.length).replace(/[\s,”"’]+$/, '');
  if (!text || unresolvable.test(text) || /[“”"\d]/.test(text) || text.split(/\s+/).length > maxClaimantWords)
    return undefined;
  // A claimant is a name or a noun phrase: it starts with a capital or a determiner.
  if (!/^(?:\p{Lu}|the\b|a\b|an\b|both\b|one\b|his\b|her\b|their\b)/u.test(text)) return undefined;
  if (/^one\b/i.test(text) && !/\b(?:official|commander|source|officer|expert|analyst|spokes\w*)\b/i.test(text))
    return undefined;
  return { text, start, end: start + text.length };
}

/** The claimant of a figure at `position` in the sentence: the nearest before it, else the first after. */
export function attributionFor(attributions: readonly Attribution[], position: number): Attribution | undefined {
  const before = attributions.filter((attribution) => attribution.end <= position);
  return before.at(-1) ?? attributions.find((attribution) => attribution.start >= position);
}
