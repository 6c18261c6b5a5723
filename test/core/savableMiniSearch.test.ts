import fc from 'fast-check';
import MiniSearch, { type Options, type SearchOptions } from 'minisearch';
import { describe, expect, it } from 'vitest';
import { buildPostingLists } from '../../src/search/postingLists.js';
import { SavableMiniSearch, type SavedTerm } from '../../src/search/savableMiniSearch.js';

interface Doc {
  id: string;
  text: string;
  heading?: string;
}

const options: Options<Doc> = { fields: ['text', 'heading'], storeFields: [] };
const searches: SearchOptions[] = [
  {},
  { fuzzy: 0.2 },
  { prefix: true },
  { combineWith: 'AND' },
  { boost: { heading: 3 } },
];

/** Saves through JSON, as the snapshot does, and restores in batches of `batchSize` terms. */
function saveAndRestore(index: SavableMiniSearch<Doc>, ids: string[], batchSize: number): SavableMiniSearch<Doc> {
  const documents = JSON.parse(JSON.stringify(index.savedDocuments())) as ReturnType<typeof index.savedDocuments>;
  const terms = JSON.parse(JSON.stringify([...index.savedTerms()])) as SavedTerm[];
  const restored = SavableMiniSearch.restore(options, ids, documents);
  for (let at = 0; at < terms.length; at += batchSize) restored.restoreTerms(terms.slice(at, at + batchSize));
  return restored;
}

const word = fc.constantFrom(
  'troops',
  'kursk',
  'korea',
  'russia',
  'soldiers',
  'wounded',
  'killed',
  'pyongyang',
  'moscow',
  'front',
  'troop',
  'korean',
);
const doc = fc.record({
  text: fc.array(word, { maxLength: 12 }).map((words) => words.join(' ')),
  heading: fc.option(
    fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' ')),
    { nil: undefined },
  ),
});

describe('SavableMiniSearch', () => {
  it('searches exactly like MiniSearch after saving and restoring, whatever the documents and queries', () => {
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 30 }),
        fc.array(word, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 5 }),
        (docs, query, batchSize) => {
          const withIds: Doc[] = docs.map((document, position) => ({ id: `d${position}`, ...document }));
          const original = new SavableMiniSearch<Doc>(options);
          original.addAll(withIds);
          const plain = MiniSearch.loadJS<Doc>(JSON.parse(JSON.stringify(original)), options);
          const restored = saveAndRestore(
            original,
            withIds.map((document) => document.id),
            batchSize,
          );
          expect(restored.documentCount).toBe(original.documentCount);
          expect(restored.termCount).toBe(original.termCount);
          for (const search of searches)
            expect(restored.search(query.join(' '), search)).toEqual(plain.search(query.join(' '), search));
        },
      ),
    );
  });

  it('finds the best documents exactly as MiniSearch ranks them: same order, same scores, ties included', () => {
    const searchOptions: Options<Doc> = {
      ...options,
      searchOptions: { boost: { text: 1, heading: 0.5 }, weights: { fuzzy: 0.6, prefix: 0.3 } },
    };
    const queryWord = fc.oneof(word, fc.constantFrom('kurks', 'troosp', 'rusia', 'wounde', 'nowhere'));
    fc.assert(
      fc.property(
        fc.array(doc, { minLength: 1, maxLength: 40 }),
        fc.uniqueArray(queryWord, { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom<Array<number | false>>([false], [1], [2], [0.3], [false, 1, 2]),
        fc.boolean(),
        (docs, query, limit, fuzzyChoices, filtered) => {
          const index = new SavableMiniSearch<Doc>(searchOptions);
          index.addAll(docs.map((document, position) => ({ id: `d${position}`, ...document })));
          const fuzzy = (term: string) => fuzzyChoices[term.length % fuzzyChoices.length]!;
          const filter = filtered ? (id: string) => Number(id.slice(1)) % 3 !== 0 : undefined;
          const expected = index
            .search(query.join(' '), {
              tokenize: (text) => text.split(' '),
              fuzzy,
              ...(filter ? { filter: (result) => filter(result.id as string) } : {}),
            })
            .slice(0, limit)
            .map(({ id, score, queryTerms, terms }) => ({ id, score, queryTerms, terms: [...terms].sort() }));
          const top = index
            .searchTop(query, { limit, fuzzy, ...(filter ? { filter } : {}) })
            .map((result) => ({ ...result, terms: [...result.terms].sort() }));
          expect(top).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("builds from documents split into terms exactly the index MiniSearch's add builds", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(doc, { minLength: 1, maxLength: 30 }), async (docs) => {
        const withIds: Doc[] = docs.map((document, position) => ({ id: `d${position}`, ...document }));
        const splitOnSpaces = { ...options, tokenize: (text: string) => text.split(' ') };
        const added = new SavableMiniSearch<Doc>(splitOnSpaces);
        added.addAll(withIds);
        const steps: number[] = [];
        const lists = await buildPostingLists(
          withIds.map(({ text, heading }) => [text.split(' '), heading?.split(' ')]),
          async (done) => void steps.push(done),
        );
        const built = SavableMiniSearch.restore(
          splitOnSpaces,
          withIds.map((document) => document.id),
          lists.documents,
        );
        expect(lists.termCount).toBe(added.termCount);
        built.restoreTerms([...lists.terms()]);
        expect(built.savedDocuments()).toEqual(added.savedDocuments());
        expect([...built.savedTerms()]).toEqual([...added.savedTerms()]);
        expect(built.search('troops kursk', { fuzzy: 1 })).toEqual(added.search('troops kursk', { fuzzy: 1 }));
        expect(steps.at(-1)).toBe(withIds.length * 2);
      }),
    );
  });

  it('counts each document once per term, in whichever fields the term occurs', () => {
    const index = new SavableMiniSearch<Doc>(options);
    index.addAll([
      { id: 'a', text: 'troops troops kursk', heading: 'troops' },
      { id: 'b', text: 'kursk front' },
      { id: 'c', text: 'moscow', heading: 'kursk' },
    ]);
    expect(Object.fromEntries(index.documentFrequencies())).toEqual({ troops: 1, kursk: 3, front: 1, moscow: 1 });
  });

  it('saves postings as gaps between documents', () => {
    const index = new SavableMiniSearch<Doc>(options);
    index.addAll([
      { id: 'a', text: 'kursk' },
      { id: 'b', text: 'moscow' },
      { id: 'c', text: 'kursk kursk' },
    ]);
    expect([...index.savedTerms()]).toContainEqual(['kursk', [0, 0, 1, 2, 2]]);
  });

  it('refuses postings that point outside the documents, and field lengths that do not fit them', () => {
    const restored = SavableMiniSearch.restore(options, ['a', 'b'], {
      fieldLength: [[1], [1]],
      averageFieldLength: [1],
    });
    expect(() => restored.restoreTerms([['kursk', [0, 0, 1, 2, 1]]])).toThrow(/point outside the documents/);
    expect(() => restored.restoreTerms([['kursk', [0, -1, 1]]])).toThrow(/point outside the documents/);
    expect(() =>
      SavableMiniSearch.restore(options, ['a'], { fieldLength: [[1], [1]], averageFieldLength: [1] }),
    ).toThrow(/field lengths for 2 documents, not 1/);
  });

  it('will not save an index that documents were removed from, whose ids no longer follow the order of adding', () => {
    const index = new SavableMiniSearch<Doc>(options);
    index.addAll([
      { id: 'a', text: 'kursk' },
      { id: 'b', text: 'moscow' },
    ]);
    index.discard('a');
    expect(() => index.savedDocuments()).toThrow(/documents were removed/);
  });
});
