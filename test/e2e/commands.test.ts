import { answerOf } from '../support/answers.js';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ButtonStyle, ComponentType, MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { answerBudgets, lowConfidenceNote } from '../../src/render/discord/answer.js';
import { lowConfidenceBelow } from '../../src/render/shared/quote.js';
import { embedsLength } from '../../src/render/discord/text.js';
import { splitSentences } from '../../src/text/sentences.js';
import { messageOf, messageRequests, reindexResult } from '../support/assertions.js';
import { useHarness } from '../support/harness.js';
import { member, moderatorPermissions } from '../support/interactions.js';

/**
 * Every command through the fake Discord and the real discord.js Client, answering from the real
 * KnowledgeBase over a copy of seeds/.
 */
// These tests check exact replies: a loaded test machine's event-loop lag must not defer them.
const h = useHarness({ busyThresholds: { lagMs: Infinity } });

const alice = member('alice');
const troopsQuestion = 'How many North Korean troops are in Kursk?';

async function callback(sent: { id: string; token: string }) {
  const [first] = await h().fake.waitForResponses(sent);
  expect(first!.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
  return first!.body as { type: number; data: Record<string, any> };
}

describe('/ask', () => {
  it('answers in an embed: quoted answer, numbered excerpts with the question’s terms in bold, a page button', async () => {
    const reply = await callback(h().guild.command(alice, 'ask', { question: troopsQuestion }));
    expect(reply.type).toBe(4);
    expect(reply.data.flags ?? 0).toBe(0);
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
    const [embed] = reply.data.embeds;
    expect(embed.title).toBe(troopsQuestion);
    expect(embed.description).toMatch(/11,000 North Korean soldiers.*\[1\]/);
    expect(embed.fields).toHaveLength(3);
    expect(embed.fields[0].name).toMatch(/^\[1\] .+ · t-online · 2024-11-14 · ¶ 9$/);
    expect(embed.fields[0].value).toMatch(/^“.*\*\*Kursk\*\*.*”$/s);
    expect(embed.footer.text).toMatch(/^Excerpts 1–3 of \d+/);
    const [row] = reply.data.components;
    expect(row.components.map((button: any) => [button.label, button.disabled, button.style])).toEqual([
      ['Previous', true, ButtonStyle.Secondary],
      ['More excerpts', false, ButtonStyle.Primary],
    ]);
    expect(embedsLength(reply.data.embeds)).toBeLessThanOrEqual(6000);
  });

  it('is compact and checkable: ≤ 1,000 characters, each citation the cited sentence and a neighbour, one link per source, no previews', async () => {
    const reply = await callback(h().guild.command(alice, 'ask', { question: troopsQuestion }));
    expect(embedsLength(reply.data.embeds)).toBeLessThanOrEqual(1000);
    const kb = h().bot.knowledge.current;
    const answer = kb.ask(troopsQuestion, { limit: 12 });
    const fields: Array<{ name: string; value: string }> = reply.data.embeds[0].fields;
    fields.forEach((field, index) => {
      const quoted = field.value.split('\n')[0]!.replace(/\*\*/g, '').replace(/\\/g, '');
      // At most two sentences of the excerpt, never the whole of a longer paragraph.
      expect(splitSentences(quoted.slice(1, -1)).length).toBeLessThanOrEqual(2);
      expect(quoted.length).toBeLessThanOrEqual(answerBudgets.quote);
      expect(answer.citations[index]!.excerpt.length).toBeGreaterThan(0);
    });
    const links = fields.flatMap((field) => [...field.value.matchAll(/\]\((<[^>]+>)\)/g)].map((match) => match[1]!));
    // Every link is wrapped in <>, so Discord shows no preview; no source is linked twice.
    expect(new Set(links).size).toBe(links.length);
    for (const link of links) expect(link).toMatch(/^<https?:\/\/\S+>$/);
  });

  it('says plainly when its confidence is low', async () => {
    const kb = h().bot.knowledge.current;
    const questions = [
      'What did the GUR claim about North Korean casualties?',
      troopsQuestion,
      'Why did Kim send troops?',
    ];
    const low = questions.find((question) => {
      const answer = kb.ask(question);
      return answer.answered && (answer.confidence ?? 1) < lowConfidenceBelow;
    });
    const sure = questions.find((question) => (kb.ask(question).confidence ?? 0) >= lowConfidenceBelow);
    expect(low, 'a development question answered with low confidence').toBeDefined();
    expect(sure).toBeDefined();
    const lowReply = await callback(h().guild.command(alice, 'ask', { question: low! }));
    expect(lowReply.data.embeds[0].description.startsWith(lowConfidenceNote)).toBe(true);
    const sureReply = await callback(h().guild.command(alice, 'ask', { question: sure! }));
    expect(sureReply.data.embeds[0].description).not.toContain(lowConfidenceNote);
  });

  it('pages through further excerpts with "More excerpts" and back with "Previous"', async () => {
    const asked = h().guild.command(alice, 'ask', { question: troopsQuestion });
    const first = await callback(asked);
    const more = first.data.components[0].components[1];

    const clickedMore = h().guild.button(alice, more.custom_id, h().fake.message(first.data));
    const second = await callback(clickedMore);
    expect(second.type).toBe(7); // UPDATE_MESSAGE: the asker's message now shows page 2
    expect(second.data.embeds[0].fields[0].name).toMatch(/^\[4\] /);
    expect(second.data.embeds[0].footer.text).toMatch(/^Excerpts 4–6 of/);
    const [previous] = second.data.components[0].components;
    expect(previous.disabled).toBe(false);

    const back = await callback(h().guild.button(alice, previous.custom_id, h().fake.message(second.data)));
    expect(back.data.embeds[0].fields.map((field: any) => field.name)).toEqual(
      first.data.embeds[0].fields.map((field: any) => field.name),
    );
  });

  it('gives the same honest "nothing relevant" as the CLI, without buttons', async () => {
    const reply = await callback(h().guild.command(alice, 'ask', { question: 'Who won the 2022 World Cup?' }));
    expect(reply.data.embeds[0].description).toBe(h().bot.knowledge.current.ask('Who won the 2022 World Cup?').answer);
    expect(reply.data.components).toEqual([]);
  });

  it('escapes the question and never pings: @everyone comes back inert', async () => {
    const reply = await callback(
      h().guild.command(alice, 'ask', { question: 'Did **NATO** confirm troops? @everyone <@123456789012345678>' }),
    );
    const title: string = reply.data.embeds[0].title;
    expect(title).not.toContain('@everyone');
    expect(title).toContain('@\u200beveryone');
    expect(title).toContain('<\u200b@123456789012345678>');
    expect(title).toContain('\\*\\*NATO\\*\\*');
    expect(reply.data.allowed_mentions).toEqual({ parse: [] });
  });

  it('answers a question that mentions people as if the mentions were not there', async () => {
    const reply = await callback(
      h().guild.command(alice, 'ask', { question: `${troopsQuestion} @everyone <@!123456789012345678>` }),
    );
    expect(reply.data.embeds[0].title).toBe(`${troopsQuestion} @\u200beveryone <\u200b@!123456789012345678>`);
    expect(reply.data.embeds[0].fields.length).toBe(3);
  });

  it('answers privately when asked to', async () => {
    const reply = await callback(h().guild.command(alice, 'ask', { question: troopsQuestion, private: true }));
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
  });

  it('restricts the answer to the chosen source', async () => {
    const source = 'telegraph-2024-12-20-north-korean-troops-nightmare-for-russia';
    const reply = await callback(h().guild.command(alice, 'ask', { question: troopsQuestion, source }));
    for (const field of reply.data.embeds[0].fields) expect(field.name).toMatch(/The Telegraph/);
  });

  it('refuses an unknown source privately', async () => {
    const reply = await callback(
      h().guild.command(alice, 'ask', { question: troopsQuestion, source: 'no-such-source' }),
    );
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.data.content).toMatch(/don’t know that source/);
  });

  it('autocompletes `source` from the loaded sources', async () => {
    const all = await callback(h().guild.autocomplete(alice, 'ask', { question: 'x', source: '' }, 'source'));
    expect(all.type).toBe(8);
    expect(all.data.choices.map((choice: any) => choice.value)).toEqual(
      h()
        .bot.knowledge.current.sources()
        .map((source) => source.id),
    );
    const filtered = await callback(
      h().guild.autocomplete(alice, 'ask', { question: 'x', source: 'telegraph' }, 'source'),
    );
    expect(filtered.data.choices).toEqual([
      {
        name: 'Why North Korean troops are proving a nightmare for Russia (The Telegraph)',
        value: 'telegraph-2024-12-20-north-korean-troops-nightmare-for-russia',
      },
    ]);
  });
});

