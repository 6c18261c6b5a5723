import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chunkSource } from '../../src/chunking/chunkSource.js';
import type { Chunk } from '../../src/chunking/types.js';
import { extractFigures, type Figure } from '../../src/figures/index.js';
import { projectRoot } from '../../src/util/paths.js';
import { aliasGroups, parseAliasFile } from '../../src/text/aliases.js';
import { Analyzer } from '../../src/text/analyzer.js';
import { loadSources } from '../../src/sources/loadSources.js';

export const configDir = join(projectRoot, 'config');

/** Today's seeds chunked as the index chunks them, and the figures extracted from them. */
export async function seedFigures(): Promise<{
  chunks: Chunk[];
  figures: Figure[];
  titles: Map<string, { title: string; publisher?: string; date?: string }>;
}> {
  const analyzer = new Analyzer(
    aliasGroups(parseAliasFile(readFileSync(join(configDir, 'aliases.json'), 'utf8'), 'aliases.json')),
  );
  const { sources } = await loadSources(join(projectRoot, 'seeds'));
  const chunks = (await Promise.all(sources.map((source) => chunkSource(source, analyzer)))).flatMap((analyzed) =>
    analyzed.map(({ chunk }) => chunk),
  );
  const titles = new Map(
    sources.map((source) => [
      source.id,
      {
        title: source.title,
        ...(source.publisher ? { publisher: source.publisher } : {}),
        ...(source.date ? { date: source.date } : {}),
      },
    ]),
  );
  return { chunks, figures: extractFigures(chunks), titles };
}
