import { spawn } from 'node:child_process';

/**
 * The V8 flags a rebuild process runs under: garbage collected on the threads that allocate (the folding
 * thread, the reading thread) rather than also on V8's helper threads. A rebuild is bound by the CPU time of
 * all its threads and the store's together; on two cores the helpers' share cost more than it saved
 * (bench:projections at 200,000 customers: about 2 µs less CPU per event and 3-6 % more events/s, for some
 * 70 MiB more peak RSS, still well under 512 MiB).
 */
export const REBUILD_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/**
 * V8 reads its flags only when the process starts: a process started without `REBUILD_NODE_FLAGS` runs
 * the same command again with them (same arguments, environment and standard streams; SIGINT and SIGTERM
 * passed on), takes its exit code, and answers true: the caller does nothing more. Otherwise false.
 */
export const relaunchedWithRebuildFlags = (): boolean => {
  const missing = REBUILD_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0) return false;
  const child = spawn(process.execPath, [...missing, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit' });
  const pass = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', pass);
  process.on('SIGTERM', pass);
  child.on('error', (error) => {
    process.stderr.write(`could not relaunch with ${missing.join(' ')}: ${error.message}\n`);
    process.exitCode = 1;
  });
  child.on('exit', (code, signal) => {
    process.off('SIGINT', pass);
    process.off('SIGTERM', pass);
    process.exitCode = code ?? (signal === null ? 1 : 128);
  });
  return true;
};
