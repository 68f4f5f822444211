import { streams } from '../grpc/proto.js';
import type { RecordedEvent } from '../storage/event-log.js';
import { compileEventFilter, InvalidEventFilterError } from './compile-event-filter.js';

type FilterOptions = InstanceType<typeof streams.ReadReq.Options.FilterOptions>;

const event = (streamId: string, eventType: string): RecordedEvent => ({
  position: 1n,
  streamId,
  revision: 0n,
  eventId: '00000000-0000-0000-0000-000000000001',
  eventType,
  contentType: 'application/json',
  data: Buffer.from('{}'),
  metadata: Buffer.alloc(0),
  createdTicks: 0n,
});

function filterOn(on: 'stream' | 'type', expression: { prefixes?: string[]; regex?: string }): FilterOptions {
  const expr = new streams.ReadReq.Options.FilterOptions.Expression();
  if (expression.prefixes) expr.setPrefixList(expression.prefixes);
  if (expression.regex) expr.setRegex(expression.regex);
  const filter = new streams.ReadReq.Options.FilterOptions();
  if (on === 'stream') filter.setStreamIdentifier(expr);
  else filter.setEventType(expr);
  return filter;
}

describe('compileEventFilter', () => {
  it('matches stream names by any of the prefixes', () => {
    const matches = compileEventFilter(filterOn('stream', { prefixes: ['partner-', 'consent-'] }));
    expect(matches(event('partner-1', 'PartnerRegistered'))).toBe(true);
    expect(matches(event('consent-9', 'ConsentAccepted'))).toBe(true);
    expect(matches(event('customer-1', 'PartnerRegistered'))).toBe(false);
  });

  it('matches event types by prefix, not stream names', () => {
    const matches = compileEventFilter(filterOn('type', { prefixes: ['Consent'] }));
    expect(matches(event('partner-1', 'ConsentRequested'))).toBe(true);
    expect(matches(event('Consent-1', 'PartnerRegistered'))).toBe(false);
  });

  it('matches a regex anywhere in the name unless anchored, as EventStoreDB does', () => {
    const anywhere = compileEventFilter(filterOn('stream', { regex: 'revocation' }));
    expect(anywhere(event('oem-revocation-4', 'X'))).toBe(true);
    const excludeSystem = compileEventFilter(filterOn('type', { regex: '^[^$].*' }));
    expect(excludeSystem(event('s', 'ConsentAccepted'))).toBe(true);
    expect(excludeSystem(event('$$s', '$metadata'))).toBe(false);
  });

  it('prefers the regex when both a regex and prefixes are given', () => {
    const matches = compileEventFilter(filterOn('stream', { prefixes: ['partner-'], regex: '^dap-' }));
    expect(matches(event('dap-1', 'X'))).toBe(true);
    expect(matches(event('partner-1', 'X'))).toBe(false);
  });

  it('refuses an invalid regex, naming it', () => {
    expect(() => compileEventFilter(filterOn('stream', { regex: '([' }))).toThrow(InvalidEventFilterError);
    expect(() => compileEventFilter(filterOn('stream', { regex: '([' }))).toThrow(/"\(\["/);
  });

  it('refuses a filter with no expression', () => {
    expect(() => compileEventFilter(filterOn('type', {}))).toThrow(/neither a regex nor prefixes/);
    expect(() => compileEventFilter(new streams.ReadReq.Options.FilterOptions())).toThrow(InvalidEventFilterError);
  });
});
