import {
  ApplicationCommandOptionType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { embedColors } from './constants.js';
import { fitLines } from './text.js';

/**
 * /help, built from the registered command definitions so it can never disagree with what
 * Discord shows in the command picker. Moderator commands (those registered with default member
 * permissions, which Discord hides in the picker from members without them) are listed to
 * moderators only.
 */
export function renderHelp(
  commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[],
  { moderator }: { moderator: boolean },
): {
  embeds: APIEmbed[];
} {
  const shown = moderator ? commands : commands.filter((command) => !isModeratorCommand(command));
  const lines = shown.map((command) => {
    const options = (command.options ?? [])
      .filter(
        (option) =>
          option.type !== ApplicationCommandOptionType.Subcommand &&
          option.type !== ApplicationCommandOptionType.SubcommandGroup,
      )
      .map((option) => (option.required ? ` ${option.name}` : ` [${option.name}]`))
      .join('');
    return `**/${command.name}${options}** — ${command.description}`;
  });
  return {
    embeds: [
      {
        title: 'sourcedesk',
        description: [
          'I answer questions from a curated set of news articles, quoting the passages I rely on so you can check them.',
          'If the sources do not answer a question, I say so rather than guess.',
          '',
          fitLines(lines, 3000),
          '',
          'Tip: in `/ask`, start typing in `source` to pick one article. Set `private` (in `/ask`, `/compare`, `/sources`) to see the reply alone; a private answer can still be shared with **Share to channel**.',
          // Mention mode has no command of its own to list: without this line nobody would learn of it.
          'You can also mention me with a question in a channel: I answer in a thread, where mentioning me again asks a follow-up.',
        ].join('\n'),
        color: embedColors.info,
      },
    ],
  };
}

/** Registered with default member permissions (`setDefaultMemberPermissions`), as /reindex and /insights are. */
function isModeratorCommand(command: RESTPostAPIChatInputApplicationCommandsJSONBody): boolean {
  return command.default_member_permissions !== undefined && command.default_member_permissions !== null;
}
