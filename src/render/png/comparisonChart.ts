/**
 * The comparison as a PNG: one row per figure, grouped by source, a dot for a single value, a bar
 * for a range, an arrow for "up to"/"at least", the band where most sources agree shaded, and
 * projections apart below. Drawn with @napi-rs/canvas (Skia, prebuilt inside its npm package) in a
 * font shipped by @fontsource/inter, so no browser and no system font is needed.
 */
import { createRequire } from 'node:module';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import type { Comparison, ComparisonRow, TimelineEntry } from '../../figures/compare.js';
import { groupTitle } from '../shared/compareSummary.js';
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

/**
 * At most this many figure rows are drawn: 1100 × ~1,500 px, well under Discord's upload limit and
 * drawn in tens of milliseconds however many sources there are. What is left out is counted in
 * the chart's last line ("N more sources, F figures not drawn"), and the reply attaches the table.
 */
export const maxChartRows = 40;

/** A section is one quantity (measure, rate, unit), drawn on its own scale. */
interface Section {
  title: string;
  projection: boolean;
  rows: { row: ComparisonRow; label: string }[];
}

export interface ChartOptions {
  /** Draw one measure's claims in date order instead of the quantities side by side. */
  timeline?: readonly TimelineEntry[];
}

/** What the chart leaves out, exactly: sources none of whose figures are drawn, and figures not drawn. */
export interface ChartOmission {
  sources: number;
  figures: number;
}

export async function renderComparisonChart(comparison: Comparison, options: ChartOptions = {}): Promise<Buffer> {
  registerFonts();
  const { sections, omitted } = layout(comparison, options);
  const rowCount = sections.reduce((sum, section) => sum + section.rows.length, 0);
  const height =
    headerHeight +
    sections.length * sectionHeight +
    rowCount * rowHeight +
    axisHeight +
    (omitted.figures ? rowHeight : 0) +
    20;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = colors.background;
  context.fillRect(0, 0, width, height);

  const heading = options.timeline
    ? `${comparison.topic.name}: ${options.timeline[0] ? options.timeline[0].row.unitLabel : 'no figures'} over time`
    : `${comparison.topic.name}: ${comparison.topic.description}`;
  text(context, heading, 20, 34, { size: 22, weight: 600, maxWidth: width - 40 });
  text(context, subtitle(comparison), 20, 62, { size: 15, color: colors.muted, maxWidth: width - 40 });

  if (rowCount === 0) {
    text(context, 'No figures on this topic in the sources.', 20, headerHeight + 20, { size: 16 });
    return canvas.encode('png');
  }
  let y = headerHeight;
  for (const section of sections) {
    const rows = section.rows.map((entry) => entry.row);
    // One scale per quantity, and only for its exact figures in its main unit.
    const axisUnit = mostCommonUnit(rows);
    const plotted = (row: ComparisonRow) =>
      !row.vague && row.unit === axisUnit.unit && row.currency === axisUnit.currency;
    const scale = scaleFor(rows.filter(plotted));
    text(context, section.title, 20, y + 24, { size: 15, weight: 600, color: colors.muted, maxWidth: labelWidth });
    const top = y + sectionHeight;
    const bottom = top + section.rows.length * rowHeight;
    drawAxis(context, scale, top, bottom, y + 24);
    y = top;
    for (const { row, label } of section.rows) {
      const middle = y + rowHeight / 2;
      const color = row.projection ? colors.projection : colors.estimate;
      // The paragraph number stays visible however long the source's name is.
      text(context, label, 20, middle + 5, { size: 14, maxWidth: labelWidth - 70 });
      text(context, `¶${row.paragraph}`, labelWidth, middle + 5, { size: 14, color: colors.muted, align: 'right' });
      if (plotted(row)) drawMark(context, row, scale, middle, color);
      else
        text(
          context,
          row.vague ? 'vague amount, not on the scale' : 'other unit, not on this scale',
          plotLeft + 8,
          middle + 5,
          {
            size: 13,
            color: colors.muted,
          },
        );
      text(context, valueLabel(row), plotRight + 16, middle + 5, { size: 14, color, maxWidth: valueWidth - 24 });
      y += rowHeight;
    }
  }
  if (omitted.figures)
    text(context, omissionText(omitted), 20, y + axisHeight + 10, { size: 15, weight: 600, color: colors.muted });
  return canvas.encode('png');
}

