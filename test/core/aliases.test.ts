import { describe, expect, it } from 'vitest';
import { parseAliasFile } from '../../src/text/aliases.js';

describe('aliases.json', () => {
  it('reads entities, synonyms and a comment', () => {
    const file = parseAliasFile(
      JSON.stringify({ $comment: 'notes', entities: [['Kyiv', 'Kiev']], synonyms: [['wounded', 'injured']] }),
      'aliases.json',
    );
    expect(file.entities).toEqual([['Kyiv', 'Kiev']]);
  });

  it('refuses a misspelt key, naming it, instead of dropping its aliases without a word', () => {
    expect(() => parseAliasFile(JSON.stringify({ synonym: [['wounded', 'injured']] }), 'config/aliases.json')).toThrow(
      /config\/aliases\.json: .*synonym/,
    );
  });
});
