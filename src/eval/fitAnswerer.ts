import {
  answerConfidence,
  confidenceVector,
  lacksOwnWords,
  rankCandidates,
  type ScoredQuestion,
} from '../ask/answer.js';
import { candidateFeatures, confidenceFeatures, featureVector, type AnswererModel } from '../ask/answerer.js';
import { fitLogistic, logit, type LogisticModel } from '../ask/logistic.js';
import { containsGold } from './retrieval.js';

/** One training question: its candidates (features computed once) and its gold phrases. */
export interface TrainingQuestion {
  /** The collection whose index it was asked of. */
  collection: string;
  /** The collection it was written for, when another (an off-topic question: see bank.ts `topic`). */
  from?: string;
  /** How much it counts in fitting the confidence model (default 1). */
  weight?: number;
  id: string;
  gold: readonly string[];
  scored: ScoredQuestion;
}

/** Penalty on the weights: small data, many correlated features. */
const ranker = { l2: 0.01 };

/**
 * A linear learning-to-rank (RankNet with a linear score): logistic regression on the feature
 * differences of an answering and a non-answering candidate of the same question, both ways round,
 * each question weighing the same. Then the score is calibrated to a probability (Platt scaling)
 * on the same candidates, so each citation's confidence means what it says.
 */
function fitPairwiseRanker(questions: readonly TrainingQuestion[]): LogisticModel {
  const rows: number[][] = [];
  const labels: number[] = [];
  const weights: number[] = [];
  const labelled: Array<{ x: number[]; label: number }> = [];
  for (const question of questions) {
    if (question.gold.length === 0) continue;
    const candidates = question.scored.candidates.map((candidate) => ({
      x: featureVector(candidateFeatures, candidate.features),
      label: containsGold(candidate.hit.chunk.text, question.gold) ? 1 : 0,
    }));
    const positives = candidates.filter((candidate) => candidate.label === 1);
    const negatives = candidates.filter((candidate) => candidate.label === 0);
    // A question none (or all) of whose candidates answers teaches nothing about ranking.
    if (positives.length === 0 || negatives.length === 0) continue;
    labelled.push(...candidates);
    const weight = 1 / (positives.length * negatives.length);
    for (const positive of positives)
      for (const negative of negatives) {
        const difference = positive.x.map((value, j) => value - negative.x[j]!);
        rows.push(
          difference,
          difference.map((value) => -value),
        );
        labels.push(1, 0);
        weights.push(weight, weight);
      }
  }
  const pairwise = fitLogistic([...candidateFeatures], rows, labels, { ...ranker, sampleWeights: weights });
  // Platt scaling: one slope and intercept on the ranking score.
  const scores = labelled.map((candidate) => [logit({ ...pairwise, bias: 0 }, candidate.x)]);
  const platt = fitLogistic(
    ['score'],
    scores,
    labelled.map((candidate) => candidate.label),
    { l2: 0 },
  );
  const slope = platt.weights[0]!;
  return { features: [...candidateFeatures], weights: pairwise.weights.map((w) => w * slope), bias: platt.bias };
}

/**
 * Fits the ranker (does this paragraph answer?), then the confidence model (does the best one?),
 * then the threshold below which to decline, all on `questions` only.
 */
export function fitAnswerer(questions: readonly TrainingQuestion[], fitted: Record<string, unknown>): AnswererModel {
  const rankerModel = fitPairwiseRanker(questions);

  const confidenceRows: number[][] = [];
  const confidenceLabels: number[] = [];
  const confidenceWeights: number[] = [];
  for (const question of questions) {
    const ranked = rankCandidates(question.scored.candidates, { ranker: rankerModel } as AnswererModel);
    if (ranked.length === 0) continue;
    confidenceRows.push(confidenceVector(question.scored, ranked));
    confidenceWeights.push(question.weight ?? 1);
    confidenceLabels.push(question.gold.length > 0 && containsGold(ranked[0]!.hit.chunk.text, question.gold) ? 1 : 0);
  }
  const confidenceModel = fitLogistic([...confidenceFeatures], confidenceRows, confidenceLabels, {
    ...ranker,
    sampleWeights: confidenceWeights,
  });
  const model: AnswererModel = {
    fitted,
    ranker: rankerModel,
    confidence: confidenceModel,
    declineBelow: 0,
    minOwnConcepts: 0,
    declineUnknownNames: false,
  };
  return { ...model, ...chooseDeclining(questions, model) };
}

/**
 * Declining an answerable question costs a member this many times what quoting a near miss for an
 * unanswerable one does: a refusal hides an answer the sources have.
 */
export const wrongDeclineCost = 2;

type DecliningRules = Pick<AnswererModel, 'declineBelow' | 'minOwnConcepts' | 'declineUnknownNames'>;

/**
 * The rules and the threshold that decline best on the training questions: the most unanswerable
 * (and off-topic) questions declined, less `wrongDeclineCost` times the answerable ones declined,
 * each as a share of its kind.
 */
function chooseDeclining(questions: readonly TrainingQuestion[], model: AnswererModel): DecliningRules {
  const measured = questions.flatMap((question) => {
    const ranked = rankCandidates(question.scored.candidates, model);
    if (ranked.length === 0) return [];
    return [
      {
        question,
        best: ranked[0]!,
        confidence: answerConfidence(question.scored, ranked, model),
        answerable: question.gold.length > 0,
        weight: question.weight ?? 1,
      },
    ];
  });
  const answerableWeight = measured.reduce((sum, item) => sum + (item.answerable ? item.weight : 0), 0) || 1;
  const unanswerableWeight = measured.reduce((sum, item) => sum + (item.answerable ? 0 : item.weight), 0) || 1;
  let best: DecliningRules & { value: number } = {
    declineBelow: 0,
    minOwnConcepts: 0,
    declineUnknownNames: false,
    value: -Infinity,
  };
  for (const minOwnConcepts of [0, 1, 2])
    for (const declineUnknownNames of [false, true]) {
      const rules = { minOwnConcepts, declineUnknownNames };
      // Declined by the rules whatever the threshold; the rest are declined below it.
      let declinedAnswerable = 0;
      let declinedUnanswerable = 0;
      const rest: Array<{ confidence: number; answerable: boolean; weight: number }> = [];
      for (const item of measured) {
        if (lacksOwnWords(item.question.scored, item.best, rules)) {
          if (item.answerable) declinedAnswerable += item.weight;
          else declinedUnanswerable += item.weight;
        } else rest.push(item);
      }
      rest.sort((a, b) => a.confidence - b.confidence);
      const value = () =>
        declinedUnanswerable / unanswerableWeight - (wrongDeclineCost * declinedAnswerable) / answerableWeight;
      const consider = (declineBelow: number) => {
        if (value() > best.value) best = { ...rules, declineBelow, value: value() };
      };
      consider(0);
      // Raising the threshold past each confidence in turn declines that question too.
      rest.forEach((item, at) => {
        if (item.answerable) declinedAnswerable += item.weight;
        else declinedUnanswerable += item.weight;
        const next = rest[at + 1]?.confidence ?? 1;
        if (next > item.confidence) consider((item.confidence + next) / 2);
      });
    }
  const { value: _value, ...rules } = best;
  return rules;
}
