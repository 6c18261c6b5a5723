import { renderSourcesText } from '../render/text/sources.js';
import { openKnowledgeBase, parseCommandLine, runCli } from './run.js';

await runCli(async (log) => {
  const { json } = parseCommandLine(
    { options: { json: { type: 'boolean', default: false } } },
    'usage: npm run sources -- [--json]',
  ).values;
  const kb = await openKnowledgeBase(log);
  const sources = kb.sources().map(({ hash: _hash, ...source }) => source);
  process.stdout.write(
    json
      ? JSON.stringify({ builtAt: kb.builtAt.toISOString(), sources, problems: kb.problems }) + '\n'
      : renderSourcesText(kb.sources(), kb.problems),
  );
});
