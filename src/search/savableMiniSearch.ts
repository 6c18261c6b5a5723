import MiniSearch, { type Options } from 'minisearch';

/** A document found by `searchTop`, as MiniSearch's `search` would report it (less `match`). */
export interface TopResult {
  id: string;
  score: number;
  /** The query terms that matched, in query order. */
  queryTerms: string[];
  /** The document's terms that matched them: the same, or what typo tolerance found instead. */
  terms: string[];
}

export interface TopSearchOptions {
  /** How many documents to return, best first. */
  limit: number;
  /**
   * Typo tolerance per query term, as MiniSearch's `fuzzy` option: a share of its length, an edit
   * distance, or false.
   */
  fuzzy?: (term: string) => number | false;
  /** Only documents whose id passes are returned. */
  filter?: (id: string) => boolean;
  /**
   * How much each query term counts (default 1): its BM25 score is multiplied by it, and it adds
   * that much, not 1, to the count of matched terms MiniSearch multiplies by. A semantic stand-in
   * for a question word ("injured" for "wounded") weighs less than the word itself.
   */
  termWeight?: (term: string) => number;
}

/**
 * One term of the index as saved: the term, then one array for each field it occurs in:
 * `[fieldId, gap, frequency, gap, frequency, …]`, where a gap is the distance from the previous
 * document's short id (from 0 for the first): small numbers, so the text stays short.
 */
export type SavedTerm = [term: string, ...fields: number[][]];

/** A saved term, or the same lists in typed arrays (see buildPostingLists). */
export type RestorableTerm = readonly [term: string, ...fields: Array<ArrayLike<number>>];

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
 * MiniSearch with what sourcedesk needs beyond its public API, at 100,000 paragraphs: saving and
 * restoring the index a term at a time in compact posting lists, and a search that keeps only
 * the best few results (`searchTop`).
 *
 * MiniSearch's own `toJSON` and `loadJS` go through one object that holds every posting keyed by
 * document id as a string. At 100,000 paragraphs that object took ~180 MB beside the index it
 * copies (so a reindex peaked at twice the index), and turning its keys back into numbers and
 * Maps was most of a start's time. The fields used here are the ones MiniSearch declares
 * `protected` for subclasses; the tests compare saving, restoring and `searchTop` against
 * MiniSearch's own `add` and `search`.
 */
