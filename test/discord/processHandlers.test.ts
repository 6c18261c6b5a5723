import { describe, expect, it } from 'vitest';
import { PermissionFlagsBits, PermissionsBitField, type ChatInputCommandInteraction } from 'discord.js';
import { isModerator } from '../../src/discord/permissions.js';
import { installProcessHandlers, processErrorListener } from '../../src/discord/processHandlers.js';
import { recordingLogger } from '../helpers/recordingLogger.js';

describe('the process-level handler', () => {
  it('logs an error nothing else caught, with its stack, instead of letting it end the process', () => {
    const log = recordingLogger();
    processErrorListener(log, 'uncaughtException')(new SyntaxError('Cannot convert garbage to a BigInt'));
    expect(log.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        message: expect.stringContaining('process-level handler'),
        fields: expect.objectContaining({ kind: 'uncaughtException', error: expect.stringContaining('BigInt') }),
      }),
    );
  });

  it('is installed for both kinds, and can be removed', () => {
    const before = [process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')];
    const remove = installProcessHandlers(recordingLogger());
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(
      before.map((count) => count + 1),
    );
    remove();
    expect([process.listenerCount('uncaughtException'), process.listenerCount('unhandledRejection')]).toEqual(before);
  });
});

describe('isModerator with a malformed member', () => {
  it('says no instead of throwing', () => {
    const interaction = {
      inGuild: () => true,
      get memberPermissions(): PermissionsBitField {
        return new PermissionsBitField(BigInt('not a number'));
      },
      member: { roles: 'not a list' },
    } as unknown as ChatInputCommandInteraction;
    expect(isModerator(interaction, ['123456789012345678'])).toBe(false);
    const fine = {
      inGuild: () => true,
      memberPermissions: new PermissionsBitField(PermissionFlagsBits.ManageGuild),
      member: { roles: [] },
    } as unknown as ChatInputCommandInteraction;
    expect(isModerator(fine, [])).toBe(true);
  });
});
