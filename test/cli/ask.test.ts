import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeBaseOptions } from '../../src/knowledgeBase.js';
import { KnowledgeBase } from '../../src/knowledgeBase.js';
import { terminalCitationLimit } from '../../src/render/text/answer.js';
import { runCli } from '../helpers/runCli.js';
import { tempDir, tempKnowledgeBaseOptions } from '../helpers/tempDirs.js';

let paths: KnowledgeBaseOptions;
beforeAll(async () => {
  paths = await tempKnowledgeBaseOptions();
  await KnowledgeBase.open(paths);
});

describe('npm run ask', () => {
  it('prints the answer and its numbered sources for a person', async () => {
    const { code, stdout } = await runCli('ask.ts', ['How many North Korean troops are in Kursk?'], { paths });
    expect(code).toBe(0);
    expect(stdout).toMatch(/\[1\]/);
    // Title, then where to check it (publisher · date · paragraph), then the quote.
    expect(stdout).toMatch(/\nSources\n {2}\[1\] .+\n {6}.* · 20\d\d-\d\d-\d\d · paragraph \d+\n {6}“/);
    expect(stdout.match(/^ {2}\[\d+\]/gm)).toHaveLength(terminalCitationLimit);
  });

  it('--json prints exactly one object of the documented shape on stdout', async () => {
    const { code, stdout } = await runCli('ask.ts', ['--json', 'What agreement did the Duma ratify?'], { paths });
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const answer = JSON.parse(lines[0]!);
    expect(answer).toMatchObject({
      question: 'What agreement did the Duma ratify?',
      answered: true,
      answer: expect.any(String),
      confidence: expect.any(Number),
    });
    expect(answer.citations[0]).toEqual({
      source: 'asia-times-2024-10-25-north-korean-troops-in-kursk-could-backfire',
      title: 'North Korean troops in Kursk could backfire on Russia, Pyongyang',
      publisher: 'Asia Times',
      paragraph: expect.any(Number),
      excerpt: expect.stringContaining('ratified'),
      score: expect.any(Number),
      confidence: expect.any(Number),
    });
  });

  it('--json --batch answers one question per input line, in order', async () => {
    const questions = ['What is the CSTO?', '', 'What is the capital of Australia?', 'Who is Edward Howell?'];
    const { code, stdout } = await runCli('ask.ts', ['--json', '--batch'], {
      paths,
      stdin: questions.join('\n') + '\n',
    });
    expect(code).toBe(0);
    const answers = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers.map((answer) => answer.question)).toEqual(questions);
    expect(answers.map((answer) => answer.answered)).toEqual([true, false, false, true]);
  });

  it('--json --batch refuses a 20 MB line by its length, and answers the next line', async () => {
    const { code, stdout } = await runCli('ask.ts', ['--json', '--batch'], {
      paths,
      stdin: 'x'.repeat(20_000_000) + '\r\nWhat is the CSTO?\r\n',
    });
    expect(code).toBe(0);
    const [long, next] = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(long).toMatchObject({ answered: false, answer: expect.stringContaining('20,000,000 characters') });
    expect(long.question.length).toBeLessThan(3000);
    expect(next).toMatchObject({ question: 'What is the CSTO?', answered: true });
  });

  it.each([
    [[], /Ask a question/],
    [['   '], /Ask a question/],
    [['--source', 'nope', 'troops?'], /Unknown source "nope"/],
    [['--limit', '0', 'troops?'], /--limit/],
    [['--frobnicate', 'x'], /Unknown option/],
  ])('exits 1 with a one-line reason for %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli('ask.ts', args, { paths });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a broken setup is one line and exit 1', () => {
  it('a missing seeds folder', async () => {
    const { code, stderr } = await runCli('ask.ts', ['troops?'], {
      paths: { ...paths, seedsDir: '/nonexistent/seeds' },
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'There is no seeds folder at /nonexistent/seeds: create it and add articles, or set SEEDS_DIR.',
    );
  });

  it('a broken aliases.json, named with what is wrong', async () => {
    const configDir = await tempDir();
    await writeFile(join(configDir, 'aliases.json'), '{"entities": [["only one name"]]}');
    const { code, stderr } = await runCli('ask.ts', ['troops?'], { paths: { ...paths, configDir } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/aliases\.json: entities\.0: .*2/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('npm run sources and reindex', () => {
  it('lists the sources with publisher, date and chunk count', async () => {
    const { code, stdout } = await runCli('sources.ts', [], { paths });
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /Why North Korean troops are proving a nightmare for Russia\n {4}The Telegraph · 2024-12-20 · \d+ chunks/,
    );
    expect(stdout).not.toMatch(/unknown/i);
  });

  it('reindex reports what changed and how long it took', async () => {
    const { code, stdout } = await runCli('reindex.ts', ['--json'], { paths });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ added: [], removed: [], changed: [], saved: true });
    expect(report.unchanged).toHaveLength(5);
    expect(report.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reindex exits 3 when the index could not be saved', async () => {
    // index/ under a regular file: nobody, not even root, can create it.
    const blocker = join(await tempDir(), 'not-a-folder');
    await writeFile(blocker, '');
    const { code, stdout, stderr } = await runCli('reindex.ts', ['--json'], {
      paths: { ...paths, indexDir: join(blocker, 'index') },
    });
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({ saved: false });
    expect(stderr).toMatch(/Could not save the index/);
  });
});
