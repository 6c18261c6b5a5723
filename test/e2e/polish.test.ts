import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxQuestionLength } from '../../src/ask/question.js';
import { deployCommands } from '../../src/discord/deploy.js';
import { reindexResult } from '../support/assertions.js';
import { fakeToken } from '../support/fakeDiscord.js';
import { useHarness } from '../support/harness.js';
import { member, moderatorPermissions } from '../support/interactions.js';

/**
 * Polish, end to end: article markdown shown literally, the registered definitions (question length from the core,
 * option descriptions from the loaded topics), and /help listing moderator commands to moderators only.
 */
const h = useHarness({ busyThresholds: { lagMs: Infinity } });
const moderator = member('mod', { permissions: moderatorPermissions });

describe('article text in Discord', () => {
  it('shows a seed’s markdown literally: no clickable link, heading, list or block quote', async () => {
    await writeFile(
      join(h().paths.seedsDir, 'test-2025-01-01-zephyrine-brigade.txt'),
      [
        '---',
        'title: The Zephyrine Brigade',
        'publisher: Test Gazette',
        'date: 2025-01-01',
        '---',
        '',
        '> The Zephyrine Brigade numbers 4,200 volunteers, according to [its commander](https://evil.example/phish).',
        '',
        '# The Zephyrine Brigade recruits volunteers abroad.',
        '',
        '- The Zephyrine Brigade trains 300 volunteers a month.',
        '',
      ].join('\n'),
    );
    await reindexResult(h().fake, h().guild.command(moderator, 'reindex'));
    const sent = h().guild.command(member('alice'), 'ask', {
      question: 'How many volunteers are in the Zephyrine Brigade?',
      source: 'test-2025-01-01-zephyrine-brigade',
    });
    const [reply] = await h().fake.waitForResponses(sent);
    const [embed] = reply!.body.data.embeds;
    const texts: string[] = [embed.description, ...embed.fields.map((field: any) => field.value)];
    expect(texts.join('\n')).toContain('\\[its commander](https:\u200b//evil.example/phish)');
    expect(embed.description).toMatch(/^\\- The Zephyrine Brigade/);
    for (const text of texts) {
      expect(text).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/); // a masked link
      expect(text).not.toMatch(/https?:\/\//); // a bare link
      // A line (inside the quote marks) that starts a heading, list or block quote.
      for (const line of text.split('\n')) expect(line.replace(/^[“\s]+/, '')).not.toMatch(/^([#>-]|\d+\.\s)/);
    }
  });
});

describe('command definitions', () => {
  it('take the maximum question length from the core and option descriptions from the loaded topics', async () => {
    const topicsFile = join(h().paths.configDir, 'topics.json');
    const config = JSON.parse(await readFile(topicsFile, 'utf8'));
    config.topics[0].description = 'Zephyrine Brigade volunteers sent abroad';
    await writeFile(topicsFile, JSON.stringify(config));
    const { fake } = h();
    await deployCommands({ token: fakeToken, clientId: fake.applicationId, apiBase: fake.apiBase, paths: h().paths });
    const [put] = await fake.waitForRequests((request) => request.method === 'PUT');
    const commands: any[] = put!.body;
    const option = (command: string, name: string) =>
      commands
        .find((candidate) => candidate.name === command)
        .options.find((candidate: any) => candidate.name === name);

    expect(option('ask', 'question').max_length).toBe(maxQuestionLength);
    expect(option('ask', 'question').description).toBe(
      'Your question, e.g. about Zephyrine Brigade volunteers sent abroad',
    );
    const topic: string = option('compare', 'topic').description;
    expect(topic).toMatch(new RegExp(`^What to compare: ${config.topics[0].name}, ${config.topics[1].name}, `));
    for (const name of ['ask', 'compare', 'sources']) expect(option(name, 'private').type).toBe(5);
    for (const command of commands)
      for (const described of [command, ...(command.options ?? [])]) {
        expect(described.description.length).toBeLessThanOrEqual(100);
        expect(described.description).not.toMatch(/Kursk|troops\?"/);
      }
  });
});

describe('/help', () => {
  const listed = async (who: ReturnType<typeof member>) => {
    const [reply] = await h().fake.waitForResponses(h().guild.command(who, 'help'));
    return [...reply!.body.data.embeds[0].description.matchAll(/\*\*\/(\w+)/g)].map((match) => match[1]);
  };

  it('lists the moderator commands to moderators only', async () => {
    expect(await listed(member('alice'))).toEqual(['ask', 'compare', 'help', 'sources']);
    expect(await listed(moderator)).toEqual(['ask', 'compare', 'help', 'insights', 'reindex', 'settings', 'sources']);
    expect(await listed(member('rolemod', { roles: [h().moderatorRoleId] }))).toContain('reindex');
  });
});
