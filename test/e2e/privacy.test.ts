import { setTimeout as sleep } from 'node:timers/promises';
import { MessageFlags } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { shareButtonLabel } from '../../src/render/discord/answer.js';
import { useHarness, type Harness } from '../support/harness.js';
import { member, type Member, type SentInteraction } from '../support/interactions.js';

/**
 * Sharing and privacy, end to end through the real discord.js client and the fake Discord: private replies, "Share
 * to channel", paging by someone other than the asker, buttons of an expired answer, and the cooldown on buttons.
 */
const troopsQuestion = 'How many North Korean troops are in Kursk?';

type Body = { type: number; data: Record<string, any> };

async function callback(harness: Harness, sent: SentInteraction): Promise<Body> {
  const [first] = await harness.fake.waitForResponses(sent);
  expect(first!.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
  return first!.body;
}

/** The second response to an interaction: its follow-up (a POST on its webhook). */
async function followUp(harness: Harness, sent: SentInteraction): Promise<Record<string, any>> {
  const [, second] = await harness.fake.waitForResponses(sent, 2);
  expect(second!.method).toBe('POST');
  expect(second!.path).toBe(`/webhooks/${harness.fake.applicationId}/${sent.token}`);
  return second!.body;
}

function buttons(data: Record<string, any>): Array<Record<string, any>> {
  return (data.components ?? []).flatMap((row: any) => row.components);
}

function button(data: Record<string, any>, label: string): Record<string, any> {
  const found = buttons(data).find((candidate) => candidate.label === label);
  expect(found, `a "${label}" button`).toBeDefined();
  return found!;
}

function voteIds(data: Record<string, any>): string[] {
  return buttons(data)
    .filter((candidate) => candidate.custom_id.startsWith('ask:vote:'))
    .map((candidate) => candidate.custom_id);
}

async function ask(harness: Harness, who: Member, options: Record<string, boolean> = {}) {
  const reply = await callback(harness, harness.guild.command(who, 'ask', { question: troopsQuestion, ...options }));
  return { reply, message: harness.fake.message(reply.data) };
}

describe('private replies and sharing', () => {
  const h = useHarness({ busyThresholds: { lagMs: Infinity } });

  it('answers /ask, /compare and /sources privately when `private` is set', async () => {
    const alice = member('alice');
    const { reply } = await ask(h(), alice, { private: true });
    expect(reply.data.flags).toBe(MessageFlags.Ephemeral);

    const compared = h().guild.command(alice, 'compare', { topic: 'troops', private: true });
    const [deferred, edit] = await h().fake.waitForResponses(compared, 2);
    expect(deferred!.body).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(edit!.body.embeds[0].title).toMatch(/^Compare: troops/);

    const listed = await callback(h(), h().guild.command(alice, 'sources', { private: true }));
    expect(listed.data.flags).toBe(MessageFlags.Ephemeral);
    expect(listed.data.embeds[0].title).toMatch(/^What I know/);
    expect((await callback(h(), h().guild.command(alice, 'sources'))).data.flags ?? 0).toBe(0);
  });

  it('gives a private answer, and only a private one, a "Share to channel" button', async () => {
    const alice = member('alice');
    const { reply } = await ask(h(), alice, { private: true });
    expect(buttons(reply.data).map((candidate) => candidate.label ?? candidate.emoji.name)).toEqual([
      'Previous',
      'More excerpts',
      shareButtonLabel,
      '👍',
      '👎',
    ]);
    const { reply: open } = await ask(h(), alice);
    expect(buttons(open.data).map((candidate) => candidate.label)).not.toContain(shareButtonLabel);
  });

  it('shares a private answer as a new public message headed "Shared by", pinging nobody, without a Share button', async () => {
    const alice = member('alice');
    const { reply, message } = await ask(h(), alice, { private: true });
    const more = await callback(h(), h().guild.button(alice, button(reply.data, 'More excerpts').custom_id, message));
    expect(more.type).toBe(7); // her private reply, paged in place
    const page2 = h().fake.message({ ...more.data, flags: MessageFlags.Ephemeral });

    const pressed = h().guild.button(alice, button(more.data, shareButtonLabel).custom_id, page2);
    const ack = await callback(h(), pressed);
    // The private reply cannot be made public by editing: it only loses its Share button.
    expect(ack.type).toBe(7);
    expect(ack.data.content).toBe('Shared to the channel.');
    expect(buttons(ack.data).map((candidate) => candidate.label)).not.toContain(shareButtonLabel);

    const shared = await followUp(h(), pressed);
    expect(shared.flags ?? 0).toBe(0);
    expect(shared.content).toBe(`Shared by <@${alice.id}>`);
    expect(shared.allowed_mentions).toEqual({ parse: [] });
    expect(shared.embeds).toEqual(more.data.embeds); // the page she was looking at
    expect(shared.embeds[0].footer.text).toMatch(/^Excerpts 4–6/);
    expect(buttons(shared).map((candidate) => candidate.label)).not.toContain(shareButtonLabel);
    expect(voteIds(shared)).toEqual(voteIds(reply.data));
    expect(button(shared, 'More excerpts').custom_id).toMatch(new RegExp(`:${alice.id}$`));
  });

  it('gives anyone else who pages an answer a private copy of that page, leaving the asker’s message as it is', async () => {
    const alice = member('alice');
    const bob = member('bob');
    const { reply, message } = await ask(h(), alice);
    const more = button(reply.data, 'More excerpts');
    expect(more.custom_id.length).toBeLessThanOrEqual(100);

    const copy = await callback(h(), h().guild.button(bob, more.custom_id, message));
    expect(copy.type).toBe(4); // a new message, not an update of alice's
    expect(copy.data.flags).toBe(MessageFlags.Ephemeral);
    expect(copy.data.embeds[0].footer.text).toMatch(/^Excerpts 4–6/);
    // His copy's buttons are his: they page his copy in place, and it can be shared.
    expect(button(copy.data, 'More excerpts').custom_id).toMatch(new RegExp(`:${bob.id}$`));
    expect(button(copy.data, shareButtonLabel)).toBeDefined();
    expect(voteIds(copy.data)).toEqual(voteIds(reply.data));

    const ownCopy = h().fake.message(copy.data);
    const next = await callback(h(), h().guild.button(bob, button(copy.data, 'More excerpts').custom_id, ownCopy));
    expect(next.type).toBe(7);
    expect(next.data.embeds[0].footer.text).toMatch(/^Excerpts 7–9/);

    // The votes on alice's message still work for him.
    const thanks = await callback(h(), h().guild.button(bob, voteIds(reply.data)[0]!, message));
    expect(thanks.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'Thanks — marked as helpful.' });
  });
});

