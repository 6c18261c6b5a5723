import MiniSearch, { type Options } from 'minisearch';

/**
 * One term of the index as saved: the term, then one array for each field it occurs in:
 * `[fieldId, gap, frequency, gap, frequency, …]`, where a gap is the distance from the previous
 * document's short id (from 0 for the first): small numbers, so the text stays short.
 */
export type SavedTerm = [term: string, ...fields: number[][]];

/**
 * What MiniSearch scores with besides the postings, as saved. Document ids are not among them:
 * they are the ids of the documents in the order they were added (see `restore`).
 */
export interface SavedDocuments {
  /** Per document in order of adding, the length in terms of each field it has. */
  fieldLength: number[][];
  averageFieldLength: number[];
}

/**
 * MiniSearch that saves its index a term at a time, in compact posting lists, and restores it
 * from them.
 *
 * MiniSearch's own `toJSON` and `loadJS` go through one object that holds every posting keyed by
 * document id as a string. At 100,000 paragraphs that object took ~180 MB beside the index it
 * copies (so a reindex peaked at twice the index), and turning its keys back into numbers and
 * Maps was most of a start's time. The fields used here are the ones MiniSearch declares
 * `protected` for subclasses; the tests compare every search against an index built by `add`.
 */
export class SavableMiniSearch<T> extends MiniSearch<T> {
  /**
   * An empty index with `documents` and their field lengths, ready for `restoreTerms`. `ids` are
   * the documents' ids in the order they were added to the saved index.
   */
  static restore<T>(options: Options<T>, ids: readonly string[], documents: SavedDocuments): SavableMiniSearch<T> {
    if (documents.fieldLength.length !== ids.length) throw new Error(`the index has field lengths for ${documents.fieldLength.length} documents, not ${ids.length}`);
    const index = new SavableMiniSearch<T>(options);
    index._documentCount = ids.length;
    index._nextId = ids.length;
    index._documentIds = new Map(ids.map((id, shortId) => [shortId, id]));
    index._idToShortId = new Map(ids.map((id, shortId) => [id, shortId]));
    index._fieldLength = new Map(documents.fieldLength.map((lengths, shortId) => [shortId, lengths]));
    index._avgFieldLength = documents.averageFieldLength;
    return index;
  }

  /**
   * Adds saved terms, parsed from JSON, to an index made by `restore`. Checks them as it goes
   * (millions of numbers at 100,000 paragraphs, which a schema took longer to check than this
   * takes to load), and throws on anything that is not a term or points at no document.
   */
  restoreTerms(terms: readonly SavedTerm[]): void {
    for (const [term, ...fields] of terms) {
      if (typeof term !== 'string' || fields.length === 0) throw new Error(`${JSON.stringify(term)} is not a saved term`);
      const fieldData = new Map<number, Map<number, number>>();
      for (const [fieldId, ...gapsAndFrequencies] of fields) {
        if (!Number.isInteger(fieldId) || gapsAndFrequencies.length % 2 !== 0) throw new Error(`the postings of "${term}" are malformed`);
        const postings = new Map<number, number>();
        let shortId = 0;
        for (let at = 0; at < gapsAndFrequencies.length; at += 2) {
          shortId += gapsAndFrequencies[at]!;
          const frequency = gapsAndFrequencies[at + 1]!;
          if (!(Number.isInteger(shortId) && shortId >= 0 && shortId < this._documentCount)) throw new Error(`the postings of "${term}" point outside the documents`);
          if (!(frequency > 0)) throw new Error(`the postings of "${term}" are malformed`);
          postings.set(shortId, frequency);
        }
        fieldData.set(fieldId!, postings);
      }
      this._index.set(term, fieldData);
    }
  }

  /** Throws when a document was ever removed: short ids would no longer follow the order of adding. */
  savedDocuments(): SavedDocuments {
    if (this._nextId !== this._documentCount) throw new Error('an index that documents were removed from cannot be saved');
    return { fieldLength: [...this._fieldLength.values()], averageFieldLength: this._avgFieldLength };
  }

  /** Every term with its postings, one at a time, so saving never holds a copy of the whole index. */
  *savedTerms(): Generator<SavedTerm> {
    for (const [term, fieldData] of this._index) {
      const fields: number[][] = [];
      for (const [fieldId, postings] of fieldData) {
        const field = [fieldId];
        let previous = 0;
        for (const [shortId, frequency] of postings) {
          field.push(shortId - previous, frequency);
          previous = shortId;
        }
        fields.push(field);
      }
      yield [term, ...fields];
    }
  }

  /** In how many documents each term occurs, in any of its fields. */
  documentFrequencies(): Map<string, number> {
    const frequencies = new Map<string, number>();
    for (const [term, fieldData] of this._index) frequencies.set(term, documentsInAnyField([...fieldData.values()]));
    return frequencies;
  }
}

/** The documents in the largest field's postings, and those of the others that it lacks. */
function documentsInAnyField(postingsPerField: Array<Map<number, number>>): number {
  const [largest, ...others] = postingsPerField.sort((a, b) => b.size - a.size);
  if (others.length === 0) return largest?.size ?? 0;
  const elsewhere = new Set<number>();
  for (const postings of others) for (const shortId of postings.keys()) if (!largest!.has(shortId)) elsewhere.add(shortId);
  return largest!.size + elsewhere.size;
}
