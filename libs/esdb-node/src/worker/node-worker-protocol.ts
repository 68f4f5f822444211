import type { EmbeddedNodeOptions } from '../node.js';

/** What the node thread is started with: the node's options, all plain data. */
export type NodeWorkerData = Omit<EmbeddedNodeOptions, 'maxPageCount'>;

/** From the node thread: listening (once), or why it could not start. */
export type FromNodeWorker =
  | { readonly type: 'listening'; readonly port: number; readonly connectionString: string }
  | { readonly type: 'failed'; readonly name: string; readonly message: string };

/** To the node thread: stop the node, then end the thread. */
export type ToNodeWorker = { readonly type: 'stop' };
