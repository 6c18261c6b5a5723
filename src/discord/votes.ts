import {
  ComponentType,
  MessageFlags,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ButtonInteraction,
  type Message,
  type ModalSubmitInteraction,
} from 'discord.js';
import type { Answer } from '../ask/types.js';
import {
  reasonInputId,
  reasonModal,
  renderReasonThanks,
  renderVoteThanks,
  voteRow,
  type VoteValue,
} from '../render/discord/votes.js';
import { errorMessage } from '../util/errors.js';
import { customId, type CommandContext } from './command.js';

/**
 * Votes on /ask answers. Everything a vote needs is kept in the feedback database when the answer is given
 * (`FeedbackStore.recordAnswer`), and the buttons carry only that answer's id: a vote works after a restart, on any
 * shard, and after the 15 minutes the in-memory pages live. Custom ids (routed to commands/ask.ts by their prefix):
 * `ask:vote:<answerId>:up|down` (the buttons), `ask:why:<answerId>` (the "what was wrong?" button and its modal).
 */
const owner = 'ask';
const voteKind = 'vote';
const reasonKind = 'why';

const sorryNotSaved = 'Sorry, your vote could not be saved just now. It has been logged; please try again in a moment.';
const unknownAnswer = 'This answer is no longer kept, so it can’t be voted on. Ask again with `/ask`.';
const outsideGuild = 'Votes only work in a server.';

type AnswerRow = APIActionRowComponent<APIButtonComponent>;

function voteButtonId(answerId: string): (vote: VoteValue) => string {
  return (vote) => customId(owner, voteKind, answerId, vote);
}

function reasonId(answerId: string): string {
  return customId(owner, reasonKind, answerId);
}

/** Whether a custom id belongs to the votes (rather than to the answer's paging). */
export function isVoteCustomId(id: string): boolean {
  const [, kind] = id.split(':');
  return kind === voteKind || kind === reasonKind;
}

/** Where a question was asked: a slash command (the interaction) or a mention (the message). */
export interface AskedIn {
  id: string;
  guildId: string | null;
  channelId: string;
}

/**
 * What the feedback store keeps of a question asked (/ask or a mention): a declined question goes to the declined
 * log (no member); an answer is recorded and gets a row of vote buttons. Nothing outside a server (the store is per
 * guild) or without the database. A database error only costs the buttons: it is logged and the answer still goes
 * out.
 */
export function answerFeedback(
  asked: AskedIn,
  answer: Answer,
  { feedback, log }: Pick<CommandContext, 'feedback' | 'log'>,
): AnswerRow[] {
  const { guildId, channelId } = asked;
  if (!feedback || !guildId) return [];
  try {
    if (!answer.answered) {
      feedback.recordDeclined({ guildId, channelId, question: answer.question });
      return [];
    }
    const answerId = feedback.recordAnswer({
      guildId,
      channelId,
      question: answer.question,
      citedChunkIds: answer.citations.map((citation) => citation.chunkId),
      confidence: answer.confidence ?? null,
    });
    return [voteRow(voteButtonId(answerId))];
  } catch (error) {
    log.error('could not record the answer for feedback; answering without vote buttons', {
      asked: asked.id,
      error: errorMessage(error),
    });
    return [];
  }
}

/** The vote row already on a message (kept when a page button redraws the answer), if it has one. */
export function voteRowOf(message: Message): AnswerRow[] {
  for (const row of message.components) {
    if (row.type !== ComponentType.ActionRow) continue;
    for (const component of row.components) {
      const id = component.customId ?? '';
      const [, kind, answerId] = id.split(':');
      if (kind === voteKind && answerId) return [voteRow(voteButtonId(answerId))];
    }
  }
  return [];
}

/** 👍 / 👎, and "what was wrong?" (which opens the modal: it must be that interaction's first response). */
export async function handleVoteButton(interaction: ButtonInteraction, context: CommandContext): Promise<void> {
  const [, kind, answerId = '', value] = interaction.customId.split(':');
  if (kind === reasonKind) {
    await interaction.showModal(reasonModal(reasonId(answerId)));
    return;
  }
  const vote: VoteValue = value === 'down' ? 'down' : 'up';
  const outcome = saveVote(interaction, context, { answerId, vote, messageId: interaction.message.id });
  if (typeof outcome === 'string') {
    await interaction.reply({ content: outcome, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.reply({
    ...renderVoteThanks(vote, outcome.previous?.vote, reasonId(answerId)),
    flags: MessageFlags.Ephemeral,
  });
}

/** The "what was wrong?" modal, submitted: the member's vote becomes 👎 with that reason. */
export async function handleReasonModal(interaction: ModalSubmitInteraction, context: CommandContext): Promise<void> {
  const [, , answerId = ''] = interaction.customId.split(':');
  const reason = interaction.fields.getTextInputValue(reasonInputId).trim() || null;
  const outcome = saveVote(interaction, context, { answerId, vote: 'down', reason });
  await interaction.reply({
    content: typeof outcome === 'string' ? outcome : renderReasonThanks(outcome.reason),
    flags: MessageFlags.Ephemeral,
  });
}

/** Stores the vote; on failure, what to tell the member (a database error is logged, never thrown). */
function saveVote(
  interaction: ButtonInteraction | ModalSubmitInteraction,
  { feedback, log }: Pick<CommandContext, 'feedback' | 'log'>,
  vote: { answerId: string; vote: VoteValue; messageId?: string; reason?: string | null },
): string | { previous: { vote: VoteValue } | undefined; reason: string | null } {
  if (!interaction.inGuild()) return outsideGuild;
  if (!feedback) return sorryNotSaved;
  try {
    const outcome = feedback.voteOnAnswer({ ...vote, memberId: interaction.user.id });
    if (!outcome) return unknownAnswer;
    return { previous: outcome.previous, reason: outcome.stored.reason };
  } catch (error) {
    log.error('could not store a vote', {
      interaction: interaction.id,
      answer: vote.answerId,
      error: errorMessage(error),
    });
    return sorryNotSaved;
  }
}
