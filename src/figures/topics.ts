/**
 * Topics are data (config/topics.json) so a moderator can add one without code: which figures a
 * topic gathers is said by what they count, whose they are, whether they are casualties, and words
 * their sentence must or must not use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Figure } from './figure.js';
import { measureSchema } from './measure.js';
import { mentionsStem } from './text.js';
import { parseDataFile } from '../util/dataFile.js';

const stems = z.array(z.string().trim().min(1)).default([]);

export const topicSchema = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and hyphens (it is typed after /compare)'),
    description: z.string().trim().min(1),
    /** Kinds of number the topic takes; all when absent. */
    units: z
      .array(z.enum(['count', 'currency', 'percent']))
      .min(1)
      .optional(),
    /** Word starts, one of which the counted phrase must contain ("soldier", "troop"); any phrase when empty. */
    counted: stems,
    /** Parties the figures belong to, as named in src/figures/parties.ts ("North Korean", "Russian"). */
    whose: z.array(z.string().trim().min(1)).min(1),
    /**
     * 'figure': the figure itself must belong to one of `whose`. 'context': it is enough that its
     * paragraph or neighbours name one (money paid *to* North Korea is counted in Russian hands).
     */
    whoseFrom: z.enum(['figure', 'context']).default('figure'),
    /** 'required': only killed/wounded/captured…; 'excluded': never those; 'any': both. */
    casualties: z.enum(['required', 'excluded', 'any']).default('any'),
    /** Word starts, one of which the figure's sentence must use. */
    mentions: stems,
    /** Word starts none of which the figure's sentence may use. */
    exclude: stems,
    /** What the topic's figures measure (src/figures/measure.ts); any measure when absent. */
    measures: z.array(measureSchema).min(1).optional(),
  })
  .strict();

export type Topic = z.infer<typeof topicSchema>;

const topicsFileSchema = z
  .object({ $comment: z.string().optional(), topics: z.array(topicSchema).min(1) })
  .strict()
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.topics.forEach((topic, index) => {
      if (seen.has(topic.name))
        context.addIssue({
          code: 'custom',
          path: ['topics', index, 'name'],
          message: `"${topic.name}" is used by two topics`,
        });
      seen.add(topic.name);
    });
  });

export const topicsFileName = 'topics.json';

/** Thrown for a topic name no topic has; carries the names that exist, for the message to the user. */
export class UnknownTopicError extends Error {
  constructor(
    readonly requested: string,
    readonly known: readonly string[] = [],
  ) {
    super(`Unknown topic "${requested}".${known.length ? ` Known topics: ${known.join(', ')}.` : ''}`);
    this.name = 'UnknownTopicError';
  }
}

/**
 * The topics in `configDir/topics.json`. A missing file means no topics; a broken one throws an
 * error naming the file and the first thing wrong in it.
 */
export function loadTopics(configDir: string): Topic[] {
  const path = join(configDir, topicsFileName);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return parseTopics(text, path);
}

export function parseTopics(text: string, path: string): Topic[] {
  return parseDataFile(text, path, topicsFileSchema).topics;
}

/** The topic called `name` (case and surrounding space ignored); throws UnknownTopicError. */
export function findTopic(topics: readonly Topic[], name: string): Topic {
  const wanted = name.trim().toLowerCase();
  const topic = topics.find((candidate) => candidate.name === wanted);
  if (!topic)
    throw new UnknownTopicError(
      name,
      topics.map((candidate) => candidate.name),
    );
  return topic;
}

export function figureMatchesTopic(figure: Figure, topic: Topic): boolean {
  if (topic.units && !topic.units.includes(figure.unit)) return false;
  if (topic.measures && !topic.measures.includes(figure.measure)) return false;
  if (topic.counted.length > 0 && !topic.counted.some((stem) => mentionsStem(figure.counted ?? '', stem))) return false;
  const owned = figure.whose !== undefined && topic.whose.includes(figure.whose);
  if (!owned && !(topic.whoseFrom === 'context' && figure.context.some((party) => topic.whose.includes(party))))
    return false;
  if (topic.casualties === 'required' && !figure.outcome) return false;
  if (topic.casualties === 'excluded' && figure.outcome) return false;
  if (topic.mentions.length > 0 && !topic.mentions.some((stem) => mentionsStem(figure.sentence, stem))) return false;
  if (topic.exclude.some((stem) => mentionsStem(figure.sentence, stem) || mentionsStem(figure.counted ?? '', stem)))
    return false;
  return true;
}
