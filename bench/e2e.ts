/**
 * npm run bench:e2e [-- --json]
 * The bot end to end through the fake Discord of test/support: a real discord.js client and
 * a real KnowledgeBase over the seeds, talking over 127.0.0.1 to a fake REST API and gateway
 * in this same process. Measures INTERACTION_CREATE dispatch → answer arrival, a burst of
 * 1,000 /ask from 1,000 members, and a soak of 20,000 /ask with memory sampled as it goes.
 */
import { parseArgs } from 'node:util';
import type { FakeDiscord, RecordedRequest } from '../test/support/fakeDiscord.js';
import { startHarness, type Harness } from '../test/support/harness.js';
import { member, type Member } from '../test/support/interactions.js';
import { describeMachine } from './machine.js';
import { benchQuestions } from './questions.js';
import { latency, peakRssMB, settledMemory, type Latency, type Memory } from './stats.js';

const warmUpInteractions = 50;
const timedInteractions = 500;
const burstSize = 1_000;
const soakSize = 20_000;
/** In flight at once during the soak: a busy server, not one member after another. */
const soakConcurrency = 250;
const soakSampleEvery = 2_000;
/** Members taking part in the soak: enough that discord.js's member cache fills up early. */
const soakMembers = 1_000;
const burstTimeoutMs = 60_000;

/**
 * Resolves, per interaction, with the milliseconds from its dispatch to its answer reaching the
 * fake: the callback that carries the reply, or, for an interaction the bot deferred while busy,
 * the edit of the deferred reply. (Counting the deferral as the answer would let the soak run
 * ahead of the bot, and the backlog of answers still to give would look like a leak.)
 */
class AnswerClock {
  private readonly pending = new Map<string, { sentAt: number; resolve: (ms: number) => void }>();

  constructor(fake: FakeDiscord) {
    // The fake records each request on arrival; timing it there needs no polling.
    const record = fake.requests.push.bind(fake.requests);
    fake.requests.push = (...requests: RecordedRequest[]) => {
      for (const request of requests) this.arrived(request);
      return record(...requests);
    };
  }

  /** `token`: the interaction's token, which both the callback and the edit of a deferred reply carry. */
  expect(token: string, sentAt: number): Promise<number> {
    return new Promise((resolve) => this.pending.set(token, { sentAt, resolve }));
  }

  private arrived(request: RecordedRequest): void {
    const callback = /^\/interactions\/\d+\/([^/]+)\/callback$/.exec(request.path);
    const edit = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/.exec(request.path);
    const answers = callback
      ? (request.body as { type?: number } | undefined)?.type !== deferredReply
      : request.method === 'PATCH' && edit !== null;
    const token = answers ? (callback ?? edit)?.[1] : undefined;
    const waiting = token && this.pending.get(token);
    if (!waiting) return;
    this.pending.delete(token);
    waiting.resolve(performance.now() - waiting.sentAt);
  }
}

/** Interaction callback type 5, DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: "thinking…", the answer follows. */
const deferredReply = 5;

/** `ids`, when given, collects the interaction's id, for the fake's own first-response stats. */
function ask(h: Harness, clock: AnswerClock, who: Member, sequence: number, ids?: string[]): Promise<number> {
  const sentAt = performance.now();
  const sent = h.guild.command(who, 'ask', { question: benchQuestions[sequence % benchQuestions.length]! });
  ids?.push(sent.id);
  return clock.expect(sent.token, sentAt);
}

/** What the fake and the test logger keep grows with every interaction; the bot's memory is what remains. */
function forgetRecorded(h: Harness): void {
  h.fake.requests.length = 0;
  h.fake.interactions.clear();
  // The fake's own records of the gateway (what it received, and each session's replay buffer).
  for (const session of h.fake.sessions) session.received.length = 0;
  (
    h.fake as unknown as { interactionsByToken: Map<string, unknown>; buckets: Map<string, unknown> }
  ).interactionsByToken.clear();
  (h.fake as unknown as { buckets: Map<string, unknown> }).buckets.clear();
  h.log.entries.length = 0;
}

interface SoakSample extends Memory {
  interactions: number;
}

interface E2eReport {
  machine: ReturnType<typeof describeMachine>;
  latency: Latency;
  burst: {
    sent: number;
    answered: number;
    totalMs: number;
    peakRssMB: number;
    /** Dispatch → first response (a reply, or a deferral), as the fake saw it with Discord's 3 s window on. */
    firstResponse: { p50: number; p99: number; max: number; lost: number };
  };
  soak: {
    interactions: number;
    answered: number;
    totalMs: number;
    samples: SoakSample[];
    heapGrowthMB: number;
    rssGrowthMB: number;
  };
}

