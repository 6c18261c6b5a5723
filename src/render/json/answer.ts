import type { Answer } from '../../ask/types.js';

/** The CLI's JSON contract for one answer (see README: `npm run ask -- --json`). */
export interface AnswerJson {
  question: string;
  answered: boolean;
  answer: string;
  /** The calibrated probability (0–1) that the best excerpt answers; absent for a question that could not be asked. */
  confidence?: number;
  citations: Array<{
    source: string;
    title: string;
    publisher?: string;
    paragraph: number;
    excerpt: string;
    score: number;
    /** The ranker's probability (0–1) that this excerpt answers. */
    confidence: number;
  }>;
}

export function answerToJson(answer: Answer): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
    answer: answer.answer,
    ...(answer.confidence !== undefined && { confidence: Math.round(answer.confidence * 1000) / 1000 }),
    citations: answer.citations.map((citation) => ({
      source: citation.sourceId,
      title: citation.title,
      ...(citation.publisher ? { publisher: citation.publisher } : {}),
      paragraph: citation.paragraph,
      excerpt: citation.excerpt,
      score: citation.score,
      confidence: citation.confidence,
    })),
  };
}
