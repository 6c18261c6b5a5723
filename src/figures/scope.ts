/**
 * Where or over what span a figure holds, as the sentence writes it: "in Kursk", "since the
 * invasion", "in just the past week", "in the space of eight days". Read from the figure's clause,
 * nearest first; a place is a capitalised name after a preposition of place.
 */

/** Spans of time a total is counted over. */
const spanPattern =
  /\b(?:(?:since|throughout)\s+(?:the\s+)?(?:start\s+of\s+the\s+(?:war|invasion|conflict)|(?:full-scale\s+)?invasion|(?:\w+\s+)?(?:offensive|incursion|war|conflict)\s+began|beginning\s+of\s+the\s+(?:war|invasion)|war\s+began|February\s+2022|2022)|(?:in|over|during)\s+(?:just\s+)?(?:the\s+)?(?:past|last|first)\s+(?:\w+\s+)?(?:days?|weeks?|months?|years?)|in\s+the\s+space\s+of\s+[^,.;]{1,30}?\b(?:days?|weeks?|months?)|(?:over|in)\s+the\s+(?:whole|entire)\s+war|so\s+far\s+in\s+the\s+war)\b/giu;
/** A place: "in Kursk", "in the Kursk region", "in eastern Russia", "around Pokrovsk". */
const placePattern =
  /\b(?:in|inside|around|near)\s+(?:the\s+)?(?:(?:far\s+)?(?:eastern|western|northern|southern|occupied)\s+)?(?:Russia's\s+|Russia’s\s+)?\p{Lu}[\p{L}-]+(?:\s+(?:region|oblast|province|area))?(?![\p{L}])/gu;
/** Capitalised words after "in" that are not places. */
const notAPlace =
  /\b(?:in|inside|around|near)\s+(?:the\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mr|Ms|Dr|President|Washington|Pyongyang|Moscow|Kyiv|Kiev|Seoul|Beijing|Tehran|Minsk|London|Paris|Berlin|Tokyo|English|Korean|Russian|Ukrainian|American)\b/u;

export function scopeOf(clause: string, figureOffsetInClause: number): string | undefined {
  // Nearest after the figure first ("11,000 soldiers on the ground in Russia"), then before it.
  const distance = (index: number) =>
    index >= figureOffsetInClause ? index - figureOffsetInClause : figureOffsetInClause - index + clause.length;
  const nearest = (matches: RegExpMatchArray[]) =>
    matches
      .filter((match) => !notAPlace.test(match[0]))
      .sort((a, b) => distance(a.index!) - distance(b.index!))[0]?.[0];
  // "nearly 8,000 troops in Kursk since the offensive began": both, in the order written.
  const found = [nearest([...clause.matchAll(spanPattern)]), nearest([...clause.matchAll(placePattern)])].filter(
    (part): part is string => part !== undefined,
  );
  return found.length ? found.sort((a, b) => clause.indexOf(a) - clause.indexOf(b)).join(' ') : undefined;
}
