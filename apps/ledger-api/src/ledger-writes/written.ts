/**
 * What every write route answers with: the response body and the `$all` commit position of the last
 * event the write recorded (sent as the `Ledger-Position` header). Plain data, so that the idempotency
 * store can keep it and give the same answer again.
 */
export interface Written<Body> {
  readonly ledgerPosition: string;
  readonly body: Body;
}

export const written = <Body>(position: bigint, body: Body): Written<Body> => ({
  ledgerPosition: position.toString(),
  body,
});

export const isWritten = (value: unknown): value is Written<unknown> =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { ledgerPosition?: unknown }).ledgerPosition === 'string' &&
  'body' in value;

/** The same write answered with another body (a controller's presentation of the handler's result). */
export const presentWritten = <From, To>(result: Written<From>, present: (body: From) => To): Written<To> => ({
  ledgerPosition: result.ledgerPosition,
  body: present(result.body),
});
