import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The repository's root (this file is `libs/module-worker/src/start-module-worker.ts`), where `libs/` is. */
const repositoryRoot = new URL('../../../', import.meta.url);

/**
 * Starts a worker from a module beside the caller. Built (dist/), the module is JavaScript and Node loads it as
 * is (the build rewrote `@ledger/*` imports to relative paths). Run from TypeScript sources (jest), Node 20 cannot
 * load `.ts`: the worker then registers loader hooks that map `@ledger/<lib>` to `libs/<lib>/src/index.ts`, as
 * `tsconfig.json` does, and transpile the worker's modules with @swc/core (a dev dependency) as jest does.
 */
export function startModuleWorker(moduleUrl: URL, options: WorkerOptions): Worker {
  const js = new URL(moduleUrl.href.replace(/\.ts$/, '.js'));
  if (existsSync(fileURLToPath(js))) return new Worker(js, options);
  const ts = new URL(moduleUrl.href.replace(/\.js$/, '.ts'));
  const swc = pathToFileURL(createRequire(import.meta.url).resolve('@swc/core')).href;
  const hooks = `
import swc from ${JSON.stringify(swc)};
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
const root = ${JSON.stringify(repositoryRoot.href)};
export async function resolve(specifier, context, next) {
  if (specifier.startsWith('@ledger/')) {
    return { url: new URL('libs/' + specifier.slice('@ledger/'.length) + '/src/index.ts', root).href, shortCircuit: true };
  }
  if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.startsWith('file:')) {
    const url = new URL(specifier, context.parentURL);
    const ts = new URL(url.href.slice(0, -3) + '.ts');
    if (!existsSync(fileURLToPath(url)) && existsSync(fileURLToPath(ts))) return { url: ts.href, shortCircuit: true };
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const filename = fileURLToPath(url);
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename, swcrc: false, module: { type: 'es6' },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
  });
  return { format: 'module', source: code, shortCircuit: true };
}`;
  const bootstrap = `
const { register } = require('node:module');
register(${JSON.stringify('data:text/javascript,' + encodeURIComponent(hooks))});
import(${JSON.stringify(ts.href)}).catch((error) => { console.error(error); process.exit(1); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
