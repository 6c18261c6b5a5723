import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { chunkSource } from '../chunking/chunkSource.js';
import {
  compareFigures,
  extractFigures,
  figureMatchesTopic,
  measureSchema,
  numberStyleFor,
  type Figure,
  type Topic,
} from '../figures/index.js';
import { loadSources } from '../sources/loadSources.js';
import type { Analyzer } from '../text/analyzer.js';

const goldFigureSchema = z.object({
  source: z.string(),
  paragraph: z.number().int().positive(),
  /** The figure's span exactly as written. */
  text: z.string(),
  low: z.number(),
  high: z.number(),
  projection: z.boolean(),
  /** What it measures, its rate ("total", "day") and whose it is, when checked by hand. */
  measure: measureSchema.optional(),
  rate: z.string().optional(),
  party: z.string().nullable().optional(),
  /** A vague amount ("a few thousand"). */
  vague: z.boolean().optional(),
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
  /** Figures found and in the gold whose measure, rate or party differ from it. */
  wrongQuantity: string[];
  /**
   * Summary groups holding figures of more than one measure, rate or unit, or (for topics whose
   * figures must belong to a party) a figure of another party: none may exist.
   */
  mixedGroups: string[];
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
    // A sentence may give the same figure twice ("1,000 … So, 1,000 in just the past week"): count, not just match.
    const goldCounts = new Map<string, number>();
    for (const figure of expected) goldCounts.set(key(figure), (goldCounts.get(key(figure)) ?? 0) + 1);
    let right = 0;
    for (const figure of found) {
      const left = goldCounts.get(figureKey(figure)) ?? 0;
      if (left > 0) {
        right++;
        goldCounts.set(figureKey(figure), left - 1);
      }
    }
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
      wrongQuantity: wrongQuantities(found, expected),
      mixedGroups: topic ? mixedGroups(found, topic) : [],
    };
  });
}

function wrongQuantities(found: readonly Figure[], expected: readonly GoldFigure[]): string[] {
  const byKey = new Map(expected.map((figure) => [key(figure), figure]));
  const wrong: string[] = [];
  for (const figure of found) {
    const gold = byKey.get(figureKey(figure));
    if (!gold) continue;
    const problems = [
      gold.measure !== undefined && gold.measure !== figure.measure && `measure ${figure.measure}, not ${gold.measure}`,
      gold.rate !== undefined &&
        gold.rate !== (figure.rate ?? 'total') &&
        `rate ${figure.rate ?? 'total'}, not ${gold.rate}`,
      gold.party !== undefined && gold.party !== (figure.whose ?? null) && `party ${figure.whose}, not ${gold.party}`,
    ].filter(Boolean);
    if (problems.length)
      wrong.push(
        `${describe({ source: figure.sourceId, paragraph: figure.paragraph, text: figure.text })}: ${problems.join(', ')}`,
      );
  }
  return wrong;
}

function mixedGroups(found: readonly Figure[], topic: Topic): string[] {
  const comparison = compareFigures(found, topic, new Map());
  const rows = new Map(
    [...comparison.estimates, ...comparison.projections]
      .flatMap((source) => source.rows)
      .map((row) => [row.figureId, row]),
  );
  const mixed: string[] = [];
  for (const group of comparison.summary.groups) {
    const members = [
      ...group.claims.flatMap((claim) => claim.figureIds),
      ...group.vague.map((amount) => amount.figureId),
    ].map((id) => rows.get(id)!);
    const kinds = new Set(
      members.map((row) => [row.measure, row.rate ?? 'total', row.unit, row.currency ?? ''].join('|')),
    );
    const parties = new Set(members.map((row) => row.whose));
    if (kinds.size > 1) mixed.push(`${group.measure}: ${[...kinds].join(' / ')}`);
    if (topic.whoseFrom === 'figure' && [...parties].some((party) => !party || !topic.whose.includes(party)))
      mixed.push(`${group.measure}: parties ${[...parties].join(', ')}`);
  }
  return mixed;
}

/** The recall every topic must reach, on the seeds and on the transcripts (test/figures/eval.test.ts). */
export const minimumRecall = 0.9;

/** The scores as lines for `npm run eval`, under `title`. */
export function renderFigureScores(scores: readonly TopicScore[], title = 'Figures'): string {
  const lines = scores.map(
    (score) =>
      `  ${score.topic.padEnd(16)} precision ${score.precision.toFixed(2)}  recall ${score.recall.toFixed(2)}  (${score.found} found, ${score.gold} in gold)`,
  );
  for (const score of scores) {
    for (const figure of score.wrongQuantity) lines.push(`    wrong quantity on ${score.topic}: ${figure}`);
    for (const group of score.mixedGroups) lines.push(`    mixed group on ${score.topic}: ${group}`);
    for (const figure of score.falseFigures) lines.push(`    false on ${score.topic}: ${figure}`);
    for (const figure of score.missed) lines.push(`    missed on ${score.topic}: ${figure}`);
  }
  const pure = scores.every((score) => score.mixedGroups.length === 0 && score.wrongQuantity.length === 0);
  lines.push(
    pure ? '  no figure of another party or measure in a group' : '  SOME GROUPS MIX PARTIES OR MEASURES (see above)',
  );
  return [title, ...lines].join('\n') + '\n';
}

/** Texts outside the seeds with their own gold: the four White House transcripts. */
export const transcriptsDir = 'test/data/compare/whitehouse';
export const transcriptsGold = 'test/data/compare/whitehouse-gold.json';

/** The figures of every text in `dir`, chunked and extracted as the index would. */
export async function figuresOfFolder(dir: string, analyzer: Analyzer): Promise<Figure[]> {
  const { sources } = await loadSources(dir);
  const figures: Figure[] = [];
  for (const source of sources) {
    const chunks = (await chunkSource(source, analyzer)).map(({ chunk }) => chunk);
    figures.push(...extractFigures(chunks, numberStyleFor(source.language)));
  }
  return figures;
}
