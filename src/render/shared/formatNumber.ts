/** Numbers as a reader writes them: 10,000 · 1.3 million · 5.5 billion. */
export function formatNumber(value: number): string {
  for (const [size, word] of [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const) {
    if (Math.abs(value) >= size) return `${Number((value / size).toFixed(2))} ${word}`;
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
