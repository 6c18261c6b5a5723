/**
 * Figure extraction, run once at index time over every chunk. Pure and linear in the text: a cheap
 * test skips paragraphs without any number, and only paragraphs holding figures (and, for
 * context, their neighbours) are read further.
 */
import { splitSentences, type SentenceSpan } from '../text/sentences.js';
import { classifyParagraph } from '../text/furniture.js';
import type { Chunk } from '../chunking/types.js';
import { attributionFor, findAttributions, type Attribution } from './attribution.js';
import { countedAfter, countedBefore, outcomeNear, outcomeOf, rateAfter, type CountedPhrase } from './counted.js';
import type { Figure } from './figure.js';
import { datePhraseOf } from './claimDate.js';
import { measureOf } from './measure.js';
import { findQuantities, mayHoldNumber, pointDecimals, type NumberStyle, type Quantity } from './numbers.js';
import { scopeOf } from './scope.js';
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
 * The figures of a source's chunks (one article's, in order), or of those from `from` up to `to`
 * only: the others are still read as context, so a long article can be mined a slice at a time
 * (a figure that repeats one at the end of the previous slice is not recognised as its echo).
 * `style` says how the source writes decimals (see numberStyleFor: German and French sources
 * write "1,3 Millionen").
 */
export function extractFigures(
  chunks: readonly Chunk[],
  style: NumberStyle = pointDecimals,
  from = 0,
  to = chunks.length,
): Figure[] {
  const readings = new Map<number, Reading>();
  const read = (index: number) => {
    let reading = readings.get(index);
    if (!reading) readings.set(index, (reading = readParagraph(chunks[index]!)));
    return reading;
  };
  const figures: Figure[] = [];
  let previousFigures: Figure[] = [];
  chunks.slice(from, to).forEach((chunk, offset) => {
    const index = from + offset;
    // Captions ("Military might: With 1.3 million conscripts … – AP") that slipped past the chunker.
    if (!mayHoldNumber(chunk.text) || classifyParagraph(chunk.text) !== 'body') return;
    const quantities = findQuantities(chunk.text, style);
    if (quantities.length === 0) return;
    const echoes = previousFigures.filter((figure) => figure.sourceId === chunk.sourceId);
    const found = figuresOfParagraph(chunks, index, quantities, read, echoes);
    figures.push(...found);
    previousFigures = found;
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
  previousParagraph: readonly Figure[],
): Figure[] {
  const chunk = chunks[index]!;
  const text = chunk.text;
  const reading = read(index);
  const previous = previousInSource(chunks, index, 2);
  const next = chunks[index + 1]?.sourceId === chunk.sourceId ? [index + 1] : [];
  const context = contextParties(chunks, [index, ...previous.slice(0, 1), ...next], read);
  const figures: Figure[] = [];

  for (const [position, quantity] of quantities.entries()) {
    if (isFalseStart(text, quantity, quantities[position + 1])) continue;
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
    // "thousands of additional armored vehicles": a vague amount counts what follows its "of".
    const ofAfter = quantity.vague ? /^\s+of\s+/i.exec(text.slice(quantity.end, quantity.end + 6)) : null;
    const after = countedAfter(text, quantity.end + (ofAfter?.[0].length ?? 0), sentence.end);
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
    let outcome = outcomeOf(counted?.text, afterCounted, before);
    // A bare figure takes the casualty words its sentence gives just before it ("casualties alone —
    // and that's killed and wounded — 1,000 to 1,200 per day"); a vague one those of the sentence
    // before it in the paragraph ("… suffered losses, killed and wounded … I would say several dozens").
    if (!counted && !outcome) {
      outcome = outcomeNear(before.slice(-bareOutcomeReach));
      if (!outcome && quantity.vague) outcome = outcomeNear(text.slice(0, sentence.start));
    }
    // "Now, 530,000 is a lot.": a bare figure repeating one just given is the same figure again.
    const repeated = quantity.vague
      ? undefined
      : [...previousParagraph, ...figures]
          .filter(
            (figure) => figure.low === quantity.low && figure.high === quantity.high && figure.unit === quantity.unit,
          )
          .at(-1);
    const echoed = !counted && !outcome ? repeated : undefined;
    // "Five hundred and thirty [thousand] casualties is a lot", in a sentence naming no party: the
    // party of the same figure given just before.
    const namesParty = reading.mentions.some(
      (mention) => mention.start >= sentence.start && mention.end <= sentence.end,
    );
    const repeatedOwner = namesParty ? undefined : repeated?.whose;
    const attribution = attributionFor(
      reading.attributions.filter((claim) => claim.start >= sentence.start && claim.end <= sentence.end),
      quantity.start,
    );
    const whose =
      echoed?.whose ??
      repeatedOwner ??
      whoseOf({
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
        counted: counted?.text ?? echoed?.counted,
        outcome: outcome ?? echoed?.outcome,
        whose,
        attribution: attribution?.text,
        scope: scopeOf(text.slice(clause.start, clause.end), quantity.start - clause.start),
        when: datePhraseOf(sentenceText, quantity.start - sentence.start),
        vague: quantity.vague,
      }),
      measure:
        echoed?.measure ??
        measureOf({
          unit: quantity.unit,
          clause: text.slice(clause.start, clause.end),
          sentence: sentenceText,
          ...presentFields({ rate, counted: counted?.text, outcome }),
        }),
      projection: isProjection(before, afterCounted),
      sentence: sentenceText,
      sentenceStart: sentence.start,
      context,
    });
  }
  return figures;
}

/** How far before a bare figure its sentence may name what it counts, in characters. */
const bareOutcomeReach = 90;

/**
 * A speaker's false start, corrected at once: "1,200 — 1,000 to 1,200 per day". The first number is
 * dropped when a dash joins it to a range that holds it.
 */
function isFalseStart(text: string, quantity: Quantity, next: Quantity | undefined): boolean {
  if (!next || !next.isRange || quantity.isRange) return false;
  return (
    /^\s*(?:—|–|--)\s*$/.test(text.slice(quantity.end, next.start)) &&
    quantity.low >= next.low &&
    quantity.low <= next.high
  );
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
  const byPronoun = pronounOwner(input, text);
  if (byPronoun) return byPronoun;
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

const personalPronoun = /\b(?:he|his|him|she|her|he['’]s|she['’]s)\b/gi;

/**
 * "Mr. Putin and — and his military has suffered 530,000 casualties", "he's losing … 1,000 to
 * 1,200 per day": a pronoun before the figure in its sentence, with no country owning anything
 * between them, stands for the last person named (a head of state, see parties.ts) before it.
 */
function pronounOwner(input: WhoseInput, text: string): string | undefined {
  const { sentence, quantity, reading } = input;
  const pronouns = [...text.slice(sentence.start, quantity.start).matchAll(personalPronoun)];
  const pronoun = pronouns.at(-1);
  if (!pronoun) return undefined;
  const at = sentence.start + pronoun.index;
  if (reading.owners.some((mention) => mention.start > at && mention.end <= quantity.start && !mention.person))
    return undefined;
  const person = reading.mentions.filter((mention) => mention.person && mention.end <= at).at(-1);
  if (person) return person.party;
  for (const other of input.previous) {
    const last = input
      .read(other)
      .mentions.filter((mention) => mention.person)
      .at(-1);
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
