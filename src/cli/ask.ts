import { maxCitationLimit } from '../ask/answer.js';
import { maxQuestionLength, questionProblem, tooLongProblem } from '../ask/question.js';
import type { KnowledgeBase } from '../knowledgeBase.js';
import { answerToJson } from '../render/json/answer.js';
import { renderAnswerText, terminalCitationLimit } from '../render/text/answer.js';
import { boundedLines } from './boundedLines.js';
import { openKnowledgeBase, parseCommandLine, runCli, switchOption, UsageError, useColor, valueOption } from './run.js';

const usage =
  'usage: npm run ask -- [--json] [--source ID] [--limit N] "question"   |   npm run ask -- --json --batch < questions.txt';

/**
 * Characters of a --batch line held in memory: a question, its surrounding blanks, and one more
 * to tell it is too long.
 */
const batchLineLimit = 2 * maxQuestionLength + 1;

await runCli(async (log) => {
  const { values, positionals } = parseCommandLine(
    {
      allowPositionals: true,
      options: { json: switchOption, batch: switchOption, source: valueOption, limit: valueOption },
    },
    usage,
  );
  if (values.batch && !values.json) throw new UsageError('--batch prints JSON lines; add --json.');
  const question = positionals.join(' ');
  if (!values.batch) {
    const problem = questionProblem(question);
    if (problem) throw new UsageError(question.trim() === '' ? `${problem}\n${usage}` : problem);
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= maxCitationLimit)) {
    throw new UsageError(`--limit must be a whole number from 1 to ${maxCitationLimit}.`);
  }

  const kb = await openKnowledgeBase(log);
  const source = values.source === undefined ? undefined : resolveSource(kb, values.source);
  const options = { source, limit };

  if (values.batch) {
    // One JSON object per input line, in order, so outputs can be paired with inputs. A line
    // is held only up to what a question may be: a longer one is refused by its length.
    for await (const { text, length } of boundedLines(process.stdin, batchLineLimit)) {
      const answer =
        length > batchLineLimit
          ? { question: `${text}…`, answered: false, answer: tooLongProblem(length), citations: [] }
          : kb.ask(text, options);
      process.stdout.write(JSON.stringify(answerToJson(answer)) + '\n');
    }
    return;
  }
  if (values.json) {
    process.stdout.write(JSON.stringify(answerToJson(kb.ask(question, options))) + '\n');
    return;
  }
  const answer = kb.ask(question, { source, limit: limit ?? terminalCitationLimit });
  const style = {
    width: Math.min(process.stdout.columns || 100, 100),
    color: useColor(),
    source: (id: string) => kb.source(id),
  };
  process.stdout.write(renderAnswerText(answer, style));
});

function resolveSource(kb: KnowledgeBase, wanted: string): string {
  const match = kb.sources().find((source) => source.id.toLowerCase() === wanted.trim().toLowerCase());
  if (!match)
    throw new UsageError(
      `Unknown source "${wanted}". Known sources: ${kb
        .sources()
        .map((source) => source.id)
        .join(', ')} (npm run sources).`,
    );
  return match.id;
}
