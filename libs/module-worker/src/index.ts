/** Worker threads started from a module beside the caller, built (dist/) or run from TypeScript sources (jest), and stopped. */
export { startModuleWorker } from './start-module-worker.js';
export { stopWorker } from './stop-worker.js';
