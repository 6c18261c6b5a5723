import { parseArgs } from 'node:util';
import { renderSourcesText } from '../render/cliSources.js';
import { openKnowledgeBase, runCli, UsageError } from './run.js';

await runCli(async (log) => {
  let json: boolean;
  try {
    json = parseArgs({ options: { json: { type: 'boolean', default: false } } }).values.json;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nusage: npm run sources -- [--json]`);
  }
  const kb = await openKnowledgeBase(log);
  const sources = kb.sources().map(({ hash: _hash, ...source }) => source);
  process.stdout.write(json ? JSON.stringify({ builtAt: kb.builtAt.toISOString(), sources, problems: kb.problems }) + '\n' : renderSourcesText(kb.sources(), kb.problems));
});
