import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateRetrieval, readEvalQuestions, type RetrievalReport } from '../../src/eval/retrieval.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { projectRoot } from '../../src/util/paths.js';
import { tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

/**
 * Quality floor: the scores reached on the development questions. Raise these when retrieval
 * improves; a change that lowers them fails CI.
 */
const floor = { hitAt1: 0.857, hitAt3: 0.964, mrrAt5: 0.905 };

let report: RetrievalReport;
beforeAll(async () => {
  const kb = await KnowledgeBase.open(await tempKnowledgeBaseOptions());
  report = evaluateRetrieval(readEvalQuestions(join(projectRoot, 'test/data/dev-qa.jsonl')), (question) =>
    kb.ask(question),
  );
});

describe('retrieval evaluation on the development questions', () => {
  it('stays at or above the quality floor', () => {
    expect(report.hitAt1).toBeGreaterThanOrEqual(floor.hitAt1);
    expect(report.hitAt3).toBeGreaterThanOrEqual(floor.hitAt3);
    expect(report.mrrAt5).toBeGreaterThanOrEqual(floor.mrrAt5);
  });

  it('declines every unanswerable question and no answerable one', () => {
    expect(report.correctlyDeclined).toBe(report.unanswerable);
    expect(report.wronglyDeclined).toBe(0);
  });
});
