/** One numbered, checkable excerpt behind an answer. */
export interface Citation {
  /** 1-based position in the answer's list of sources. */
  number: number;
  chunkId: string;
  sourceId: string;
  title: string;
  publisher?: string;
  /** Paragraph number in the original article (see Chunk.paragraph). */
  paragraph: number;
  heading?: string;
  /** The text shown to the user: the paragraph, or the sentences of it that matter when it is long. */
  excerpt: string;
  /** [start, end) character spans of `excerpt` that match the question's terms, for bold/underline. */
  highlights: Array<[number, number]>;
  /** Relevance, comparable only within one answer. */
  score: number;
  /** The fitted ranker's probability (0–1) that this excerpt answers the question. */
  confidence: number;
}

export interface Answer {
  question: string;
  /** False when the sources do not answer the question (or the question is unusable). */
  answered: boolean;
  /** The best sentence(s), quoted from the sources; or why nothing is shown. */
  answer: string;
  /** Best first; empty when not answered. */
  citations: Citation[];
  /**
   * The calibrated probability (0–1) that the best excerpt answers the question; absent when the
   * question could not be asked at all. The answerer declines below a threshold fitted on held-out text.
   */
  confidence?: number;
}

export interface AskOptions {
  /** Restrict the answer to one source id. */
  source?: string;
  /** How many citations at most (default 5). */
  limit?: number;
  /**
   * The part of the question that is asked; the rest is context. A follow-up ("what about their training?") is
   * asked after the question it follows, and its answer must quote a sentence about the follow-up's subject
   * when the paragraph has one, not the sentence that answered the earlier question.
   */
  focus?: string;
}