describe('/compare', () => {
  it('replies with the comparison embed and the chart attached, after deferring', async () => {
    const sent = h().guild.command(alice, 'compare', { topic: 'troops' });
    const [deferred, edit] = await h().fake.waitForResponses(sent, 2);
    expect(deferred!.body).toEqual({ type: 5, data: { flags: 0 } });
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toBe(`/webhooks/${h().fake.applicationId}/${sent.token}/messages/@original`);
    const [embed] = edit!.body.embeds;
    expect(embed.title).toMatch(/^Compare: troops — /);
    expect(embed.description).toMatch(/deployed or sent: from \*\*3,000\*\* .* to \*\*11,000\*\*/);
    expect(embed.fields.length).toBeGreaterThan(1);
    for (const field of embed.fields) expect(field.value).toMatch(/\(¶ \d+\)/);
    expect(embed.image).toEqual({ url: 'attachment://comparison.png' });
    const [chart, table] = edit!.files;
    expect(table!.name).toBe('compare-troops.csv');
    expect(table!.data.toString('utf8')).toMatch(/^source,publisher,title,paragraph,written/);
    expect(chart!.name).toBe('comparison.png');
    expect(chart!.data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(edit!.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('refuses an unknown topic privately, naming the topics there are', async () => {
    const reply = await callback(h().guild.command(alice, 'compare', { topic: 'weather' }));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.data.content).toMatch(/no topic called that.*`troops`/);
  });

  it('autocompletes `topic` from the topics', async () => {
    const all = await callback(h().guild.autocomplete(alice, 'compare', { topic: '' }, 'topic'));
    expect(all.data.choices.map((choice: any) => choice.value)).toEqual(
      h()
        .bot.knowledge.current.topics()
        .map((topic) => topic.name),
    );
    const filtered = await callback(h().guild.autocomplete(alice, 'compare', { topic: 'killed' }, 'topic'));
    for (const choice of filtered.data.choices) expect(choice.name.length).toBeLessThanOrEqual(100);
    expect(filtered.data.choices.map((choice: any) => choice.value)).toContain('casualties');
  });
});

describe('/sources and /help', () => {
  it('/sources lists every source with publisher, date, excerpt count and when it was indexed', async () => {
    const reply = await callback(h().guild.command(alice, 'sources'));
    const [embed] = reply.data.embeds;
    expect(embed.title).toBe('What I know: 5 sources');
    expect(embed.description).toContain(
      '**Why North Korean troops are proving a nightmare for Russia**\nThe Telegraph · 2024-12-20 · 28 excerpts',
    );
    expect(embed.description).toContain('publisher unknown · undated');
    expect(embed.description).toContain(
      '· [link](<https://weapons.substack.com/p/using-north-korean-troops-in-kursk>)',
    );
    expect(embed.description).toMatch(/Last indexed <t:\d+:R>/);
  });

  it('/sources shows skipped seeds to moderators only, privately', async () => {
    await writeFile(join(h().paths.seedsDir, 'bad.md'), '---\ntitle: [unclosed\n');
    const moderator = member('srcmod', { permissions: moderatorPermissions });
    await reindexResult(h().fake, h().guild.command(moderator, 'reindex'));
    try {
      expect(h().bot.knowledge.current.problems.length).toBeGreaterThan(0);
      const asMember = h().guild.command(alice, 'sources');
      const [memberReply] = await h().fake.waitForResponses(asMember);
      expect(JSON.stringify(memberReply!.body)).not.toMatch(/Skipped|bad\.md/);
      const asModerator = h().guild.command(moderator, 'sources');
      const [publicReply, diagnostics] = await h().fake.waitForResponses(asModerator, 2);
      expect(JSON.stringify(publicReply!.body)).not.toMatch(/bad\.md/);
      expect(diagnostics!.body.flags).toBe(MessageFlags.Ephemeral);
      expect(diagnostics!.body.embeds[0].title).toMatch(/^Moderators: skipped 1 seed file$/);
      expect(diagnostics!.body.embeds[0].description).toContain('bad.md');
      // The member's request got no second message.
      expect(h().fake.responsesTo(asMember)).toHaveLength(1);
    } finally {
      await rm(join(h().paths.seedsDir, 'bad.md'));
      await reindexResult(h().fake, h().guild.command(moderator, 'reindex'));
    }
  });

  it('/help explains the bot and lists the commands, privately', async () => {
    const reply = await callback(h().guild.command(alice, 'help'));
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    for (const name of [
      '/ask question [source] [private]',
      '/compare topic [view] [private]',
      '/sources [private]',
      '/help',
    ])
      expect(reply.data.embeds[0].description).toContain(`**${name}`);
  });
});

describe('/reindex', () => {
  it('politely refuses a member without Manage Server, privately', async () => {
    const before = h().bot.knowledge.current;
    const reply = await callback(h().guild.command(alice, 'reindex'));
    expect(reply.type).toBe(4);
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
    expect(reply.data.content).toMatch(/only moderators/);
    expect(h().bot.knowledge.current).toBe(before);
  });

  it('lets a member with a MODERATOR_ROLE_IDS role reindex', async () => {
    const sent = h().guild.command(member('rolemod', { roles: [h().moderatorRoleId] }), 'reindex');
    const edit = await reindexResult(h().fake, sent);
    const [deferred] = h().fake.responsesTo(sent);
    expect(deferred!.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(edit.body.embeds[0].title).toMatch(/^Reindexed in \d+\.\d\d s$/);
  });

  it('runs one reindex when two moderators ask at once; the other is told it is already running', async () => {
    const both = [
      member('mod1', { permissions: moderatorPermissions }),
      member('mod2', { permissions: moderatorPermissions }),
    ].map((moderator) => h().guild.command(moderator, 'reindex'));
    const edits = await Promise.all(both.map(async (sent) => (await reindexResult(h().fake, sent)).body));
    const texts: string[] = edits.map((edit) => edit.embeds?.[0]?.title ?? edit.content);
    expect(texts.filter((text) => /^Reindexed in/.test(text))).toHaveLength(1);
    expect(texts.filter((text) => /^A reindex is already running \(started <t:\d+:R>\)/.test(text))).toHaveLength(1);
  });

  it('reindexes for a moderator while questions are in flight: every question answered, the new source used afterwards', async () => {
    await writeFile(
      join(h().paths.seedsDir, 'test-2025-01-01-zephyrine-brigade.txt'),
      '---\ntitle: The Zephyrine Brigade\npublisher: Test Gazette\ndate: 2025-01-01\n---\n\nThe Zephyrine Brigade numbers 4,200 volunteers, according to its commander.\n',
    );
    const moderator = member('mod', { permissions: moderatorPermissions });
    const questions = Array.from({ length: 20 }, (_, index) =>
      h().guild.command(member(`asker${index}`), 'ask', { question: troopsQuestion }),
    );
    const reindex = h().guild.command(moderator, 'reindex');
    const more = Array.from({ length: 20 }, (_, index) =>
      h().guild.command(member(`late${index}`), 'ask', { question: troopsQuestion }),
    );

    for (const question of [...questions, ...more])
      expect((await answerOf(h().fake, question)).data.embeds[0].fields.length).toBe(3);
    const report = (await reindexResult(h().fake, reindex)).body.embeds[0];
    expect(report.fields).toContainEqual({ name: 'Added (1)', value: '• test-2025-01-01-zephyrine-brigade' });
    expect(report.description).toMatch(/excerpts indexed \(was \d+\)/);

    const after = await callback(
      h().guild.command(alice, 'ask', { question: 'How many volunteers are in the Zephyrine Brigade?' }),
    );
    expect(after.data.embeds[0].fields[0].name).toMatch(/The Zephyrine Brigade · Test Gazette · 2025-01-01/);
  });
});

it('answers a command it no longer knows (stale deployment) privately', async () => {
  const reply = await callback(h().guild.command(alice, 'ping'));
  expect(reply.data.flags).toBe(MessageFlags.Ephemeral);
  expect(reply.data.content).toMatch(/don’t know that command/);
  expect(h().log.entries.some((entry) => entry.level === 'warn' && entry.fields.command === 'ping')).toBe(true);
});

it('every message the bot sent respects Discord’s limits and carries no components other than buttons', () => {
  for (const request of messageRequests(h().fake.requests)) {
    const message = messageOf(request);
    expect((message.content ?? '').length).toBeLessThanOrEqual(2000);
    expect(embedsLength(message.embeds ?? [])).toBeLessThanOrEqual(6000);
    for (const row of message.components ?? [])
      for (const component of row.components) expect(component.type).toBe(ComponentType.Button);
  }
});
