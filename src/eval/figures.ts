import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { figureMatchesTopic, type Figure, type Topic } from '../figures/index.js';

const goldFigureSchema = z.object({
  source: z.string(),
  paragraph: z.number().int().positive(),
  /** The figure's span exactly as written. */
  text: z.string(),
  low: z.number(),
  high: z.number(),
  projection: z.boolean(),
});
export type GoldFigure = z.infer<typeof goldFigureSchema>;

const goldFileSchema = z.object({
  $comment: z.string().optional(),
  topics: z.record(z.string(), z.array(goldFigureSchema)),
});
export type FiguresGold = z.infer<typeof goldFileSchema>;

export function readFiguresGold(path: string): FiguresGold {
  const parsed = goldFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

export interface TopicScore {
  topic: string;
  /** Share of the topic's figures that are in the gold; 1 when the topic finds none. */
  precision: number;
  /** Share of the gold found. */
  recall: number;
  found: number;
  gold: number;
  /** Figures found that the gold does not have, as "source ¶paragraph «text»". */
  falseFigures: string[];
  missed: string[];
}

const key = (figure: GoldFigure) =>
  JSON.stringify([figure.source, figure.paragraph, figure.text, figure.low, figure.high, figure.projection]);
const figureKey = (figure: Figure) =>
  key({
    source: figure.sourceId,
    paragraph: figure.paragraph,
    text: figure.text,
    low: figure.low,
    high: figure.high,
    projection: figure.projection,
  });
const describe = (figure: { source: string; paragraph: number; text: string }) =>
  `${figure.source} ¶${figure.paragraph} «${figure.text}»`;

/**
 * Precision and recall of each gold topic's figures. A figure counts as right when source,
 * paragraph, span, value and projection flag all agree with a gold entry.
 */
export function evaluateFigures(figures: readonly Figure[], topics: readonly Topic[], gold: FiguresGold): TopicScore[] {
  return Object.entries(gold.topics).map(([name, expected]) => {
    const topic = topics.find((candidate) => candidate.name === name);
    const found = topic ? figures.filter((figure) => figureMatchesTopic(figure, topic)) : [];
    const foundKeys = new Set(found.map(figureKey));
    const goldKeys = new Set(expected.map(key));
    const right = [...foundKeys].filter((figure) => goldKeys.has(figure)).length;
    return {
      topic: name,
      precision: found.length === 0 ? 1 : right / found.length,
      recall: expected.length === 0 ? 1 : right / expected.length,
      found: found.length,
      gold: expected.length,
      falseFigures: found
        .filter((figure) => !goldKeys.has(figureKey(figure)))
        .map((figure) => describe({ source: figure.sourceId, paragraph: figure.paragraph, text: figure.text })),
      missed: expected.filter((figure) => !foundKeys.has(key(figure))).map(describe),
    };
  });
}

/** The scores as lines for `npm run eval`. */
export function renderFigureScores(scores: readonly TopicScore[]): string {
  const lines = scores.map(
    (score) =>
      `  ${score.topic.padEnd(16)} precision ${score.precision.toFixed(2)}  recall ${score.recall.toFixed(2)}  (${score.found} found, ${score.gold} in gold)`,
  );
  for (const score of scores) {
    for (const figure of score.falseFigures) lines.push(`    false on ${score.topic}: ${figure}`);
    for (const figure of score.missed) lines.push(`    missed on ${score.topic}: ${figure}`);
  }
  return ['Figures', ...lines].join('\n') + '\n';
}
