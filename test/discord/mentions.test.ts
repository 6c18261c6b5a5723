import { expect, it } from 'vitest';
import { withoutMentions } from '../../src/discord/mentions.js';

it('removes every kind of mention from a question, and nothing else', () => {
  expect(withoutMentions('@everyone how many troops? <@123> <@!456> <@&789> <#1011> @here')).toBe('how many troops?');
  expect(withoutMentions('e-mail me@example.com about <b>@everyones</b>')).toBe(
    'e-mail me@example.com about <b>@everyones</b>',
  );
});
