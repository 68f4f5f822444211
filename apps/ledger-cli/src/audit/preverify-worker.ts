/**
 * A worker thread of `npm run audit -- verify`: preverifies the chunks of whole lines it is sent (`preverifyLines`)
 * and answers each with its result, the digests transferred rather than copied.
 */
import { parentPort } from 'node:worker_threads';
import { splitLines } from './ndjson-lines.js';
import { preverifyLines } from './preverify-lines.js';

parentPort!.on('message', ({ id, chunk }: { id: number; chunk: Uint8Array }) => {
  const batch = preverifyLines(splitLines(chunk));
  parentPort!.postMessage({ id, batch }, [batch.digests.buffer as ArrayBuffer]);
});
