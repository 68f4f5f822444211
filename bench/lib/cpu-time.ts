import { readFileSync } from 'node:fs';

// Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const MS_PER_TICK = 10;

/**
 * CPU time (user + system, every thread) a process has used so far, in ms. Read before and after a phase,
 * it says how much work the phase cost, which holds still when other load on the machine makes rates jump.
 */
export const cpuTimeMs = (pid: number | 'self' = 'self'): number => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), which ends at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
};
