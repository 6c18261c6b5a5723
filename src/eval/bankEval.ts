import { join } from 'node:path';
import type { AnswererModel } from '../ask/answerer.js';
import { projectRoot } from '../util/paths.js';
import { miniSearchBaseline, type Collection } from './bank.js';
import { fitAnswerer, type TrainingQuestion } from './fitAnswerer.js';
import { evaluateRetrieval, readEvalQuestions, type EvalQuestion, type RetrievalReport } from './retrieval.js';

/** The development questions are over the bundled seeds: training data wherever that collection is. */
const developmentQuestions = { collection: 'seeds', path: 'test/data/dev-qa.jsonl' };

/** Every question of every collection with its candidates, measured once: folds differ only in the fit. */
export function trainingQuestions(collections: readonly Collection[]): TrainingQuestion[] {
  const questions: TrainingQuestion[] = [];
  for (const { spec, kb, questions: bank } of collections) {
    const extra: EvalQuestion[] =
      spec.id === developmentQuestions.collection
        ? readEvalQuestions(join(projectRoot, developmentQuestions.path))
        : [];
    for (const question of [...bank, ...extra]) {
      const scored = kb.candidates(question.q);
      if (scored) questions.push({ collection: spec.id, id: question.id, gold: question.gold, scored });
    }
  }
  return questions;
}

export interface HeldOutReport {
  collection: string;
  /** The answerer fitted on every other collection, scored on this one. */
  sourcedesk: RetrievalReport;
  plainMiniSearch: RetrievalReport;
  miniSearchStopWords: RetrievalReport;
  model: AnswererModel;
}

/** Leave-one-collection-out: for each collection, fit on the others and score the CLI's answers on it. */
export function leaveOneCollectionOut(
  collections: readonly Collection[],
  questions: readonly TrainingQuestion[],
): HeldOutReport[] {
  return collections.map(({ spec, kb, questions: bank }) => {
    const training = questions.filter((question) => question.collection !== spec.id);
    const model = fitAnswerer(training, {
      collections: [...new Set(training.map((question) => question.collection))],
      questions: training.length,
      heldOut: spec.id,
    });
    return {
      collection: spec.id,
      sourcedesk: evaluateRetrieval(bank, (question) => kb.ask(question, {}, model)),
      plainMiniSearch: evaluateRetrieval(bank, miniSearchBaseline(kb.chunks(), false)),
      miniSearchStopWords: evaluateRetrieval(bank, miniSearchBaseline(kb.chunks(), true)),
      model,
    };
  });
}
