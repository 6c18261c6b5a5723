import { parseArgs } from 'node:util';
import { KnowledgeBase } from '../knowledgeBase.js';
import { renderReindexText } from '../render/cliSources.js';
import { readSnapshot } from '../search/snapshot.js';
import { knowledgeBaseOptions, runCli, UsageError } from './run.js';

await runCli(async (log) => {
  let json: boolean;
  try {
    json = parseArgs({ options: { json: { type: 'boolean', default: false } } }).values.json;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: npm run reindex -- [--json]`);
  }
  const options = knowledgeBaseOptions(log);
  const previous = await readSnapshot(options.indexDir);
  const before = previous.status === 'ok' ? { sources: () => previous.snapshot.sources, chunkCount: previous.snapshot.chunks.length } : undefined;
  const { report } = await KnowledgeBase.rebuild(options, before);
  process.stdout.write(json ? JSON.stringify(report) + '\n' : renderReindexText(report));
});
