import { join } from 'node:path';
import type { AnswererModel } from '../ask/answerer.js';
import { projectRoot } from '../util/paths.js';
import { miniSearchBaseline, type Collection } from './bank.js';
import { fitAnswerer, type TrainingQuestion } from './fitAnswerer.js';
import { evaluateRetrieval, readEvalQuestions, type EvalQuestion, type RetrievalReport } from './retrieval.js';

/** The development questions are over the bundled seeds: training data wherever that collection is. */
const developmentQuestions = { collection: 'seeds', path: 'test/data/dev-qa.jsonl' };

/** An off-topic question counts for this much of one written for the collection, so they do not swamp it. */
const offTopicWeight = 0.5;

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
  // Off-topic questions: each collection's answerable questions, asked of a collection on another topic.
  for (const asked of collections)
    for (const from of collections) {
      if (from.spec.topic === asked.spec.topic) continue;
      for (const question of from.questions.filter((item) => item.gold.length > 0)) {
        const scored = asked.kb.candidates(question.q);
        if (scored)
          questions.push({
            collection: asked.spec.id,
            from: from.spec.id,
            weight: offTopicWeight,
            id: question.id,
            gold: [],
            scored,
          });
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
  /**
   * The other topics' answerable questions asked of this collection (none answers here), and how many the
   * answerer declined: what the rows above do not show, a bot answering "What is the capital of Australia?".
   */
  offTopic: { asked: number; declined: number };
  model: AnswererModel;
}

/** Leave-one-collection-out: for each collection, fit on the others and score the CLI's answers on it. */
export function leaveOneCollectionOut(
  collections: readonly Collection[],
  questions: readonly TrainingQuestion[],
): HeldOutReport[] {
  return collections.map(({ spec, kb, questions: bank }) => {
    const training = questions.filter((question) => question.collection !== spec.id && question.from !== spec.id);
    const model = fitAnswerer(training, {
      collections: [...new Set(training.map((question) => question.collection))],
      questions: training.length,
      heldOut: spec.id,
    });
    const offTopic = collections
      .filter((other) => other.spec.topic !== spec.topic)
      .flatMap((other) => other.questions.filter((question) => question.gold.length > 0));
    return {
      collection: spec.id,
      sourcedesk: evaluateRetrieval(bank, (question) => kb.ask(question, {}, model)),
      offTopic: {
        asked: offTopic.length,
        declined: offTopic.filter((question) => !kb.ask(question.q, {}, model).answered).length,
      },
      plainMiniSearch: evaluateRetrieval(bank, miniSearchBaseline(kb.chunks(), false)),
      miniSearchStopWords: evaluateRetrieval(bank, miniSearchBaseline(kb.chunks(), true)),
      model,
    };
  });
}

/** The held-out table: each collection scored by an answerer fitted without it, beside both baselines. */
export function renderHeldOut(reports: readonly HeldOutReport[]): string {
  const row = (name: string, report: RetrievalReport) =>
    `  ${name.padEnd(24)} ${report.hitAt1.toFixed(2)}   ${report.hitAt3.toFixed(2)}   ${report.mrrAt5.toFixed(2)}   ` +
    `${`${report.correctlyDeclined}/${report.unanswerable}`.padStart(7)}   ${`${report.wronglyDeclined}/${report.answerable}`.padStart(7)}`;
  const lines = ['Held out (leave-one-collection-out: fitted on the other collections)'];
  for (const report of reports) {
    const { asked, declined } = report.offTopic;
    lines.push(
      `${report.collection} (${report.sourcedesk.questions} questions)      hit@1  hit@3  MRR@5  unans.declined  ans.declined`,
      row('sourcedesk', report.sourcedesk),
      row('MiniSearch defaults', report.plainMiniSearch),
      row('MiniSearch + stop words', report.miniSearchStopWords),
      `  off-topic questions (other topics' answerable ones) declined by sourcedesk: ${declined}/${asked}`,
    );
  }
  return lines.join('\n') + '\n';
}
