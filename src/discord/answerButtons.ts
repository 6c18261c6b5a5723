import {
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ButtonInteraction,
  type Message,
} from 'discord.js';
import type { Answer } from '../ask/types.js';
import {
  excerptsPerPage,
  renderAnswer,
  sharedBy,
  type AnswerPageOptions,
  type AnswerPayload,
} from '../render/discord/answer.js';
import type { AnswerPages } from './answerPages.js';
import { customId, type CommandContext } from './command.js';
import { isVoteCustomId, voteRowOf } from './votes.js';

/**
 * The buttons of an /ask answer besides the votes, and what pressing them does. The answer itself is in
 * AnswerPages under a short key (a custom id holds 100 characters, too few for an answer). Custom ids:
 * `ask:page:<key>:<page>:<ownerId>` ("Previous" / "More excerpts": the owner is the member whose message it is)
 * and `ask:share:<key>:<page>` ("Share to channel", on a private answer only).
 */
const owner = 'ask';
const pageKind = 'page';
const shareKind = 'share';

const expired = 'These excerpts have expired, so their buttons are off now. Ask again with `/ask` to see them.';
const shared = 'Shared to the channel.';

type AnswerButton =
  | { kind: typeof pageKind; key: string; page: number; ownerId: string }
  | { kind: typeof shareKind; key: string; page: number };

function parseAnswerButton(id: string): AnswerButton | undefined {
  const [, kind, key = '', page = '0', ownerId = ''] = id.split(':');
  const number = Number.parseInt(page, 10) || 0;
  if (kind === pageKind && ownerId) return { kind, key, page: number, ownerId };
  if (kind === shareKind) return { kind, key, page: number };
  return undefined;
}

export interface AnswerView {
  /** The answer's key in AnswerPages; without one the answer has no buttons but its votes. */
  key: string | undefined;
  page: number;
  /** Who may page this message in place: the member it was sent to. */
  ownerId: string;
  /** A private message, which gets the "Share to channel" button. */
  private: boolean;
  /** Citations' dates and links, from the index being served. */
  source: AnswerPageOptions['source'];
}

/**
 * Keeps the answer for its buttons, when it will have any: paging needs more than one page, sharing a private answer
 * needs it at all. Returns its key, for the view.
 */
export function keepForButtons(answer: Answer, isPrivate: boolean, answerPages: AnswerPages): string | undefined {
  const keep = answer.answered && (isPrivate || answer.citations.length > excerptsPerPage);
  return keep ? answerPages.save(answer) : undefined;
}

/** One page of an answer with its buttons: paging (owned by `ownerId`), Share when private, then `votes`. */
export function answerMessage(answer: Answer, view: AnswerView, votes: AnswerPayload['components']): AnswerPayload {
  const { key } = view;
  const rendered = renderAnswer(answer, {
    page: view.page,
    source: view.source,
    ...(key
      ? {
          pageButtonId: (page: number) => customId(owner, pageKind, key, page, view.ownerId),
          ...(view.private ? { shareButtonId: (page: number) => customId(owner, shareKind, key, page) } : {}),
        }
      : {}),
  });
  return { ...rendered, components: [...rendered.components, ...votes] };
}

/**
 * "Previous" / "More excerpts" page the owner's message in place; anyone else gets that page as a private copy of
 * their own, so one member's paging never moves the message under everyone else's eyes. "Share to channel" posts
 * the private page publicly, headed with who shared it. An answer no longer kept turns its buttons off.
 */
export async function handleAnswerButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const button = parseAnswerButton(interaction.customId);
  const answer = button && context.answerPages.get(button.key);
  if (!button || !answer) {
    await disableAnswerButtons(interaction);
    return;
  }
  const votes = voteRowOf(interaction.message);
  const view = { key: button.key, page: button.page, source: (id: string) => context.knowledge.current.source(id) };
  const isPrivate = interaction.message.flags.has(MessageFlags.Ephemeral);
  if (button.kind === shareKind) {
    // Editing cannot make a private (ephemeral) message public: the page goes out as a new public message, and
    // the private one loses its Share button so it is shared once.
    const page = answerMessage(answer, { ...view, ownerId: interaction.user.id, private: false }, votes);
    await interaction.update({ content: shared, ...page });
    await interaction.followUp({ content: sharedBy(interaction.user.id), ...page });
    return;
  }
  if (interaction.user.id === button.ownerId) {
    await interaction.update(answerMessage(answer, { ...view, ownerId: button.ownerId, private: isPrivate }, votes));
    return;
  }
  await interaction.reply({
    ...answerMessage(answer, { ...view, ownerId: interaction.user.id, private: true }, votes),
    flags: MessageFlags.Ephemeral,
  });
}

/**
 * The answer is gone (kept 15 minutes, or evicted): its paging and Share buttons are turned off on the message, so
 * nobody else presses them in vain, and the member is told privately. The votes stay on: they are kept in the
 * feedback database, not in memory.
 */
async function disableAnswerButtons(interaction: ButtonInteraction): Promise<void> {
  await interaction.update({ components: withAnswerButtonsOff(interaction.message) });
  await interaction.followUp({ content: expired, flags: MessageFlags.Ephemeral });
}

function withAnswerButtonsOff(message: Message): Array<APIActionRowComponent<APIButtonComponent>> {
  return message.components.flatMap((row) => {
    if (row.type !== ComponentType.ActionRow) return [];
    const buttons = row.components.flatMap((component) =>
      component.type === ComponentType.Button ? [component.toJSON()] : [],
    );
    return [
      {
        type: ComponentType.ActionRow,
        components: buttons.map((button) =>
          'custom_id' in button && !isVoteCustomId(button.custom_id) ? { ...button, disabled: true } : button,
        ),
      },
    ];
  });
}
