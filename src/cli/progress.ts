import type { BuildProgress } from '../knowledgeBase.js';
import type { Logger } from '../util/log.js';
import { buildPhases, countedBy, phasePosition } from '../render/shared/buildPhases.js';

type Phase = BuildProgress['phase'];

/** Redrawing more often than this only costs time: a terminal cannot show it anyway. */
const redrawIntervalMs = 100;
const barWidth = 24;

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressBar {
  onProgress(progress: BuildProgress): void;
  /** `log`, with each line printed above the bar instead of across it. */
  logger(log: Logger): Logger;
  /** Removes the bar, leaving the terminal as it was. */
  finish(): void;
}

/**
 * A one-line progress bar for a long reindex, redrawn in place on a terminal. When the
 * stream is not a terminal (a pipe, a log file, CI) it prints nothing: there stderr carries
 * only warnings and errors, and the reindex report says what happened.
 */
export function createProgressBar(
  stream: ProgressStream = process.stderr,
  now: () => number = () => performance.now(),
): ProgressBar {
  const quiet: ProgressBar = { onProgress() {}, logger: (log) => log, finish() {} };
  if (!stream.isTTY) return quiet;

  let line = '';
  let drawnAt = -Infinity;
  let shownPhase: Phase | undefined;
  const clear = () => {
    if (line) stream.write('\r\x1b[2K');
  };
  const draw = (text: string) => {
    const width = Math.max(20, (stream.columns || 80) - 1);
    clear();
    line = text.slice(0, width);
    stream.write(line);
    drawnAt = now();
  };

  return {
    onProgress({ phase, done, total }) {
      const position = phasePosition(phase);
      const finished = done >= total;
      // A finished phase hands over to the next one, which may report nothing until it is done itself.
      const showing = finished ? buildPhases[position + 1] : buildPhases[position];
      if (!showing) return this.finish();
      const phaseChanged = showing.phase !== shownPhase;
      if (!phaseChanged && !finished && now() - drawnAt < redrawIntervalMs) return;
      shownPhase = showing.phase;
      const unit = countedBy(showing);
      draw(
        showing.phase === phase && unit
          ? `${showing.label.padEnd(21)} ${bar(done / total)} ${done.toLocaleString('en')}/${total.toLocaleString('en')} ${unit}`
          : `${showing.label}…`,
      );
    },
    logger(log) {
      const above = (method: keyof Logger) => (message: string, fields?: Record<string, unknown>) => {
        const current = line;
        clear();
        line = '';
        log[method](message, fields);
        if (current) draw(current);
      };
      return { debug: above('debug'), info: above('info'), warn: above('warn'), error: above('error') };
    },
    finish() {
      clear();
      line = '';
    },
  };
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * barWidth);
  return `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]`;
}