/** "12 more sources (31 figures) not drawn: see the full table." */
export function omissionText(omitted: ChartOmission): string {
  return `${omitted.sources} more source${omitted.sources === 1 ? '' : 's'} (${omitted.figures} figure${omitted.figures === 1 ? '' : 's'}) not drawn: see the full table.`;
}

/** The sections to draw, the top quantities first, cut at maxChartRows; and exactly what is left out. */
export function layout(
  comparison: Comparison,
  options: ChartOptions = {},
): { sections: Section[]; omitted: ChartOmission } {
  const sources = [...comparison.estimates, ...comparison.projections];
  const nameOf = new Map(sources.map((source) => [source.sourceId, source.publisher ?? source.title]));
  const all: Section[] = options.timeline
    ? [
        {
          title: 'Claims, oldest first',
          projection: false,
          rows: options.timeline.map((entry) => ({
            row: entry.row,
            label: `${entry.claimedOn ?? 'undated'}  ${nameOf.get(entry.row.sourceId) ?? entry.row.sourceId}`,
          })),
        },
      ]
    : comparison.summary.groups.map((group) => {
        const ids = new Set([
          ...group.claims.flatMap((claim) => claim.figureIds),
          ...group.vague.map((amount) => amount.figureId),
        ]);
        return {
          title: `${group.projection ? 'Projection · ' : ''}${groupTitle(group)}`,
          projection: group.projection,
          rows: sources.flatMap((source) =>
            source.rows
              .filter((row) => ids.has(row.figureId))
              .map((row) => ({ row, label: nameOf.get(row.sourceId)! })),
          ),
        };
      });
  const sections: Section[] = [];
  let room = maxChartRows;
  for (const section of all) {
    if (room <= 0) break;
    const rows = section.rows.slice(0, room);
    sections.push({ ...section, rows });
    room -= rows.length;
  }
  const drawn = new Set(sections.flatMap((section) => section.rows.map((entry) => entry.row.figureId)));
  const allRows = all.flatMap((section) => section.rows.map((entry) => entry.row));
  const drawnSources = new Set(allRows.filter((row) => drawn.has(row.figureId)).map((row) => row.sourceId));
  const omitted = {
    figures: allRows.filter((row) => !drawn.has(row.figureId)).length,
    sources: new Set(allRows.filter((row) => !drawnSources.has(row.sourceId)).map((row) => row.sourceId)).size,
  };
  return { sections, omitted };
}

function subtitle(comparison: Comparison): string {
  const { summary } = comparison;
  const parts = [
    `${summary.figureCount} figure${summary.figureCount === 1 ? '' : 's'} from ${summary.sourceCount} source${summary.sourceCount === 1 ? '' : 's'}`,
    `${summary.groups.length} quantit${summary.groups.length === 1 ? 'y' : 'ies'}, each on its own scale`,
  ];
  if (summary.agreement)
    parts.push(`most agree on ${formatNumber(summary.agreement.low)}–${formatNumber(summary.agreement.high)}`);
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
  // Few ticks: their labels share the section's title line.
  return {
    x: (value) => plotLeft + (value / top) * (plotRight - plotLeft),
    ticks: ticks.filter((_, index) => index % 2 === 0 || ticks.length <= 6),
  };
}

function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / magnitude;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * magnitude;
}

/** Grid lines over a section's rows, their values in the section's title line. */
function drawAxis(context: SKRSContext2D, scale: Scale, top: number, bottom: number, labelY: number): void {
  context.strokeStyle = colors.grid;
  context.lineWidth = 1;
  for (const tick of scale.ticks) {
    const x = Math.round(scale.x(tick)) + 0.5;
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, bottom);
    context.stroke();
    text(context, formatNumber(tick), x, labelY, { size: 12, color: colors.muted, align: 'center' });
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