async function runE2eBench(): Promise<E2eReport> {
  const h = await startHarness();
  try {
    const clock = new AnswerClock(h.fake);
    const alice = member('alice');

    for (let index = 0; index < warmUpInteractions; index++) await ask(h, clock, alice, index);
    const durations: number[] = [];
    for (let index = 0; index < timedInteractions; index++) durations.push(await ask(h, clock, alice, index));
    forgetRecorded(h);

    const burstStarted = performance.now();
    const burstIds: string[] = [];
    const burst = Array.from({ length: burstSize }, (_, index) =>
      ask(h, clock, member(`burst${index}`), index, burstIds),
    );
    const answered = await settleWithin(burst, burstTimeoutMs);
    const burstMs = performance.now() - burstStarted;
    const burstPeak = peakRssMB();
    const { p50, p99, max, lost } = h.fake.firstResponseStats(burstIds);
    forgetRecorded(h);

    const members = Array.from({ length: soakMembers }, (_, index) => member(`soak${index}`));
    const samples: SoakSample[] = [];
    const soakStarted = performance.now();
    let soakAnswered = 0;
    for (let done = 0; done < soakSize; done += soakConcurrency) {
      const batch = Array.from({ length: soakConcurrency }, (_, offset) =>
        ask(h, clock, members[(done + offset) % soakMembers]!, done + offset),
      );
      soakAnswered += await settleWithin(batch, burstTimeoutMs);
      if ((done + soakConcurrency) % soakSampleEvery === 0) {
        forgetRecorded(h);
        samples.push({ interactions: done + soakConcurrency, ...settledMemory() });
      }
    }
    const first = samples[0]!;
    const last = samples.at(-1)!;
    return {
      machine: describeMachine(),
      latency: latency(durations),
      burst: {
        sent: burstSize,
        answered,
        totalMs: Math.round(burstMs),
        peakRssMB: burstPeak,
        firstResponse: { p50, p99, max, lost },
      },
      soak: {
        interactions: soakSize,
        answered: soakAnswered,
        totalMs: Math.round(performance.now() - soakStarted),
        samples,
        heapGrowthMB: last.heapUsedMB - first.heapUsedMB,
        rssGrowthMB: last.rssMB - first.rssMB,
      },
    };
  } finally {
    await h.stop();
  }
}

/** How many of `answers` arrive within `timeoutMs`; the rest count as unanswered. */
async function settleWithin(answers: Array<Promise<number>>, timeoutMs: number): Promise<number> {
  let arrived = 0;
  const counted = answers.map((answer) => answer.then(() => void arrived++));
  await Promise.race([Promise.all(counted), new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
  return arrived;
}

function renderE2e(report: E2eReport): string {
  const { latency: timing, burst, soak } = report;
  const ms = (value: number) => `${value.toFixed(2)} ms`;
  return (
    [
      `Machine: ${report.machine.cpus} CPUs (${report.machine.cpuModel}), Node ${report.machine.node}`,
      '',
      '| measure | result |',
      '|---|--:|',
      `| dispatch → answer p50 (${timing.samples} /ask, one at a time) | ${ms(timing.p50)} |`,
      `| dispatch → answer p99 | ${ms(timing.p99)} |`,
      `| burst: answered | ${burst.answered} / ${burst.sent} |`,
      `| burst: dispatch → first response p50 / p99 / max (3 s window on) | ${ms(burst.firstResponse.p50)} / ${ms(burst.firstResponse.p99)} / ${ms(burst.firstResponse.max)} |`,
      `| burst: lost to the window | ${burst.firstResponse.lost} |`,
      `| burst: all answered in | ${(burst.totalMs / 1000).toFixed(2)} s |`,
      `| burst: peak RSS (bot + fake, one process) | ${burst.peakRssMB} MB |`,
      `| soak: answered | ${soak.answered} / ${soak.interactions} in ${(soak.totalMs / 1000).toFixed(1)} s |`,
      `| soak: heap growth, first → last sample | ${soak.heapGrowthMB} MB |`,
      `| soak: RSS growth, first → last sample | ${soak.rssGrowthMB} MB |`,
      '',
      '| interactions | RSS | heap used |',
      '|--:|--:|--:|',
      ...soak.samples.map(
        (sample) => `| ${sample.interactions.toLocaleString('en')} | ${sample.rssMB} MB | ${sample.heapUsedMB} MB |`,
      ),
    ].join('\n') + '\n'
  );
}

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } });
const report = await runE2eBench();
process.stdout.write(values.json ? JSON.stringify(report) + '\n' : renderE2e(report));
