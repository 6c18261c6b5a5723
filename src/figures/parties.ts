/**
 * Parties a figure can belong to ("whose"): countries and alliances, named by their demonym, and
 * recognised by the names news text uses for them (country, people, capital, government seat,
 * head of state). This is general knowledge about who is who, not about any article's figures.
 */
import { plainQuotes } from './text.js';

const partyNames: Record<string, readonly string[]> = {
  'North Korean': [
    'North Korea',
    'North Korean',
    'North Koreans',
    'DPRK',
    'Pyongyang',
    'KPA',
    "Korean People's Army",
    "Democratic People's Republic of Korea",
    'Kim Jong Un',
    'Kim Jong-un',
    'Kim Jong-Un',
  ],
  'South Korean': [
    'South Korea',
    'South Korean',
    'South Koreans',
    'Seoul',
    'ROK',
    'Republic of Korea',
    'Yoon Suk Yeol',
  ],
  Russian: ['Russia', 'Russian', 'Russians', 'Russian Federation', 'Moscow', 'Kremlin', 'Vladimir Putin', 'Putin'],
  Ukrainian: [
    'Ukraine',
    'Ukrainian',
    'Ukrainians',
    'Kyiv',
    'Kiev',
    'Volodymyr Zelensky',
    'Zelensky',
    'Zelenskyy',
    'Zelenskiy',
  ],
  American: [
    'United States',
    'US',
    'U.S.',
    'USA',
    'America',
    'American',
    'Americans',
    'Washington',
    'Pentagon',
    'White House',
  ],
  Western: ['the West', 'collective west', 'collective West', 'Western', 'NATO'],
  British: ['Britain', 'British', 'UK', 'United Kingdom', 'Brits', 'London'],
  Chinese: ['China', 'Chinese', 'Beijing'],
  French: ['France', 'French', 'Paris'],
  German: ['Germany', 'German', 'Germans', 'Berlin'],
  Polish: ['Poland', 'Polish', 'Poles', 'Warsaw'],
  Japanese: ['Japan', 'Japanese', 'Tokyo'],
  Iranian: ['Iran', 'Iranian', 'Iranians', 'Tehran'],
  Belarusian: ['Belarus', 'Belarusian', 'Minsk'],
  Egyptian: ['Egypt', 'Egyptian', 'Egyptians', 'Cairo'],
  Syrian: ['Syria', 'Syrian', 'Syrians', 'Damascus'],
  Israeli: ['Israel', 'Israeli', 'Israelis'],
  Turkish: ['Turkey', 'Türkiye', 'Turkish', 'Ankara'],
  Vietnamese: ['Vietnam', 'Vietnamese', 'Hanoi'],
  Estonian: ['Estonia', 'Estonian'],
  Indian: ['India', 'Indian', 'New Delhi'],
};

/**
 * Names in the list above that are people, not countries: "his military", "he's losing" after
 * "Mr. Putin" are the party of the last person named.
 */
const personNames = new Set([
  'Kim Jong Un',
  'Kim Jong-un',
  'Kim Jong-Un',
  'Yoon Suk Yeol',
  'Vladimir Putin',
  'Putin',
  'Volodymyr Zelensky',
  'Zelensky',
  'Zelenskyy',
  'Zelenskiy',
]);

const partyByName = new Map<string, string>();
for (const [party, names] of Object.entries(partyNames))
  for (const name of names) partyByName.set(plainQuotes(name), party);

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Longest names first so "North Korea" wins over "Korea"; case-sensitive so "US" is not "us". */
const mentionPattern = new RegExp(
  `(?<![\\p{L}])(?:${[...partyByName.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\p{L}])`,
  'gu',
);

export interface PartyMention {
  party: string;
  start: number;
  end: number;
  /** A person (a head of state) rather than a country or its people. */
  person?: boolean;
}

/** Every party named in `text`, with offsets. */
export function findPartyMentions(text: string): PartyMention[] {
  const mentions: PartyMention[] = [];
  for (const match of plainQuotes(text).matchAll(mentionPattern)) {
    mentions.push({
      party: partyByName.get(match[0])!,
      start: match.index,
      end: match.index + match[0].length,
      ...(personNames.has(match[0]) ? { person: true } : {}),
    });
  }
  return mentions;
}

/**
 * A party named after one of these prepositions is where something happens, where it goes or who
 * it is done to ("sent to Russia", "in Russia's Kursk region", "killed by North Korean soldiers",
 * "a welcome for North Korean troops"), not whose the counted things are.
 */
const placeOrTarget =
  /\b(?:in|into|to|at|on|onto|for|by|against|towards?|near|around|across|inside|within|throughout|with|than|via|over)\s+(?:(?:the|a|an|its|their|his|her|far|eastern|western|northern|southern|central|occupied|neighbouring|neighboring|east|west|north|south)\s+){0,2}$/i;

const namedWar = /^\s+(?:\p{Lu}\p{L}+\s+)?War\b/u;

/** Whether a mention can say whose something is: not a place or target, not inside an attribution. */
export function canOwn(
  text: string,
  mention: PartyMention,
  attributionSpans: readonly { start: number; end: number }[],
): boolean {
  if (attributionSpans.some((span) => mention.start >= span.start && mention.end <= span.end)) return false;
  // "in the American Civil War, there were 620,000 killed": a party's own war owns its figures.
  if (namedWar.test(text.slice(mention.end, mention.end + 30))) return true;
  return !placeOrTarget.test(text.slice(Math.max(0, mention.start - 40), mention.start));
}

/**
 * A capitalised word that reads as a nationality ("Chechen", "Wagner"): used for "whose" when a
 * counted phrase names a group the list above does not know.
 */
export function capitalisedModifier(phrase: string): string | undefined {
  const words = phrase.split(/\s+/);
  // The last word is the counted noun itself; a modifier stands before it.
  for (const word of words.slice(0, -1)) if (/^\p{Lu}\p{Ll}+$/u.test(word)) return word;
  return undefined;
}
