/**
 * Figure extraction, run once at index time over every chunk. Pure and linear in the text: a cheap
 * test skips paragraphs without any number, and only paragraphs holding figures (and, for
 * context, their neighbours) are read further.
 */
import { splitSentences, type SentenceSpan } from '../text/sentences.js';
import { classifyParagraph } from '../text/furniture.js';
import type { Chunk } from '../chunking/types.js';
import { attributionFor, findAttributions, type Attribution } from './attribution.js';
import { countedAfter, countedBefore, outcomeOf, rateAfter, type CountedPhrase } from './counted.js';
import type { Figure } from './figure.js';
import { findQuantities, mayHoldNumber, type Quantity } from './numbers.js';
import { canOwn, capitalisedModifier, findPartyMentions, type PartyMention } from './parties.js';
import { isProjection } from './projection.js';
import { findQualifier } from './qualifiers.js';
import { presentFields } from '../util/presentFields.js';

/** What is read once per paragraph: sentences, claimants and the parties that can own a figure. */
interface Reading {
  sentences: SentenceSpan[];
  /** Claimants with offsets into the paragraph text. */
  attributions: Attribution[];
  mentions: PartyMention[];
  /** Mentions that can say whose something is (see canOwn). */
  owners: PartyMention[];
  headingOwners: PartyMention[];
}

function readParagraph(chunk: Chunk): Reading {
  const sentences = splitSentences(chunk.text);
  const attributions = sentences.flatMap((sentence) =>
    findAttributions(chunk.text.slice(sentence.start, sentence.end)).map((attribution) => ({
      ...attribution,
      start: attribution.start + sentence.start,
      end: attribution.end + sentence.start,
    })),
  );
  const mentions = findPartyMentions(chunk.text);
  const heading = chunk.heading ?? '';
  return {
    sentences,
    attributions,
    mentions,
    owners: mentions.filter((mention) => canOwn(chunk.text, mention, attributions)),
    headingOwners: findPartyMentions(heading).filter((mention) => canOwn(heading, mention, [])),
  };
}

/**
 * The figures of `chunks` (one article's, in order), or of those from `from` up to `to` only:
 * the others are still read as context, so a long article can be mined a slice at a time.
 */
export function extractFigures(chunks: readonly Chunk[], from = 0, to = chunks.length): Figure[] {
  const readings = new Map<number, Reading>();
  const read = (index: number) => {
    let reading = readings.get(index);
    if (!reading) readings.set(index, (reading = readParagraph(chunks[index]!)));
    return reading;
  };
  const figures: Figure[] = [];
  chunks.slice(from, to).forEach((chunk, offset) => {
    const index = from + offset;
    // Captions ("Military might: With 1.3 million conscripts … – AP") that slipped past the chunker.
    if (!mayHoldNumber(chunk.text) || classifyParagraph(chunk.text) !== 'body') return;
    const quantities = findQuantities(chunk.text);
    if (quantities.length > 0) figures.push(...figuresOfParagraph(chunks, index, quantities, read));
  });
  return figures;
}

/** Chunks of the same source just before `index`, nearest first. */
function previousInSource(chunks: readonly Chunk[], index: number, count: number): number[] {
  const found: number[] = [];
  for (
    let other = index - 1;
    other >= 0 && found.length < count && chunks[other]!.sourceId === chunks[index]!.sourceId;
    other--
  )
    found.push(other);
  return found;
}

function figuresOfParagraph(
  chunks: readonly Chunk[],
  index: number,
  quantities: Quantity[],
  read: (index: number) => Reading,
): Figure[] {
  const chunk = chunks[index]!;
  const text = chunk.text;
  const reading = read(index);
  const previous = previousInSource(chunks, index, 2);
  const next = chunks[index + 1]?.sourceId === chunk.sourceId ? [index + 1] : [];
  const context = contextParties(chunks, [index, ...previous.slice(0, 1), ...next], read);
  const figures: Figure[] = [];

  for (const quantity of quantities) {
    const sentence = reading.sentences.find((span) => quantity.start >= span.start && quantity.start < span.end) ?? {
      start: 0,
      end: text.length,
    };
    const sentenceText = text.slice(sentence.start, sentence.end);
    const clause = clauseAround(text, sentence, quantity);
    const qualifier = findQualifier(text, quantity.start, quantity.end);
    const figureStart = qualifier && qualifier.start < quantity.start ? qualifier.start : quantity.start;
    const before = text.slice(sentence.start, figureStart);

    const sameSentence = figures.filter((figure) => figure.sentenceStart === sentence.start);
    const after = countedAfter(text, quantity.end, sentence.end);
    // Ellipsis first: "more than 12,000 soldiers were injured … and 717 were captured".
    const previousCount = sameSentence.at(-1);
    const elided =
      quantity.unit === 'count' && previousCount?.unit === 'count' && previousCount.counted
        ? { text: previousCount.counted }
        : undefined;
    const counted = after ?? elided ?? countedBefore(text.slice(clause.start, figureStart), clause.start);
    if (!isFigure(quantity, after, text)) continue;

    const afterCounted = text.slice(after?.end ?? quantity.end, sentence.end);
    const rate = rateAfter(text.slice(quantity.end, sentence.end)) ?? rateAfter(afterCounted);
    const outcome = outcomeOf(counted?.text, afterCounted, before);
    const attribution = attributionFor(
      reading.attributions.filter((claim) => claim.start >= sentence.start && claim.end <= sentence.end),
      quantity.start,
    );
    const whose = whoseOf({
      chunks,
      index,
      previous,
      reading,
      sentence,
      clause,
      quantity,
      counted: after,
      earlier: figures,
      read,
    });

    figures.push({
      id: `${chunk.id}@${quantity.start}`,
      chunkId: chunk.id,
      sourceId: chunk.sourceId,
      paragraph: chunk.paragraph,
      text: text.slice(quantity.start, quantity.end),
      start: quantity.start,
      end: quantity.end,
      writtenStart: Math.min(quantity.start, qualifier?.start ?? quantity.start),
      writtenEnd: Math.max(quantity.end, qualifier?.end ?? quantity.end),
      low: quantity.low,
      high: quantity.high,
      isRange: quantity.isRange,
      unit: quantity.unit,
      ...presentFields({
        currency: quantity.currency,
        rate,
        qualifier: qualifier?.text,
        bound: qualifier?.bound,
        counted: counted?.text,
        outcome,
        whose,
        attribution: attribution?.text,
      }),
      projection: isProjection(before, afterCounted),
      sentence: sentenceText,
      sentenceStart: sentence.start,
      context,
    });
  }
  return figures;
}

