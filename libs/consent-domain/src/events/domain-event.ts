/**
 * The shape every ledger event has before the store adds its envelope: a type name and its data.
 * `data.schemaVersion` travels inside the data so that a stored event is self-describing: whoever
 * reads it can upcast it without also reading metadata (see `upcast.ts`).
 */
export interface DomainEvent<Type extends string, Data extends { readonly schemaVersion: number }> {
  readonly type: Type;
  readonly data: Data;
}

/** A function that turns the data of version n of an event into version n + 1. */
export type Upcaster = (data: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/**
 * What the registry knows of one event type: the version deciders write now, and the upcasters
 * that lift each older version one step (`upcasters[1]` turns v1 into v2, ...).
 */
export interface EventSchema<Type extends string> {
  readonly type: Type;
  readonly currentVersion: number;
  readonly upcasters: Readonly<Record<number, Upcaster>>;
}
