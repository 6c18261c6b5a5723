import { existsSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/paths.js';
import { parseSeed } from '../../src/sources/frontMatter.js';
import { deriveTitle, loadSources } from '../../src/sources/loadSources.js';
import { tempDir } from '../helpers/tempDirs.js';

describe('loadSources', () => {
  it('skips a bad seed with its file and line, and loads the rest', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'good.md'),
      '---\ntitle: Good one\npublisher: Example News\n---\nA paragraph about troops.\n',
    );
    await writeFile(join(dir, 'bad.txt'), '---\ntitle: Bad one\ndate: yesterday\n---\nText.\n');
    await writeFile(join(dir, 'plain.txt'), '\nPlain article headline\nIts first paragraph.\n');
    await writeFile(join(dir, 'README.md'), 'Notes for moderators, not a source.\n');
    await writeFile(join(dir, 'photo.jpg'), 'not text');

    const { sources, problems } = await loadSources(dir);
    expect(sources.map((source) => [source.id, source.title, source.publisher])).toEqual([
      ['good', 'Good one', 'Example News'],
      ['plain', 'Plain article headline', undefined],
    ]);
    expect(problems).toEqual([{ file: 'bad.txt', line: 3, message: expect.stringMatching(/date/) }]);
  });

  it.each([
    ['binary.txt', Buffer.from([0x48, 0x00, 0x49]), /binary/],
    ['empty.txt', Buffer.from(''), /no article text/],
    ['latin1.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x0a]), /UTF-8/],
    ['only-metadata.md', Buffer.from('---\ntitle: x\n---\n  \n'), /no article text/],
  ])('reports %s and skips it', async (file, bytes, message) => {
    const dir = await tempDir();
    await writeFile(join(dir, file), bytes);
    await writeFile(join(dir, 'fine.txt'), 'A fine article.\n');
    const { sources, problems } = await loadSources(dir);
    expect(sources.map((source) => source.id)).toEqual(['fine']);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.file).toBe(file);
    expect(problems[0]!.message).toMatch(message);
  });

  it('never gives two sources one id: the later file is skipped, naming the file that holds it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'dupid.md'), 'The Markdown article about troops.\n');
    await writeFile(join(dir, 'dupid.txt'), 'The plain-text article about troops.\n');
    await writeFile(join(dir, 'DupId.txt'), 'The same id in capitals.\n');
    const { sources, problems } = await loadSources(dir);
    expect(sources.map((source) => [source.id, source.file])).toEqual([['DupId', 'DupId.txt']]);
    expect(problems).toEqual([
      { file: 'dupid.md', message: expect.stringMatching(/id "dupid" is already DupId\.txt's.*rename one/) },
      { file: 'dupid.txt', message: expect.stringMatching(/id "dupid" is already DupId\.txt's/) },
    ]);
  });

  it.each([
    ['utf-16le', Buffer.from([0xff, 0xfe])],
    ['utf-16be', Buffer.from([0xfe, 0xff])],
  ])('reads a %s seed with its byte order mark', async (encoding, bom) => {
    const dir = await tempDir();
    const text = 'title: Kyiv’s allies\n\nThe Duma ratified the treaty.\n';
    const little = Buffer.from(text, 'utf16le');
    const body = encoding === 'utf-16le' ? little : Buffer.from(little).swap16();
    await writeFile(join(dir, 'unicode.txt'), Buffer.concat([bom, body]));
    const { sources, problems } = await loadSources(dir);
    expect(problems).toEqual([]);
    expect(sources[0]!.body).toContain('The Duma ratified the treaty.');
    expect(sources[0]!.title).toBe('Kyiv’s allies');
  });

  it('reports a symbolic link and a folder named like seeds, instead of skipping them without a word', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'real.txt'), 'A real article.\n');
    await symlink(join(dir, 'real.txt'), join(dir, 'link.txt'));
    await mkdir(join(dir, 'folder.txt'));
    const { sources, problems } = await loadSources(dir);
    expect(sources.map((source) => source.id)).toEqual(['real']);
    expect(problems).toEqual([
      { file: 'folder.txt', message: expect.stringMatching(/folder/) },
      { file: 'link.txt', message: expect.stringMatching(/symbolic link/) },
    ]);
  });

  it('derives a short title from the first line', () => {
    expect(deriveTitle('\n\nNATO has now confirmed the presence of troops.\nMore.')).toBe(
      'NATO has now confirmed the presence of troops',
    );
    expect(
      deriveTitle(
        'Workers repair the bridge (file photo): the city closed it twice.Image: dpa\nBy Jane Doe\nThe bridge reopens on Monday.\n',
      ),
    ).toBe('The bridge reopens on Monday');
    const long = deriveTitle('word '.repeat(60));
    expect(long.length).toBeLessThanOrEqual(101);
    expect(long.endsWith('…')).toBe(true);
  });

  it('skips a seed removed while the folder is being read, and reports it', async () => {
    const dir = await tempDir();
    const files = Array.from({ length: 20 }, (_, index) => `seed-${String(index).padStart(2, '0')}.txt`);
    for (const file of files) await writeFile(join(dir, file), `Article ${file}\n\nA paragraph about troops.\n`);

    // Seeds are read a few at a time: the last one is still unread when the first is done.
    const { sources, problems } = await loadSources(dir, (done) => {
      if (done === 1) unlinkSync(join(dir, files.at(-1)!));
    });
    expect(sources.map((source) => source.file)).toEqual(files.slice(0, -1));
    expect(problems).toEqual([{ file: files.at(-1), message: 'file was removed while the seeds were being read' }]);
  });

  it('keeps the bundled articles verbatim below their front matter', async () => {
    const shared = join(projectRoot, '..', 'shared', 'seeds');
    if (!existsSync(shared)) return;
    const originals = await Promise.all(
      [
        '000_68cb52bf94a88a30.txt',
        '001_7aa8eb491765a4bb.txt',
        '002_b04da68edceeae16.txt',
        '003_dbcfb62153bf1bcf.txt',
        '004_4e4750e7999f497f.txt',
      ].map((file) => readFile(join(shared, file), 'utf8')),
    );
    const { sources, problems } = await loadSources(join(projectRoot, 'seeds'));
    expect(problems).toEqual([]);
    const bodies = await Promise.all(
      sources.map(async (source) => parseSeed(await readFile(join(projectRoot, 'seeds', source.file), 'utf8')).body),
    );
    expect(bodies.sort()).toEqual(originals.sort());
  });
});
