import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxSeedBytes } from '../../src/sources/loadSources.js';
import { answerOf } from '../support/answers.js';
import { reindexResult } from '../support/assertions.js';
import { useHarness } from '../support/harness.js';
import { member } from '../support/interactions.js';

/**
 * Issue 14, item 1: one accepted 5 MB paragraph made every matching /ask take 5.8 s of CPU and
 * lost that answer and the two behind it to Discord's 3 s window. With the fake's window on.
 */
const h = useHarness();

describe('a 5 MB one-paragraph seed, reindexed into the running bot', () => {
  it('loses no interaction: questions about it, and others, are all answered in time', async () => {
    const sentence = 'The Quartzite Regiment sent artillery shells and engineers to the Kursk front last winter. ';
    await writeFile(
      join(h().paths.seedsDir, 'huge.txt'),
      sentence.repeat(Math.floor((maxSeedBytes - 100) / sentence.length)).trimEnd(),
    );
    await reindexResult(
      h().fake,
      h().guild.command(member('mod', { roles: [h().moderatorRoleId] }), 'reindex'),
      60_000,
    );
    const sent = Array.from({ length: 20 }, (_, index) =>
      h().guild.command(member(`asker${index}`), 'ask', {
        question: index % 2 ? 'Did the Quartzite Regiment send artillery shells to Kursk?' : 'What did Blinken say?',
      }),
    );
    const ids = sent.map((interaction) => interaction.id);
    await h().fake.waitForFirstResponses(ids, 30_000);
    expect(h().fake.firstResponseStats(ids)).toMatchObject({ acknowledged: 20, lost: 0 });
    for (const interaction of sent) {
      const { data } = await answerOf(h().fake, interaction, 30_000);
      expect(data.embeds[0].description.length).toBeLessThan(1500);
    }
  }, 120_000);
});