export class SavableMiniSearch<T> extends MiniSearch<T> {
  /**
   * An empty index with `documents` and their field lengths, ready for `restoreTerms`. `ids` are
   * the documents' ids in the order they were added to the saved index.
   */
  static restore<T>(options: Options<T>, ids: readonly string[], documents: SavedDocuments): SavableMiniSearch<T> {
    if (documents.fieldLength.length !== ids.length)
      throw new Error(`the index has field lengths for ${documents.fieldLength.length} documents, not ${ids.length}`);
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
   * Adds terms to an index made by `restore`: saved terms parsed from JSON, or posting lists from
   * `buildPostingLists`. Checks them as it goes (millions of numbers at 100,000 paragraphs, which
   * a schema took longer to check than this takes to load), and throws on anything that is not
   * a term or points at no document.
   */
  restoreTerms(terms: Iterable<RestorableTerm>): void {
    for (const [term, ...fields] of terms) {
      if (typeof term !== 'string' || fields.length === 0)
        throw new Error(`${JSON.stringify(term)} is not a saved term`);
      const fieldData = new Map<number, Map<number, number>>();
      for (const field of fields) {
        // Read in place, never copied: a common term's list can hold a hundred thousand numbers.
        const fieldId = field[0];
        if (!Number.isInteger(fieldId) || field.length % 2 !== 1)
          throw new Error(`the postings of "${term}" are malformed`);
        const postings = new Map<number, number>();
        let shortId = 0;
        for (let at = 1; at < field.length; at += 2) {
          shortId += field[at]!;
          const frequency = field[at + 1]!;
          if (!(Number.isInteger(shortId) && shortId >= 0 && shortId < this._documentCount))
            throw new Error(`the postings of "${term}" point outside the documents`);
          if (!(frequency > 0 && Number.isFinite(frequency)))
            throw new Error(`the postings of "${term}" have a frequency that is not a positive finite number`);
          postings.set(shortId, frequency);
        }
        fieldData.set(fieldId!, postings);
      }
      this._index.set(term, fieldData);
    }
  }

  /** Throws when a document was ever removed: short ids would no longer follow the order of adding. */
  savedDocuments(): SavedDocuments {
    if (this._nextId !== this._documentCount)
      throw new Error('an index that documents were removed from cannot be saved');
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

  /**
   * The best `limit` documents for distinct `queryTerms`: the documents MiniSearch's own `search`
   * ranks first, with the same scores, in the same order, under the index's search options
   * (fields and their boosts, fuzzy weight, BM25 parameters), combining terms with OR and
   * without prefix search, term boosts or document boosts, which sourcedesk does not use.
   *
   * `search` builds, scores and sorts a result object for every document any term occurs in; at
   * 100,000 paragraphs a question's everyday words matched thousands, and that was most of its
   * time. Here scores add up in typed arrays and only the best few become results.
   */
  /** The id of the document with `shortId` (MiniSearch types its ids as `any`; these are strings). */
  private documentId(shortId: number): string {
    return this._documentIds.get(shortId) as string;
  }

  searchTop(queryTerms: readonly string[], { limit, fuzzy, filter, termWeight }: TopSearchOptions): TopResult[] {
    const scratch = this.scratchArrays();
    const { total, termScore, termsMatched, matchedWeight, lastTerm } = scratch;
    const seen: number[] = [];
    const matches = queryTerms.map((term, termIndex) => {
      const found = this.matchingTerms(term, fuzzy?.(term) ?? false);
      const queryWeight = termWeight?.(term) ?? 1;
      const touched: number[] = [];
      for (const { data, weight } of found) {
        for (const field of this.fieldsToSearch()) {
          const postings = data.get(field.id);
          if (!postings) continue;
          for (const [shortId, frequency] of postings) {
            const score =
              queryWeight *
              weight *
              field.boost *
              this.bm25(frequency, postings.size, this._fieldLength.get(shortId)![field.id]!, field.averageLength);
            if (lastTerm[shortId] === termIndex) {
              termScore[shortId]! += score;
            } else {
              lastTerm[shortId] = termIndex;
              termScore[shortId] = score;
              touched.push(shortId);
            }
          }
        }
      }
      // Added a term at a time, in the order documents were first found: the same sums, in the
      // same order of ties, as MiniSearch's combining of one term's results with the next.
      for (const shortId of touched) {
        if (termsMatched[shortId] === 0) {
          seen.push(shortId);
          total[shortId] = termScore[shortId]!;
        } else {
          total[shortId]! += termScore[shortId]!;
        }
        termsMatched[shortId]! += 1;
        matchedWeight[shortId]! += queryWeight;
      }
      return found;
    });

    const best: Array<{ shortId: number; score: number }> = [];
    for (const shortId of seen) {
      // MiniSearch multiplies by the number of query terms a document matched (here, their weights).
      const score = total[shortId]! * matchedWeight[shortId]!;
      if (best.length === limit && score <= best[limit - 1]!.score) continue;
      if (filter && !filter(this.documentId(shortId))) continue;
      // After every equal score: a tie goes to the document found first, as in a stable sort.
      let at = best.length;
      while (at > 0 && best[at - 1]!.score < score) at--;
      best.splice(at, 0, { shortId, score });
      if (best.length > limit) best.pop();
    }
    for (const shortId of seen) {
      termsMatched[shortId] = 0;
      matchedWeight[shortId] = 0;
      lastTerm[shortId] = -1;
    }
    return best.map(({ shortId, score }) => {
      const queryTermsMatched: string[] = [];
      const termsMatchedHere = new Set<string>();
      matches.forEach((found, termIndex) => {
        for (const { term, data } of found) {
          if (![...data.values()].some((postings) => postings.has(shortId))) continue;
          if (!queryTermsMatched.includes(queryTerms[termIndex]!)) queryTermsMatched.push(queryTerms[termIndex]!);
          termsMatchedHere.add(term);
        }
      });
      return { id: this.documentId(shortId), score, queryTerms: queryTermsMatched, terms: [...termsMatchedHere] };
    });
  }

  /** The query term itself, then what typo tolerance finds, each with its weight (as MiniSearch's executeQuerySpec). */
  private matchingTerms(
    term: string,
    fuzzy: number | false,
  ): Array<{ term: string; data: Map<number, Map<number, number>>; weight: number }> {
    const exact = this._index.get(term);
    const found = exact ? [{ term, data: exact, weight: 1 }] : [];
    const { maxFuzzy, weights } = this._options.searchOptions;
    const maxDistance = fuzzy === false ? 0 : fuzzy < 1 ? Math.min(maxFuzzy, Math.round(term.length * fuzzy)) : fuzzy;
    if (maxDistance === 0) return found;
    for (const [near, [data, distance]] of this._index.fuzzyGet(term, maxDistance)) {
      if (distance > 0)
        found.push({
          term: near,
          data,
          weight: ((weights.fuzzy ?? fuzzyWeightDefault) * near.length) / (near.length + distance),
        });
    }
    return found;
  }

  private fieldsToSearch(): Array<{ id: number; boost: number; averageLength: number }> {
    const { boost } = this._options.searchOptions;
    return this._options.fields.map((field) => {
      const id = this._fieldIds[field]!;
      return { id, boost: boost?.[field] || 1, averageLength: this._avgFieldLength[id]! };
    });
  }

  /** MiniSearch's BM25+, term for term, so that scores come out the same to the last bit. */
  private bm25(termFrequency: number, matchingCount: number, fieldLength: number, averageFieldLength: number): number {
    const { k, b, d } = this._options.searchOptions.bm25;
    const inverseDocumentFrequency = Math.log(1 + (this._documentCount - matchingCount + 0.5) / (matchingCount + 0.5));
    return (
      inverseDocumentFrequency *
      (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageFieldLength)))
    );
  }

