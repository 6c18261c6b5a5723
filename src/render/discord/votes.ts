import {
  ButtonStyle,
  ComponentType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import { MAX_REASON_CHARS } from '../../feedback/store.js';
import { escapeUserText, fitText } from './text.js';

export type VoteValue = 'up' | 'down';

/** What a vote means, as the acknowledgement says it. */
export const voteMeaning: Record<VoteValue, string> = { up: 'helpful', down: 'not helpful' };

const voteEmoji: Record<VoteValue, string> = { up: '👍', down: '👎' };

/** The "what was wrong?" modal: Discord allows a title of 45 characters, a label of 45, a placeholder of 100. */
export const reasonModalText = {
  title: 'What was wrong?',
  label: 'What was wrong with this answer?',
  description: 'Optional. Moderators see it, not who wrote it.',
  placeholder: 'e.g. a wrong figure, outdated, did not answer the question',
} as const;

/** The custom id of the modal's one text input. */
export const reasonInputId = 'reason';

/** The vote buttons of an answer, in their own row so they never mix with (or displace) its paging buttons. */
export function voteRow(voteButtonId: (vote: VoteValue) => string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: (['up', 'down'] as const).map((vote) => ({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      emoji: { name: voteEmoji[vote] },
      custom_id: voteButtonId(vote),
    })),
  };
}

/** The private thanks for a vote; a 👎 also offers to say what was wrong. */
export function renderVoteThanks(
  vote: VoteValue,
  previous: VoteValue | undefined,
  reasonButtonId: string,
): { content: string; components: Array<APIActionRowComponent<APIButtonComponent>> } {
  const changed = previous && previous !== vote ? ` (it was marked ${voteMeaning[previous]})` : '';
  const content = `Thanks — marked as ${voteMeaning[vote]}${changed}.`;
  if (vote === 'up') return { content, components: [] };
  return {
    content: `${content} If you like, say what was wrong.`,
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: 'What was wrong?',
            custom_id: reasonButtonId,
          },
        ],
      },
    ],
  };
}

/** The thanks once the reason is in: the member sees what was kept (cut to the store's limit), inert. */
export function renderReasonThanks(reason: string | null): string {
  if (!reason) return `Thanks — marked as ${voteMeaning.down}.`;
  const shown = fitText(reason.replace(/\s+/g, ' '), MAX_REASON_CHARS, (kept, mark) => escapeUserText(kept) + mark);
  return `Thanks — marked as ${voteMeaning.down}: “${shown}”`;
}

/** One optional short text input, at most {@link MAX_REASON_CHARS} (what the store keeps). */
export function reasonModal(customId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId,
    title: reasonModalText.title,
    components: [
      {
        type: ComponentType.Label,
        label: reasonModalText.label,
        description: reasonModalText.description,
        component: {
          type: ComponentType.TextInput,
          custom_id: reasonInputId,
          style: TextInputStyle.Short,
          required: false,
          max_length: MAX_REASON_CHARS,
          placeholder: reasonModalText.placeholder,
        },
      },
    ],
  };
}
