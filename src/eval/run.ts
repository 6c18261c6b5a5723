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
import { evaluateRetrieval, readEvalQuestions, type RetrievalReport } from './retrieval.js';

/** The project's own evaluation: retrieval on the development questions, figures against the hand-checked gold. */
await runCli(async (log) => {
  const { values } = parseCommandLine(
    {
      options: { json: { type: 'boolean', default: false }, verbose: { type: 'boolean', short: 'v', default: false } },
    },
    'usage: npm run eval -- [--json] [--verbose]',
  );
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
    process.stdout.write(JSON.stringify({ retrieval, figures, transcripts }) + '\n');
    return;
  }
  process.stdout.write(
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
    `Retrieval (${report.questions} development questions, ${report.answerable} answerable)`,
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
