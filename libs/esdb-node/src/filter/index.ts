export { compileEventFilter, InvalidEventFilterError } from './compile-event-filter.js';
export type { EventFilter } from './compile-event-filter.js';
