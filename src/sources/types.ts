/** A source article as the rest of the core sees it: validated metadata plus its verbatim body. */
export interface Source {
  /** Stable id: the seed's file name without its extension. */
  id: string;
  /** Path of the seed file, relative to the seeds folder. */
  file: string;
  title: string;
  publisher?: string;
  author?: string;
  /** ISO date (YYYY-MM-DD, YYYY-MM or YYYY) as given in the metadata. */
  date?: string;
  url?: string;
  /** The article text below the front matter, verbatim. */
  body: string;
  /** 1-based line of the seed file on which `body` starts (for error messages). */
  bodyLine: number;
  /** sha256 of the whole seed file, so a changed seed is noticed. */
  hash: string;
}

/** A seed that could not be used, reported by file and line so a moderator can fix it. */
export interface SeedProblem {
  file: string;
  line?: number;
  message: string;
}
