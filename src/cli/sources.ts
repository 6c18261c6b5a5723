import { sourcesToJson } from '../render/json/sources.js';
import { renderSourcesText } from '../render/text/sources.js';
import { openKnowledgeBase, parseCommandLine, runCli, switchOption } from './run.js';

await runCli(async (log) => {
  const { json } = parseCommandLine({ options: { json: switchOption } }, 'usage: npm run sources -- [--json]').values;
  const kb = await openKnowledgeBase(log);
  process.stdout.write(json ? JSON.stringify(sourcesToJson(kb)) + '\n' : renderSourcesText(kb.sources(), kb.problems));
});