/**
 * Small numbers in words ("eight", "three") are figures only when they count something
 * ("eight Chechen soldiers"); multipliers ("four times") and ratios ("out of five") never are.
 */
function isFigure(quantity: Quantity, counted: CountedPhrase | undefined, text: string): boolean {
  if (quantity.inWords && !quantity.isRange && quantity.high < 10 && !counted) return false;
  if (counted && /^times\b/i.test(counted.text)) return false;
  if (/\bout of\s+$/i.test(text.slice(Math.max(0, quantity.start - 8), quantity.start))) return false;
  return true;
}

/** Punctuation that closes a clause; a comma between digits ("10,000") does not. */
function isClauseBreak(text: string, at: number): boolean {
  const char = text[at]!;
  if (char === ',') return !(/\d/.test(text[at - 1] ?? '') && /\d/.test(text[at + 1] ?? ''));
  return /[;:–—()“”"]/.test(char);
}

function clauseAround(text: string, sentence: SentenceSpan, quantity: Quantity): SentenceSpan {
  let start = quantity.start;
  while (start > sentence.start && !isClauseBreak(text, start - 1)) start--;
  let end = quantity.end;
  while (end < sentence.end && !isClauseBreak(text, end)) end++;
  return { start, end };
}

interface WhoseInput {
  chunks: readonly Chunk[];
  index: number;
  previous: number[];
  reading: Reading;
  sentence: SentenceSpan;
  clause: SentenceSpan;
  quantity: Quantity;
  counted: CountedPhrase | undefined;
  earlier: readonly Figure[];
  read: (index: number) => Reading;
}

/**
 * Whose the counted things are, from the most direct evidence to the most remote: a nationality in
 * the counted phrase ("North Korean soldiers", "Chechen soldiers"); an origin ("travelled from
 * North Korea"); the nearest party before, then after, the figure in its clause; the party named
 * most in the sentence; the figure before it in the paragraph ("… and 717 were captured"); earlier
 * sentences; the heading; the previous paragraphs. Places, targets and claimants never own a figure.
 */
function whoseOf(input: WhoseInput): string | undefined {
  const { reading, sentence, clause, quantity, counted } = input;
  const text = input.chunks[input.index]!.text;
  if (counted) {
    const inPhrase = findPartyMentions(counted.text)[0]?.party ?? capitalisedModifier(counted.text);
    if (inPhrase) return inPhrase;
  }
  const inSentence = reading.owners.filter((mention) => mention.start >= sentence.start && mention.end <= sentence.end);
  const origin = inSentence.find(
    (mention) =>
      mention.start > quantity.end && /\bfrom\s+(?:the\s+)?$/i.test(text.slice(mention.start - 10, mention.start)),
  );
  if (origin) return origin.party;
  const inClause = inSentence.filter((mention) => mention.start >= clause.start && mention.end <= clause.end);
  const beforeInClause = inClause.filter((mention) => mention.end <= quantity.start).at(-1);
  if (beforeInClause) return beforeInClause.party;
  const afterInClause = inClause.find((mention) => mention.start >= quantity.end);
  if (afterInClause) return afterInClause.party;
  const most = mostNamed(inSentence);
  if (most) return most;
  const earlierFigure = input.earlier.filter((figure) => figure.whose).at(-1);
  if (earlierFigure) return earlierFigure.whose;
  const earlierSentences =
    reading.owners.filter((mention) => mention.end <= sentence.start).at(-1) ?? reading.headingOwners.at(-1);
  if (earlierSentences) return earlierSentences.party;
  for (const other of input.previous) {
    const previousReading = input.read(other);
    const last = previousReading.owners.at(-1) ?? previousReading.headingOwners.at(-1);
    if (last) return last.party;
  }
  return undefined;
}

/** The party named most often, if one is named more than any other. */
function mostNamed(mentions: readonly PartyMention[]): string | undefined {
  const counts = new Map<string, number>();
  for (const mention of mentions) counts.set(mention.party, (counts.get(mention.party) ?? 0) + 1);
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]);
  if (ranked.length === 0 || (ranked.length > 1 && ranked[0]![1] === ranked[1]![1])) return undefined;
  return ranked[0]![0];
}

/** Every party named in these paragraphs or their headings: what a figure is talked about with. */
function contextParties(
  chunks: readonly Chunk[],
  indexes: readonly number[],
  read: (index: number) => Reading,
): string[] {
  const parties = new Set<string>();
  for (const index of indexes) {
    for (const mention of read(index).mentions) parties.add(mention.party);
    for (const mention of findPartyMentions(chunks[index]!.heading ?? '')) parties.add(mention.party);
  }
  return [...parties].sort();
}
