import { availableParallelism, cpus, freemem, totalmem } from 'node:os';

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryTotalGB: number;
  memoryFreeGB: number;
  node: string;
  platform: string;
}

/** What the numbers were measured on: a benchmark without its machine means little. */
export function describeMachine(): Machine {
  const gigabytes = (bytes: number) => Math.round((bytes / 1024 ** 3) * 10) / 10;
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
    memoryTotalGB: gigabytes(totalmem()),
    memoryFreeGB: gigabytes(freemem()),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  };
}
