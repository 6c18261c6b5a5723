/** `fields` with the ones that have no value dropped: each becomes optional and, where given, defined. */
export type PresentFields<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * A copy of `fields` without those that are undefined or the empty string, in the same order: optional
 * fields are left out rather than set to nothing, so JSON, snapshots and `toEqual` never see a key
 * without a value. Spread it into an object literal: `{ id, ...presentFields({ publisher, date }) }`.
 */
export function presentFields<T extends object>(fields: T): PresentFields<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined && value !== ''),
  ) as PresentFields<T>;
}
