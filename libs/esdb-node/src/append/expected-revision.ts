import { streams } from '../grpc/proto.js';
import type { ExpectedRevision } from '../storage/sqlite-event-log.js';

// The options of Append, BatchAppend, Delete and Tombstone number their expected-revision cases alike:
// a revision 2, no stream 3, any 4, stream exists 5.
const Case = streams.AppendReq.Options.ExpectedStreamRevisionCase;

/** What a write's options expect of the stream: `expectedCase` is the oneof's case, `revision` its revision field. */
export function expectedRevisionOf(expectedCase: number, revision: string): ExpectedRevision {
  switch (expectedCase) {
    case Case.REVISION:
      return { kind: 'exact', revision: BigInt(revision) };
    case Case.NO_STREAM:
      return { kind: 'no_stream' };
    case Case.STREAM_EXISTS:
      return { kind: 'stream_exists' };
    default:
      return { kind: 'any' };
  }
}
