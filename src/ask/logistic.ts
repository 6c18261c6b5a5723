/**
 * L2-regularised logistic regression, fitted by full-batch gradient descent with Adam on
 * standardised features. A few hundred questions × 30 candidates × a dozen features is small
 * enough that no package is worth its weight; the fit is deterministic (no shuffling, zero start).
 */

/** A fitted model: weights apply to raw features (standardisation is folded in at the end). */
export interface LogisticModel {
  /** Feature names, in the order `weights` uses them. */
  features: string[];
  weights: number[];
  bias: number;
}

export interface LogisticOptions {
  /** L2 penalty on the standardised weights: larger keeps them small and the model general. */
  l2?: number;
  /** Gradient steps; the loss is convex, so more only refines. */
  iterations?: number;
  learningRate?: number;
  /** Per-example weights (e.g. to give every question the same total weight). */
  sampleWeights?: readonly number[];
}

export const defaultL2 = 0.01;
export const defaultIterations = 2000;
export const defaultLearningRate = 0.05;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** The model's log-odds for `x`. */
export function logit(model: LogisticModel, x: readonly number[]): number {
  let z = model.bias;
  for (let j = 0; j < model.weights.length; j++) z += model.weights[j]! * (x[j] ?? 0);
  return z;
}

export function predict(model: LogisticModel, x: readonly number[]): number {
  return sigmoid(logit(model, x));
}

export function fitLogistic(
  features: string[],
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  options: LogisticOptions = {},
): LogisticModel {
  const l2 = options.l2 ?? defaultL2;
  const iterations = options.iterations ?? defaultIterations;
  const rate = options.learningRate ?? defaultLearningRate;
  const n = rows.length;
  const d = features.length;
  if (n === 0) return { features, weights: new Array<number>(d).fill(0), bias: 0 };
  const sampleWeights = options.sampleWeights ?? new Array<number>(n).fill(1);
  const totalWeight = sampleWeights.reduce((sum, weight) => sum + weight, 0) || 1;

  // Standardise so one learning rate and one penalty suit features of every scale.
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of rows) for (let j = 0; j < d; j++) scale[j]! += (row[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const x = rows.map((row) => row.map((value, j) => (value - mean[j]!) / scale[j]!));

  const w = new Array<number>(d + 1).fill(0); // last entry: bias
  const m = new Array<number>(d + 1).fill(0);
  const v = new Array<number>(d + 1).fill(0);
  const gradient = new Array<number>(d + 1);
  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    for (let i = 0; i < n; i++) {
      let z = w[d]!;
      const xi = x[i]!;
      for (let j = 0; j < d; j++) z += w[j]! * xi[j]!;
      const error = ((sigmoid(z) - labels[i]!) * sampleWeights[i]!) / totalWeight;
      for (let j = 0; j < d; j++) gradient[j]! += error * xi[j]!;
      gradient[d]! += error;
    }
    for (let j = 0; j < d; j++) gradient[j]! += l2 * w[j]!;
    for (let j = 0; j <= d; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * gradient[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * gradient[j]! ** 2;
      const mHat = m[j]! / (1 - 0.9 ** step);
      const vHat = v[j]! / (1 - 0.999 ** step);
      w[j]! -= (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  // Fold the standardisation into the weights, so the model applies to raw features.
  const weights = features.map((_, j) => w[j]! / scale[j]!);
  const bias = w[d]! - features.reduce((sum, _, j) => sum + (w[j]! * mean[j]!) / scale[j]!, 0);
  return { features, weights, bias };
}
