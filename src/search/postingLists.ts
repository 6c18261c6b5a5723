import type { RestorableTerm, SavedDocuments } from './savableMiniSearch.js';

/** A document's terms, field by field in field id order; undefined for a field it does not have. */
export type FieldTerms = ReadonlyArray<readonly string[] | undefined>;

/** An index as posting lists, ready for `SavableMiniSearch.restore` and `restoreTerms`. */
export interface PostingLists {
  documents: SavedDocuments;
  termCount: number;
  /**
   * Each term once, in the order MiniSearch would have met it, its lists as typed arrays laid out
   * like a SavedTerm's; a term's lists are let go of once given.
   */
  terms(): Generator<RestorableTerm>;
}

interface TermSlot {
  /** Field ids in the order the term was first met in them. */
  fieldOrder: number[];
  /** Per field id: documents counted so far, the last of them, and then the postings. */
  documentCount: number[];
  lastDocument: number[];
  /** `[fieldId, shortId, frequency, shortId, frequency, …]`, of exactly the size counted. */
  postings: Int32Array[];
  filled: number[];
}

/**
 * Indexes documents already split into terms exactly as MiniSearch's `add` would (the same field
 * lengths, running averages, postings, and order of terms and fields), into posting lists.
 *
 * Why not `add`: it grows every term's Map a posting at a time over the whole build, so at
 * 100,000 paragraphs tens of thousands of Maps outgrew their tables while the garbage collector
 * was promoting them, and the old tables (~175 MB) sat in the old generation until the end of the
 * reindex. Here a first pass counts each term's documents, a second fills arrays of exactly that
 * size, and MiniSearch's Maps are then made a term at a time from them, as a load does.
 * `step` is called between slices of documents, twice per document in all (count, fill).
 */
export async function buildPostingLists(
  documents: readonly FieldTerms[],
  step: (done: number, total: number) => Promise<void>,
): Promise<PostingLists> {
  const slots = new Map<string, TermSlot>();
  const fieldLength: number[][] = [];
  const averageFieldLength: number[] = [];
  const total = documents.length * 2;
  const stepEvery = Math.max(1, Math.floor(total / 100));

  for (const [shortId, fields] of documents.entries()) {
    const lengths: number[] = [];
    fields.forEach((terms, fieldId) => {
      if (terms === undefined) return;
      // As MiniSearch: a field's length is its number of distinct terms, averaged over the documents added so far.
      lengths[fieldId] = new Set(terms).size;
      averageFieldLength[fieldId] = ((averageFieldLength[fieldId] || 0) * shortId + lengths[fieldId]) / (shortId + 1);
      for (const term of terms) {
        if (!term) continue;
        let slot = slots.get(term);
        if (!slot)
          slots.set(term, (slot = { fieldOrder: [], documentCount: [], lastDocument: [], postings: [], filled: [] }));
        if (slot.documentCount[fieldId] === undefined) {
          slot.fieldOrder.push(fieldId);
          slot.documentCount[fieldId] = 0;
        }
        if (slot.lastDocument[fieldId] !== shortId) {
          slot.lastDocument[fieldId] = shortId;
          slot.documentCount[fieldId] += 1;
        }
      }
    });
    fieldLength.push(lengths);
    if ((shortId + 1) % stepEvery === 0) await step(shortId + 1, total);
  }

  for (const slot of slots.values()) {
    for (const fieldId of slot.fieldOrder) {
      slot.postings[fieldId] = new Int32Array(1 + slot.documentCount[fieldId]! * 2);
      slot.postings[fieldId][0] = fieldId;
      slot.filled[fieldId] = 1;
    }
  }
  for (const [shortId, fields] of documents.entries()) {
    fields.forEach((terms, fieldId) => {
      for (const term of terms ?? []) {
        if (!term) continue;
        const slot = slots.get(term)!;
        const postings = slot.postings[fieldId]!;
        const end = slot.filled[fieldId]!;
        if (end > 1 && postings[end - 2] === shortId) {
          postings[end - 1]! += 1;
        } else {
          postings[end] = shortId;
          postings[end + 1] = 1;
          slot.filled[fieldId] = end + 2;
        }
      }
    });
    const done = documents.length + shortId + 1;
    if (done % stepEvery === 0) await step(done, total);
  }

  return {
    documents: { fieldLength, averageFieldLength },
    termCount: slots.size,
    *terms() {
      for (const [term, slot] of slots) {
        yield [term, ...slot.fieldOrder.map((fieldId) => toGaps(slot.postings[fieldId]!))];
        slots.delete(term);
      }
    },
  };
}

/** Turns short ids into gaps (see SavedTerm), in place: no copy of a long list is made. */
function toGaps(postings: Int32Array): Int32Array {
  let previous = 0;
  for (let at = 1; at < postings.length; at += 2) {
    const shortId = postings[at]!;
    postings[at] = shortId - previous;
    previous = shortId;
  }
  return postings;
}
