/**
 * What an append's outcome sets on its answer. `Streams.Append` and `Streams.BatchAppend` answer with different
 * message classes for the same fields (and a different `Empty`), so the callers hand in their own messages.
 */
import type { WriteResult } from '../storage/sqlite-event-log.js';

type Succeeded = Extract<WriteResult, { kind: 'success' }>;
type WrongExpectedVersion = Extract<WriteResult, { kind: 'wrong_expected_version' }>;

interface PositionMessage {
  setCommitPosition(value: string): unknown;
  setPreparePosition(value: string): unknown;
}

interface SuccessMessage<Empty, Position extends PositionMessage> {
  setCurrentRevision(value: string): unknown;
  setNoStream(value: Empty): unknown;
  setPosition(value: Position): unknown;
}

interface WrongExpectedVersionMessage<Empty> {
  setCurrentNoStream(value: Empty): unknown;
  setExpectedAny(value: Empty): unknown;
  setExpectedNoStream(value: Empty): unknown;
  setExpectedStreamExists(value: Empty): unknown;
}

/** The two revision fields whose setters are named differently in the two messages. */
export interface RevisionSetters<Message> {
  current(message: Message, revision: string): void;
  expected(message: Message, revision: string): void;
}

/** Fills `success` with the stream's revision (or no stream) and the commit's `$all` position. */
export function fillSuccess<Empty, Position extends PositionMessage, Message extends SuccessMessage<Empty, Position>>(
  success: Message,
  result: Succeeded,
  empty: () => Empty,
  position: Position,
): Message {
  if (result.currentRevision >= 0n) success.setCurrentRevision(result.currentRevision.toString());
  else success.setNoStream(empty());
  position.setCommitPosition(result.position.toString());
  position.setPreparePosition(result.position.toString());
  success.setPosition(position);
  return success;
}

/** Fills `wrong` with the stream's current revision (or no stream) and what the append expected. */
export function fillWrongExpectedVersion<Empty, Message extends WrongExpectedVersionMessage<Empty>>(
  wrong: Message,
  result: WrongExpectedVersion,
  empty: () => Empty,
  revisions: RevisionSetters<Message>,
): Message {
  if (result.current !== undefined) revisions.current(wrong, result.current.toString());
  else wrong.setCurrentNoStream(empty());
  switch (result.expected.kind) {
    case 'any':
      wrong.setExpectedAny(empty());
      break;
    case 'no_stream':
      wrong.setExpectedNoStream(empty());
      break;
    case 'stream_exists':
      wrong.setExpectedStreamExists(empty());
      break;
    case 'exact':
      revisions.expected(wrong, result.expected.revision.toString());
      break;
  }
  return wrong;
}
