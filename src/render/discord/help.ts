import {
  ApplicationCommandOptionType,
  type APIEmbed,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { embedColors } from './constants.js';
import { fitLines } from './text.js';

/**
 * /help, built from the registered command definitions so it can never disagree with what
 * Discord shows in the command picker.
 */
export function renderHelp(commands: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[]): {
  embeds: APIEmbed[];
} {
  const lines = commands.map((command) => {
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
          'Tip: in `/ask`, start typing in `source` to pick one article; set `private` to see the answer alone.',
        ].join('\n'),
        color: embedColors.info,
      },
    ],
  };
}
