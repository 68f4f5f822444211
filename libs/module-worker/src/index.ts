/** Worker threads started from a module beside the caller, built (dist/) or run from TypeScript sources (jest). */
export { startModuleWorker } from './start-module-worker.js';
