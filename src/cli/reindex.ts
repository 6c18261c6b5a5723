import { KnowledgeBase } from '../knowledgeBase.js';
import { renderReindexText } from '../render/text/sources.js';
import { readSnapshotHeader } from '../store/snapshot.js';
import { createProgressBar } from './progress.js';
import { exitCodes, knowledgeBaseOptions, parseCommandLine, runCli, switchOption } from './run.js';

await runCli(async (log) => {
  const { json } = parseCommandLine({ options: { json: switchOption } }, 'usage: npm run reindex -- [--json]').values;
  const progress = createProgressBar(process.stderr);
  const options = knowledgeBaseOptions(progress.logger(log), { onProgress: (update) => progress.onProgress(update) });
  const previous = await readSnapshotHeader(options.indexDir);
  const before =
    previous.status === 'ok'
      ? { sources: () => previous.value.sources, chunkCount: previous.value.chunkCount }
      : undefined;
  const { report } = await KnowledgeBase.rebuild(options, before).finally(() => progress.finish());
  process.stdout.write(json ? JSON.stringify(report) + '\n' : renderReindexText(report));
  return report.saved ? exitCodes.done : exitCodes.notSaved;
});
