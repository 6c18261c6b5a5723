import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Answer } from '../ask/types.js';

const evalQuestionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  q: z.string(),
  /** Phrases any of which makes an excerpt a hit; empty for a question the sources cannot answer. */
  gold: z.array(z.string()),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export function readEvalQuestions(path: string): EvalQuestion[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = evalQuestionSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.issues[0]!.message}`);
      return parsed.data;
    });
}

/** Case, curly quotes and runs of white space do not decide whether an excerpt contains a phrase. */
function normalize(text: string): string {
  return text.replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ').toLowerCase();
}

/** Whether `text` contains any of the gold phrases (see normalize). */
export function containsGold(text: string, gold: readonly string[]): boolean {
  const folded = normalize(text);
  return gold.some((phrase) => folded.includes(normalize(phrase)));
}

export interface QuestionResult {
  id: string;
  kind: string;
  question: string;
  answerable: boolean;
  answered: boolean;
  /** 1-based rank of the first excerpt containing a gold phrase, if any in the top 5. */
  hitRank?: number;
}

export interface RetrievalReport {
  questions: number;
  answerable: number;
  hitAt1: number;
  hitAt3: number;
  mrrAt5: number;
  unanswerable: number;
  correctlyDeclined: number;
  /** Answerable questions the system declined: each is a miss a user would see. */
  wronglyDeclined: number;
  byKind: Record<string, { questions: number; hitAt1: number; hitAt3: number }>;
  results: QuestionResult[];
}

/** Runs every question through `ask` and scores the excerpts against the gold phrases. */
export function evaluateRetrieval(
  questions: readonly EvalQuestion[],
  ask: (question: string) => Answer,
): RetrievalReport {
  const results = questions.map((item): QuestionResult => {
    const answer = ask(item.q);
    const gold = item.gold.map(normalize);
    const rank = answer.citations
      .slice(0, 5)
      .findIndex((citation) => gold.some((phrase) => normalize(citation.excerpt).includes(phrase)));
    return {
      id: item.id,
      kind: item.kind,
      question: item.q,
      answerable: gold.length > 0,
      answered: answer.answered,
      ...(rank >= 0 ? { hitRank: rank + 1 } : {}),
    };
  });
  const answerable = results.filter((result) => result.answerable);
  const share = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 1000) / 1000);
  const byKind: RetrievalReport['byKind'] = {};
  for (const kind of new Set(answerable.map((result) => result.kind))) {
    const ofKind = answerable.filter((result) => result.kind === kind);
    byKind[kind] = {
      questions: ofKind.length,
      hitAt1: share(ofKind.filter((result) => result.hitRank === 1).length, ofKind.length),
      hitAt3: share(ofKind.filter((result) => (result.hitRank ?? 99) <= 3).length, ofKind.length),
    };
  }
  const unanswerable = results.filter((result) => !result.answerable);
  return {
    questions: results.length,
    answerable: answerable.length,
    hitAt1: share(answerable.filter((result) => result.hitRank === 1).length, answerable.length),
    hitAt3: share(answerable.filter((result) => (result.hitRank ?? 99) <= 3).length, answerable.length),
    mrrAt5: share(
      answerable.reduce((sum, result) => sum + (result.hitRank ? 1 / result.hitRank : 0), 0),
      answerable.length,
    ),
    unanswerable: unanswerable.length,
    correctlyDeclined: unanswerable.filter((result) => !result.answered).length,
    wronglyDeclined: answerable.filter((result) => !result.answered).length,
    byKind,
    results,
  };
}
