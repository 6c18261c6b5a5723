import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { projectRoot } from '../util/paths.js';
import type { LogisticModel } from './logistic.js';

/**
 * What the answerer measures of each candidate paragraph, in the order the ranker's weights use.
 * Every feature is a number computed the same way for any question and any collection; which of
 * them matter, and how much, is fitted (`npm run train`), never set by hand.
 */
export const candidateFeatures = [
  /** MiniSearch's BM25+ score, relative to the best candidate's. */
  'search',
  /** 1 / (1 + its position in MiniSearch's ranking). */
  'searchRank',
  /**
   * Share of the question (by concept weight) the paragraph covers: expansions graded, title and
   * heading as context.
   */
  'coverage',
  /** The same, counting only the question's own words found in the paragraph's text. */
  'exactCoverage',
  /** Coverage by the paragraph's best sentence. */
  'sentence',
  /** How well the best sentence fits the question's intent (a figure for "how many", a definition for "who is"). */
  'intent',
  /** Share of the question's concepts the paragraph matches at all. */
  'concepts',
  /** A name the question gives (or a word the sources never use) that the paragraph lacks, by weight share. */
  'missingRare',
  /** Cosine similarity of the question's and the paragraph's idf-weighted word vectors. */
  'dense',
  /** Cosine similarity of the question's and the best sentence's word vectors. */
  'denseSentence',
  /** log(1 + words in the paragraph): a title line or a one-word interjection rarely answers. */
  'length',
] as const;
export type CandidateFeature = (typeof candidateFeatures)[number];

/**
 * What the confidence model reads of a question's best candidate: how sure the ranker is and how
 * far ahead of the runner-up, and how much of the question anything in the sources covers.
 */
export const confidenceFeatures = [
  /** The ranker's log-odds for the best candidate. */
  'best',
  /** Its lead over the second candidate, in log-odds. */
  'margin',
  'coverage',
  'exactCoverage',
  'sentence',
  'concepts',
  'missingRare',
  'dense',
  /** Share of the question's concept weight on words the sources never use. */
  'unknown',
  /** 1 when the best paragraph holds two of the question's concepts (or all, if fewer) in the question's own words. */
  'ownConcepts',
] as const;
export type ConfidenceFeature = (typeof confidenceFeatures)[number];

const logisticSchema = z
  .object({ features: z.array(z.string()), weights: z.array(z.number()), bias: z.number() })
  .strict()
  .refine((model) => model.features.length === model.weights.length, 'one weight per feature');

const answererSchema = z
  .object({
    /** How the model was fitted: collections, questions, date; for people, not read by code. */
    fitted: z.record(z.string(), z.unknown()),
    /** P(a candidate paragraph answers the question), from `candidateFeatures`. */
    ranker: logisticSchema,
    /** P(the best candidate answers the question), from `confidenceFeatures`: the calibrated confidence. */
    confidence: logisticSchema,
    /** Below this confidence the answerer declines; chosen on the training collections by `npm run train`. */
    declineBelow: z.number().min(0).max(1),
    /**
     * The answerer also declines when the best paragraph holds fewer than this many of the question's
     * concepts in the question's own words (all of them, when it has fewer); 0 turns the rule off. Chosen
     * with the threshold: a stand-in word alone ("meal" for "bread") rarely makes an extractive answer.
     */
    minOwnConcepts: z.number().int().min(0).max(3),
    /** …and when the question names someone or something (written with a capital) the sources never mention. */
    declineUnknownNames: z.boolean(),
  })
  .strict();
export type AnswererModel = z.infer<typeof answererSchema>;

export const answererFile = 'answerer.json';

/**
 * Reads answerer.json from the config folder, or the project's own when that folder has none (a
 * moderator's config folder holds aliases and topics; the fitted model ships with the code).
 * Its features must be the ones this code computes.
 */
export function readAnswerer(configDir: string): AnswererModel {
  let path = join(configDir, answererFile);
  if (!existsSync(path)) path = join(projectRoot, 'config', answererFile);
  return parseAnswerer(readFileSync(path, 'utf8'), path);
}

/**
 * A model that knows nothing yet: every weight 0, declining nothing. What `npm run train` measures candidates
 * with, so it works when features were added or removed and answerer.json no longer fits the code.
 */
export function unfittedAnswerer(): AnswererModel {
  const blank = (features: readonly string[]) => ({ features: [...features], weights: features.map(() => 0), bias: 0 });
  return {
    fitted: { by: 'nothing yet' },
    ranker: blank(candidateFeatures),
    confidence: blank(confidenceFeatures),
    declineBelow: 0,
    minOwnConcepts: 0,
    declineUnknownNames: false,
  };
}

export function parseAnswerer(text: string, path: string): AnswererModel {
  const model = answererSchema.parse(JSON.parse(text));
  checkFeatures(model.ranker, candidateFeatures, path);
  checkFeatures(model.confidence, confidenceFeatures, path);
  return model;
}

function checkFeatures(model: LogisticModel, expected: readonly string[], path: string): void {
  if (model.features.join() !== expected.join())
    throw new Error(`${path} was fitted on other features than this code computes: run npm run train`);
}

export function featureVector<Name extends string>(
  names: readonly Name[],
  values: Readonly<Record<Name, number>>,
): number[] {
  return names.map((name) => values[name]);
}
