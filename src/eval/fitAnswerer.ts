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

/** Answerable questions the answerer may decline on the training collections: the bar allows 5 %, this leaves room. */
export const maxTrainingDeclineShare = 0.03;
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
  const model: AnswererModel = { fitted, ranker: rankerModel, confidence: confidenceModel, declineBelow: 0 };
  model.declineBelow = chooseThreshold(questions, model);
  return model;
}

/**
 * The highest threshold that, with the unfitted rule (`lacksOwnWords`), declines at most
 * `maxTrainingDeclineShare` of the answerable training questions: declining a question the sources
 * answer costs a member more than quoting a near miss.
 */
function chooseThreshold(questions: readonly TrainingQuestion[], model: AnswererModel): number {
  let declinedByRule = 0;
  const confidences: number[] = [];
  for (const question of questions) {
    if (question.gold.length === 0 || question.from !== undefined) continue;
    const ranked = rankCandidates(question.scored.candidates, model);
    if (ranked.length === 0 || lacksOwnWords(question.scored, ranked[0]!)) declinedByRule++;
    else confidences.push(answerConfidence(question.scored, ranked, model));
  }
  const answerable = declinedByRule + confidences.length;
  // The rule spends its share of the budget first; the threshold may decline only what is left.
  const allowed = Math.floor(maxTrainingDeclineShare * answerable) - declinedByRule;
  if (allowed <= 0 || confidences.length === 0) return 0;
  confidences.sort((a, b) => a - b);
  // Just below the lowest confidence that must still be answered.
  return Math.max(0, confidences[Math.min(allowed, confidences.length - 1)]! - 1e-6);
}
