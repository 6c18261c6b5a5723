/**
 * The comparison as a PNG: one row per figure, grouped by source, a dot for a single value, a bar
 * for a range, an arrow for "up to"/"at least", the band where most sources agree shaded, and
 * projections apart below. Drawn with @napi-rs/canvas (Skia, prebuilt inside its npm package) in a
 * font shipped by @fontsource/inter, so no browser and no system font is needed.
 */
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { Comparison, ComparisonRow } from '../../figures/compare.js';
import { formatNumber } from '../shared/formatNumber.js';

const fontFamily = 'SourcedeskInter';
let fontsRegistered = false;
function registerFonts(): void {
  if (fontsRegistered) return;
  const require = createRequire(import.meta.url);
  for (const weight of ['400', '600']) {
    GlobalFonts.registerFromPath(
      require.resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff2`),
      fontFamily,
    );
  }
  fontsRegistered = true;
}

const width = 1100;
const labelWidth = 330;
const valueWidth = 230;
const plotLeft = labelWidth + 20;
const plotRight = width - valueWidth;
const rowHeight = 30;
const headerHeight = 84;
const sectionHeight = 34;
const axisHeight = 50;
const colors = {
  estimate: '#1d4ed8',
  projection: '#c2410c',
  text: '#111827',
  muted: '#6b7280',
  grid: '#e5e7eb',
  band: '#dcfce7',
  background: '#ffffff',
};

type Line = { kind: 'section'; text: string } | { kind: 'row'; row: ComparisonRow; source: string };

export async function renderComparisonChart(comparison: Comparison): Promise<Buffer> {
  registerFonts();
  const lines = layout(comparison);
  const height =
    headerHeight +
    lines.reduce((sum, line) => sum + (line.kind === 'row' ? rowHeight : sectionHeight), 0) +
    axisHeight +
    20;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = colors.background;
  context.fillRect(0, 0, width, height);

  text(context, `${comparison.topic.name}: ${comparison.topic.description}`, 20, 34, { size: 22, weight: 600 });
  text(context, subtitle(comparison), 20, 62, { size: 15, color: colors.muted });

  const rows = lines.flatMap((line) => (line.kind === 'row' ? [line.row] : []));
  if (rows.length === 0) {
    text(context, 'No figures on this topic in the sources.', 20, headerHeight + 20, { size: 16 });
    return canvas.encode('png');
  }
  // One axis for one kind of number: a percentage or a sum of money is not drawn among head counts.
  const plotted = (row: ComparisonRow) => row.unit === axisUnit.unit && row.currency === axisUnit.currency;
  const axisUnit = mostCommonUnit(rows);
  const scale = scaleFor(rows.filter(plotted));
  const plotTop = headerHeight;
  const plotBottom = height - axisHeight - 20;

  const agreement = comparison.summary.agreement;
  if (agreement) {
    const left = scale.x(agreement.low) - 6;
    context.fillStyle = colors.band;
    context.fillRect(left, plotTop, Math.max(12, scale.x(agreement.high) + 6 - left), plotBottom - plotTop);
  }
  drawAxis(context, scale, plotTop, plotBottom);

  let y = plotTop;
  for (const line of lines) {
    if (line.kind === 'section') {
      text(context, line.text, 20, y + 24, { size: 15, weight: 600, color: colors.muted });
      y += sectionHeight;
      continue;
    }
    const middle = y + rowHeight / 2;
    const color = line.row.projection ? colors.projection : colors.estimate;
    // The paragraph number stays visible however long the source's name is.
    text(context, line.source, 20, middle + 5, { size: 14, maxWidth: labelWidth - 70 });
    text(context, `¶${line.row.paragraph}`, labelWidth, middle + 5, { size: 14, color: colors.muted, align: 'right' });
    if (plotted(line.row)) drawMark(context, line.row, scale, middle, color);
    else text(context, 'other unit, not on this scale', plotLeft + 8, middle + 5, { size: 13, color: colors.muted });
    text(context, valueLabel(line.row), plotRight + 16, middle + 5, { size: 14, color, maxWidth: valueWidth - 24 });
    y += rowHeight;
  }
  return canvas.encode('png');
}

function layout(comparison: Comparison): Line[] {
  const lines: Line[] = [];
  const add = (groups: Comparison['estimates']) => {
    for (const group of groups)
      for (const row of group.rows) lines.push({ kind: 'row', row, source: group.publisher ?? group.title });
  };
  if (comparison.estimates.length) {
    lines.push({ kind: 'section', text: 'Estimates' });
    add(comparison.estimates);
  }
  if (comparison.projections.length) {
    lines.push({ kind: 'section', text: 'Projections (forecasts, not counts)' });
    add(comparison.projections);
  }
  return lines;
}

function subtitle(comparison: Comparison): string {
  const { summary } = comparison;
  const parts = [
    `${summary.figureCount} figure${summary.figureCount === 1 ? '' : 's'} from ${summary.sourceCount} source${summary.sourceCount === 1 ? '' : 's'}`,
  ];
  if (summary.agreement)
    parts.push(`most agree on ${formatNumber(summary.agreement.low)}–${formatNumber(summary.agreement.high)} (shaded)`);
  return parts.join(' · ');
}

function mostCommonUnit(rows: readonly ComparisonRow[]): Pick<ComparisonRow, 'unit' | 'currency'> {
  const counts = new Map<string, { unit: ComparisonRow['unit']; currency?: string; count: number }>();
  for (const row of rows) {
    const key = `${row.unit}|${row.currency ?? ''}`;
    const entry = counts.get(key) ?? { unit: row.unit, ...(row.currency ? { currency: row.currency } : {}), count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const [best] = [...counts.values()].sort((a, b) => b.count - a.count);
  return { unit: best!.unit, ...(best!.currency ? { currency: best!.currency } : {}) };
}

function valueLabel(row: ComparisonRow): string {
  const value = row.value !== null ? formatNumber(row.value) : `${formatNumber(row.low!)}–${formatNumber(row.high!)}`;
  const unit = row.unit === 'currency' ? ` ${row.currency ?? ''}` : row.unit === 'percent' ? '%' : '';
  return `${row.qualifier ? row.qualifier + ' ' : ''}${value}${unit}${row.rate ? ' / ' + row.rate : ''}${row.outcome ? ' · ' + row.outcome : ''}`;
}

interface Scale {
  x(value: number): number;
  ticks: number[];
}

/** Linear from zero when values are of one magnitude; logarithmic when they span more than 20×. */
function scaleFor(rows: readonly ComparisonRow[]): Scale {
  const values = rows
    .flatMap((row) => (row.value !== null ? [row.value] : [row.low!, row.high!]))
    .filter((value) => value > 0);
  const max = Math.max(1, ...values);
  const min = Math.min(max, ...values);
  if (max / min > 20) {
    const lowExponent = Math.floor(Math.log10(min));
    const highExponent = Math.ceil(Math.log10(max));
    const span = Math.max(1, highExponent - lowExponent);
    const ticks = Array.from({ length: span + 1 }, (_, index) => 10 ** (lowExponent + index));
    return {
      x: (value) =>
        plotLeft + ((Math.log10(Math.max(value, 10 ** lowExponent)) - lowExponent) / span) * (plotRight - plotLeft),
      ticks,
    };
  }
  const step = niceStep(max / 5);
  const top = Math.ceil((max * 1.05) / step) * step;
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
  return { x: (value) => plotLeft + (value / top) * (plotRight - plotLeft), ticks };
}

function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

function drawAxis(context: SKRSContext2D, scale: Scale, top: number, bottom: number): void {
  context.strokeStyle = colors.grid;
  context.lineWidth = 1;
  for (const tick of scale.ticks) {
    const x = Math.round(scale.x(tick)) + 0.5;
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, bottom);
    context.stroke();
    text(context, formatNumber(tick), x, bottom + 22, { size: 13, color: colors.muted, align: 'center' });
  }
}

function drawMark(context: SKRSContext2D, row: ComparisonRow, scale: Scale, y: number, color: string): void {
  context.fillStyle = color;
  context.strokeStyle = color;
  context.lineWidth = 3;
  if (row.value === null) {
    const left = scale.x(row.low!);
    context.fillRect(left, y - 6, Math.max(4, scale.x(row.high!) - left), 12);
    return;
  }
  const x = scale.x(row.value);
  // "up to" reads as ≤ the value, "at least" as ≥: an arrow from the dot towards where the truth may lie.
  const direction = row.bound === 'upper' ? -1 : row.bound === 'lower' ? 1 : 0;
  if (direction !== 0) {
    const tip = x + direction * 34;
    context.beginPath();
    context.moveTo(x, y);
    context.lineTo(tip, y);
    context.stroke();
    context.beginPath();
    context.moveTo(tip, y);
    context.lineTo(tip - direction * 8, y - 6);
    context.lineTo(tip - direction * 8, y + 6);
    context.closePath();
    context.fill();
  }
  context.beginPath();
  context.arc(x, y, 7, 0, Math.PI * 2);
  context.fill();
}

function text(
  context: SKRSContext2D,
  content: string,
  x: number,
  y: number,
  options: { size: number; weight?: 400 | 600; color?: string; align?: 'left' | 'center' | 'right'; maxWidth?: number },
): void {
  context.font = `${options.weight ?? 400} ${options.size}px ${fontFamily}`;
  context.fillStyle = options.color ?? colors.text;
  context.textAlign = options.align ?? 'left';
  let shown = content;
  if (options.maxWidth)
    while (shown.length > 1 && context.measureText(shown).width > options.maxWidth) shown = shown.slice(0, -2) + '…';
  context.fillText(shown, x, y);
}
