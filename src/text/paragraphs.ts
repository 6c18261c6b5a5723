/**
 * Splits an article body into paragraphs, whichever convention the file uses: blank-line
 * separated blocks, one paragraph per line, or hard-wrapped blocks of lines.
 */
export function splitParagraphs(body: string): string[] {
  const blocks = body.replace(/\r\n?/g, '\n').split(/\n[ \t\u00a0]*\n/);
  const paragraphs: string[] = [];
  for (const block of blocks) {
    const lines = block
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+$/, ''))
      .filter((line) => line.trim() !== '');
    if (lines.length === 0) continue;
    if (isHardWrapped(lines)) paragraphs.push(lines.map((line) => line.trim()).join(' '));
    else paragraphs.push(...lines);
  }
  return paragraphs;
}

/**
 * Hard-wrapped text has every line but the last filled to a similar width and the lines run
 * on mid-sentence; one-paragraph-per-line text has lines of any length that end sentences.
 */
function isHardWrapped(lines: string[]): boolean {
  if (lines.length < 2) return false;
  const leading = lines.slice(0, -1);
  return (
    leading.every((line) => line.length >= 40 && line.length <= 100) && leading.some((line) => !/[.!?:"”]$/.test(line))
  );
}
