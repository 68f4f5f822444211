/**
 * A worker thread of `npm run audit -- verify`: preverifies the chunks of whole lines it is sent (`preverifyChunk`)
 * and answers each with its result. The chunk and the record buffers are transferred both ways, never copied, and
 * go back to the reader to be filled again: this thread allocates no buffer, so its memory stays flat however long
 * the export.
 */
import { parentPort } from 'node:worker_threads';
import { preverifyChunk, type ChunkBuffers } from './preverify-lines.js';

parentPort!.on('message', ({ id, buffers, length }: { id: number; buffers: ChunkBuffers; length: number }) => {
  const batch = preverifyChunk(buffers, length);
  parentPort!.postMessage({ id, batch }, [batch.chunk.buffer as ArrayBuffer, batch.leaves.buffer as ArrayBuffer, batch.gaps.buffer as ArrayBuffer]);
});
