import { KnowledgeBase } from '../knowledgeBase.js';
import { renderReindexText } from '../render/cliSources.js';
import { readSnapshot } from '../search/snapshot.js';
import { knowledgeBaseOptions, parseCommandLine, runCli } from './run.js';

await runCli(async (log) => {
  const { json } = parseCommandLine({ options: { json: { type: 'boolean', default: false } } }, 'usage: npm run reindex -- [--json]').values;
  const options = knowledgeBaseOptions(log);
  const previous = await readSnapshot(options.indexDir);
  const before = previous.status === 'ok' ? { sources: () => previous.snapshot.sources, chunkCount: previous.snapshot.chunks.length } : undefined;
  const { report } = await KnowledgeBase.rebuild(options, before);
  process.stdout.write(json ? JSON.stringify(report) + '\n' : renderReindexText(report));
});
