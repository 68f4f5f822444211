import type { Decider } from '../decider.js';
import type { RelationshipEvent } from '../events/ledger-event.js';
import type { RelationshipCommand, RelationshipInputs } from './commands.js';
import { decideRelationship } from './decide.js';
import { evolveRelationship, initialRelationship, type Relationship } from './relationship.js';
import { relationshipCommandStreams } from './streams-of.js';

export const relationshipDecider: Decider<RelationshipCommand, RelationshipInputs, Relationship, RelationshipEvent> = {
  decide: decideRelationship,
  evolve: evolveRelationship,
  initialState: initialRelationship,
  streamsOf: relationshipCommandStreams,
};
