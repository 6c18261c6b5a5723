/**
 * A shard-like process for the tests: opens the feedback database, waits for "go" on stdin when asked to, then
 * records votes one at a time, printing `committed <answerId> <ms>` after each `recordVote` has returned (so every
 * printed vote was committed). Any error goes to stderr with exit code 1.
 *
 * usage: node --import tsx test/feedback/voter.ts <dbPath> <name> <count> [--wait]
 */
import { createInterface } from 'node:readline';
import { FeedbackStore } from '../../src/feedback/store.js';

const [path, name, countText, wait] = process.argv.slice(2);
if (!path || !name || !countText) throw new Error('usage: voter.ts <dbPath> <name> <count> [--wait]');
const count = Number(countText);

if (wait === '--wait') {
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  lines.close();
}

try {
  const store = FeedbackStore.open({ path, salt: 'test-salt' });
  for (let i = 0; i < count; i++) {
    const answerId = `${name}-${i}`;
    store.recordVote({
      answerId,
      memberId: `${1000 + (i % 7)}`,
      guildId: 'guild-1',
      channelId: 'channel-1',
      question: `Question ${i} from ${name}?`,
      citedChunkIds: [`source-${i % 5}#1`, `source-${i % 3}#2`],
      confidence: (i % 10) / 10,
      vote: i % 3 === 0 ? 'down' : 'up',
      reason: i % 3 === 0 ? 'not what I asked' : undefined,
    });
    process.stdout.write(`committed ${answerId} ${Date.now()}\n`);
  }
  store.close();
  process.stdout.write('done\n');
} catch (error) {
  process.stderr.write(
    `voter ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  if (error instanceof Error && error.cause instanceof Error) process.stderr.write(`cause: ${error.cause.stack}\n`);
  process.exitCode = 1;
}
