import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { answererFile, unfittedAnswerer } from '../ask/answerer.js';
import { parseCommandLine, runCli } from '../cli/run.js';
import { projectRoot } from '../util/paths.js';
import { evalIndexRoot, openCollections } from './bank.js';
import { leaveOneCollectionOut, renderHeldOut, trainingQuestions } from './bankEval.js';
import { fitAnswerer } from './fitAnswerer.js';

/**
 * `npm run train`: fits the answerer's ranker, confidence model and decline threshold on every
 * collection of the question bank and writes config/answerer.json. First it shows what the same
 * fit scores on each collection when that collection is left out: the numbers to quote.
 */
await runCli(async (log) => {
  parseCommandLine({ options: {} }, 'usage: npm run train');
  // Candidates are measured the same whatever the model; the shipped one may not fit the code's features yet.
  const collections = await openCollections(evalIndexRoot, log, unfittedAnswerer());
  const questions = trainingQuestions(collections);
  process.stdout.write(renderHeldOut(leaveOneCollectionOut(collections, questions)));
  const model = fitAnswerer(questions, {
    by: 'npm run train',
    collections: collections.map(({ spec }) => spec.id),
    questions: questions.length,
  });
  const path = join(projectRoot, 'config', answererFile);
  writeFileSync(path, JSON.stringify(model, null, 2) + '\n');
  process.stdout.write(`\nFitted on all ${questions.length} questions; wrote ${path}\n`);
});