  private scratch:
    | {
        total: Float64Array;
        termScore: Float64Array;
        termsMatched: Uint32Array;
        matchedWeight: Float64Array;
        lastTerm: Int32Array;
      }
    | undefined;

  /** One set of per-document arrays, reused by every search (searches run one at a time). */
  private scratchArrays() {
    if (this.scratch?.total.length !== this._nextId) {
      this.scratch = {
        total: new Float64Array(this._nextId),
        termScore: new Float64Array(this._nextId),
        termsMatched: new Uint32Array(this._nextId),
        matchedWeight: new Float64Array(this._nextId),
        lastTerm: new Int32Array(this._nextId).fill(-1),
      };
    }
    return this.scratch;
  }

  /** In how many documents each term occurs, in any of its fields. */
  documentFrequencies(): Map<string, number> {
    const frequencies = new Map<string, number>();
    for (const [term, fieldData] of this._index) frequencies.set(term, documentsInAnyField([...fieldData.values()]));
    return frequencies;
  }
}

/** MiniSearch's default weight of a typo-tolerant match, used when the options set none. */
const fuzzyWeightDefault = 0.45;

/** The documents in the largest field's postings, and those of the others that it lacks. */
function documentsInAnyField(postingsPerField: Array<Map<number, number>>): number {
  const [largest, ...others] = postingsPerField.sort((a, b) => b.size - a.size);
  if (others.length === 0) return largest?.size ?? 0;
  const elsewhere = new Set<number>();
  for (const postings of others)
    for (const shortId of postings.keys()) if (!largest!.has(shortId)) elsewhere.add(shortId);
  return largest!.size + elsewhere.size;
}