describe('expired answers and the cooldown on buttons', () => {
  const lifetimeMs = 300;
  const h = useHarness({ busyThresholds: { lagMs: Infinity }, answerLifetimeMs: lifetimeMs, cooldownSeconds: 30 });

  it('turns off an expired answer’s paging buttons on the message (votes stay on) and says so privately', async () => {
    const alice = member('alice');
    const carol = member('carol');
    const { reply, message } = await ask(h(), alice);
    await sleep(lifetimeMs + 100);
    const pressed = h().guild.button(carol, button(reply.data, 'More excerpts').custom_id, message);
    const update = await callback(h(), pressed);
    expect(update.type).toBe(7);
    expect(update.data.embeds).toBeUndefined(); // the answer is left as it was
    const states = buttons(update.data).map((candidate) => [
      candidate.label ?? candidate.emoji.name,
      !!candidate.disabled,
    ]);
    expect(states).toEqual([
      ['Previous', true],
      ['More excerpts', true],
      ['👍', false],
      ['👎', false],
    ]);
    const told = await followUp(h(), pressed);
    expect(told.flags).toBe(MessageFlags.Ephemeral);
    expect(told.content).toMatch(/expired/);
    // Discord sends no press of a disabled button.
    const off = h().fake.message(update.data);
    expect(() => h().guild.button(carol, button(update.data, 'More excerpts').custom_id, off)).toThrow(/disabled/);
  });

  it('makes a member who presses buttons too fast wait, with the same private notice as commands', async () => {
    const dave = member('dave');
    const { reply, message } = await ask(h(), dave);
    // Paging just after asking is not going too fast: buttons have a cooldown apart from the command's.
    const paged = await callback(h(), h().guild.button(dave, button(reply.data, 'More excerpts').custom_id, message));
    expect(paged.type).toBe(7);
    const [up, down] = voteIds(reply.data);
    expect((await callback(h(), h().guild.button(dave, up!, message))).data.content).toMatch(/^Thanks/);
    const tooFast = await callback(h(), h().guild.button(dave, down!, message));
    expect(tooFast.type).toBe(4);
    expect(tooFast.data.flags).toBe(MessageFlags.Ephemeral);
    expect(tooFast.data.content).toMatch(/^You’re going a bit fast: try that button again in \d+ s\.$/);
    const again = await callback(h(), h().guild.command(dave, 'ask', { question: troopsQuestion }));
    expect(again.data.content).toMatch(/^You’re going a bit fast: try `\/ask` again in \d+ s\.$/);
  });
});
