import { join } from 'node:path';
import { openKnowledgeBase, parseCommandLine, runCli } from '../cli/run.js';
import { projectRoot } from '../util/paths.js';
import {
  evaluateFigures,
  figuresOfFolder,
  readFiguresGold,
  renderFigureScores,
  transcriptsDir,
  transcriptsGold,
} from './figures.js';
import { evalIndexRoot, openCollections } from './bank.js';
import { leaveOneCollectionOut, renderHeldOut, trainingQuestions } from './bankEval.js';
import { evaluateRetrieval, readEvalQuestions, type RetrievalReport } from './retrieval.js';

/**
 * The project's own evaluation: first retrieval held out (each collection of the question bank
 * scored by an answerer fitted on the others), then the development questions (in-sample: the
 * shipped model was fitted on them too), then figures against the hand-checked gold.
 */
await runCli(async (log) => {
  const { values } = parseCommandLine(
    {
      options: { json: { type: 'boolean', default: false }, verbose: { type: 'boolean', short: 'v', default: false } },
    },
    'usage: npm run eval -- [--json] [--verbose]',
  );
  const collections = await openCollections(evalIndexRoot, log);
  const heldOut = leaveOneCollectionOut(collections, trainingQuestions(collections));
  const kb = await openKnowledgeBase(log);
  const retrieval = evaluateRetrieval(readEvalQuestions(join(projectRoot, 'test/data/dev-qa.jsonl')), (question) =>
    kb.ask(question),
  );
  const figures = evaluateFigures(
    kb.figures(),
    kb.topics(),
    readFiguresGold(join(projectRoot, 'test/data/figures-gold.json')),
  );
  const transcripts = evaluateFigures(
    await figuresOfFolder(join(projectRoot, transcriptsDir), kb.analyzer),
    kb.topics(),
    readFiguresGold(join(projectRoot, transcriptsGold)),
  );
  if (values.json) {
    const held = heldOut.map(({ model: _model, ...report }) => report);
    process.stdout.write(JSON.stringify({ heldOut: held, retrieval, figures, transcripts }) + '\n');
    return;
  }
  process.stdout.write(
    renderHeldOut(heldOut) +
      '\n' +
      renderRetrieval(retrieval, values.verbose) +
      '\n' +
      renderFigureScores(figures, 'Figures on the seeds').trimEnd() +
      '\n\n' +
      renderFigureScores(transcripts, 'Figures on the White House transcripts (not in the seeds)').trimEnd() +
      '\n',
  );
});

function renderRetrieval(report: RetrievalReport, verbose: boolean): string {
  const lines = [
    `Development questions, in-sample (${report.questions}, ${report.answerable} answerable; the shipped model was fitted on them)`,
    `  hit@1   ${report.hitAt1.toFixed(3)}`,
    `  hit@3   ${report.hitAt3.toFixed(3)}`,
    `  MRR@5   ${report.mrrAt5.toFixed(3)}`,
    `  unanswerable declined   ${report.correctlyDeclined}/${report.unanswerable}`,
    `  answerable declined     ${report.wronglyDeclined}/${report.answerable}`,
    '  by kind:',
    ...Object.entries(report.byKind).map(
      ([kind, score]) =>
        `    ${kind.padEnd(13)} ${String(score.questions).padStart(2)} questions  hit@1 ${score.hitAt1.toFixed(2)}  hit@3 ${score.hitAt3.toFixed(2)}`,
    ),
  ];
  const misses = report.results.filter((result) => (result.answerable ? result.hitRank !== 1 : result.answered));
  if (verbose || misses.length) {
    lines.push('  not at rank 1:');
    for (const result of misses)
      lines.push(
        `    ${result.id} ${result.kind.padEnd(12)} ${result.answered ? `rank ${result.hitRank ?? '>5'}` : 'declined'}  ${result.question}`,
      );
  }
  return lines.join('\n') + '\n';
}
