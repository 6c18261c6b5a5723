import { beforeAll, describe, expect, it } from 'vitest';
import { openCollections } from '../../src/eval/bank.js';
import { leaveOneCollectionOut, trainingQuestions, type HeldOutReport } from '../../src/eval/bankEval.js';
import { tempDir } from '../helpers/tempDirs.js';

/**
 * Quality floor, held out: each collection of the question bank scored by an answerer fitted on
 * the others (what `npm run eval` reports), a little under what was measured. Raise these when
 * retrieval improves; a change that lowers them fails CI. Issue 11's bar (hit@1 ≥ 0.75, hit@3 ≥
 * 0.90, ≤ 5 % answerable declined, ahead of both MiniSearch baselines) is not reached yet: these
 * hold what is.
 */
const floors: Record<string, { hitAt1: number; hitAt3: number }> = {
  seeds: { hitAt1: 0.55, hitAt3: 0.68 },
  whitehouse: { hitAt1: 0.44, hitAt3: 0.62 },
  brown: { hitAt1: 0.46, hitAt3: 0.6 },
  brown2: { hitAt1: 0.57, hitAt3: 0.7 },
};
/** Answerable questions declined, at most (measured 7–16 %). */
const maxDeclinedShare = 0.2;
/** Unanswerable questions declined, at least (measured 5–26 %). */
const minDeclinedShare = 0.04;

/** Other topics' questions declined, at least (measured 68–95 %): a bot on Kursk does not answer Atlanta's news. */
const minOffTopicDeclinedShare = 0.6;

let reports: HeldOutReport[];
beforeAll(async () => {
  const collections = await openCollections(await tempDir());
  reports = leaveOneCollectionOut(collections, trainingQuestions(collections));
}, 240_000);

describe('held-out retrieval quality (leave-one-collection-out)', () => {
  it('covers every collection of the bank', () => {
    expect(reports.map((report) => report.collection).sort()).toEqual(Object.keys(floors).sort());
  });

  it('stays at or above the floor on every collection', () => {
    for (const { collection, sourcedesk } of reports) {
      expect(sourcedesk.hitAt1, collection).toBeGreaterThanOrEqual(floors[collection]!.hitAt1);
      expect(sourcedesk.hitAt3, collection).toBeGreaterThanOrEqual(floors[collection]!.hitAt3);
    }
  });

  it('beats plain MiniSearch (defaults) on hit@1 and hit@3 on every collection', () => {
    for (const { collection, sourcedesk, plainMiniSearch } of reports) {
      expect(sourcedesk.hitAt1, collection).toBeGreaterThan(plainMiniSearch.hitAt1);
      expect(sourcedesk.hitAt3, collection).toBeGreaterThan(plainMiniSearch.hitAt3);
    }
  });

  it('declines some unanswerable questions on every collection', () => {
    for (const { collection, sourcedesk } of reports)
      expect(sourcedesk.correctlyDeclined / sourcedesk.unanswerable, collection).toBeGreaterThanOrEqual(
        minDeclinedShare,
      );
  });

  it('declines most questions on another topic', () => {
    for (const { collection, offTopic } of reports) {
      expect(offTopic.asked, collection).toBeGreaterThan(100);
      expect(offTopic.declined / offTopic.asked, collection).toBeGreaterThanOrEqual(minOffTopicDeclinedShare);
    }
  });

  it('declines few answerable questions', () => {
    for (const { collection, sourcedesk } of reports)
      expect(sourcedesk.wronglyDeclined / sourcedesk.answerable, collection).toBeLessThanOrEqual(maxDeclinedShare);
  });
});
