import type { Answer } from '../../ask/types.js';

/** The CLI's JSON contract for one answer (see README: `npm run ask -- --json`). */
export interface AnswerJson {
  question: string;
  answered: boolean;
  answer: string;
  citations: Array<{
    source: string;
    title: string;
    publisher?: string;
    paragraph: number;
    excerpt: string;
    score: number;
  }>;
}

export function answerToJson(answer: Answer): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
    answer: answer.answer,
    citations: answer.citations.map((citation) => ({
      source: citation.sourceId,
      title: citation.title,
      ...(citation.publisher ? { publisher: citation.publisher } : {}),
      paragraph: citation.paragraph,
      excerpt: citation.excerpt,
      score: citation.score,
    })),
  };
}
