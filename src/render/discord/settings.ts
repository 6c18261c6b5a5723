import { channelMention } from 'discord.js';
import type { FeedbackDatabaseProblem } from '../../feedback/database.js';
import { discordLimits } from './constants.js';
import { problemText } from './insights.js';
import { fitText } from './text.js';

export interface MentionSetting {
  channelId: string;
  enabled: boolean;
  /** The moderator just changed it (rather than asked what it is). */
  changed: boolean;
  /** Every channel of the server where mention mode is off. */
  offIn: readonly string[];
}

/** The private reply to `/settings mentions`: the channel's setting, and where else it is off. */
export function renderMentionSetting({ channelId, enabled, changed, offIn }: MentionSetting): string {
  const state = enabled
    ? 'on: mentioning me with a question there answers it in a thread'
    : 'off: I ignore mentions there and in its threads';
  const head = `Mention mode ${changed ? 'is now' : 'is'} ${state} (${channelMention(channelId)}).`;
  if (offIn.length === 0) return `${head}\nIt is on in every channel of this server.`;
  // Channel mentions never ping; a server with very many channels off gets its list cut to the message's limit.
  const prefix = `${head}\nOff in: `;
  return prefix + fitText(`${offIn.map(channelMention).join(', ')}.`, discordLimits.content - prefix.length);
}

export function renderSettingsUnavailable(problem: FeedbackDatabaseProblem | undefined): string {
  return `Settings are unavailable: ${problemText[problem ?? 'unknown']}. Mention mode is on in every channel meanwhile.`;
}
