import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Peak resident set size of a process in MiB, as the kernel counts it (VmHWM): the true high-water mark,
 * including native memory (SQLite pages, gRPC buffers) that `process.memoryUsage()` samples would miss.
 */
export const peakRssMiB = (pid: number | 'self' = 'self'): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
};

/** Current resident set size of a process in MiB (VmRSS). */
export const rssMiB = (pid: number | 'self' = 'self'): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
};

/** Resets the kernel's high-water mark of this process, so the next `peakRssMiB` measures one phase alone. */
export const resetPeakRss = (): boolean => {
  try {
    writeFileSync('/proc/self/clear_refs', '5'); // 5 resets VmHWM (Linux >= 4.0)
    return true;
  } catch {
    return false; // not permitted: peaks then cover the whole run
  }
};
