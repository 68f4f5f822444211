import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildServer {
  readonly url: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts a server in its own process (so that the load generator does not share its event loop) and resolves
 * with the URL found in the first stdout line that `urlOf` recognises.
 */
export const startChildServer = (
  script: string,
  urlOf: (line: string) => string | undefined,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 30_000,
): Promise<ChildServer> =>
  new Promise((resolve, reject) => {
    // BENCH_CHILD_NODE_ARGS: extra node flags for the server only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const nodeArgs = (process.env['BENCH_CHILD_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
    const child = spawn(process.execPath, [...nodeArgs, script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not report its URL within ${timeoutMs} ms`));
    }, timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    let url: string | undefined;
    lines.on('line', (line) => {
      if (url !== undefined) return; // keep draining stdout so the server never blocks on a full pipe
      url = urlOf(line);
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        process: child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (url === undefined) reject(new Error(`${script} exited with code ${code} before it was ready`));
    });
  });
