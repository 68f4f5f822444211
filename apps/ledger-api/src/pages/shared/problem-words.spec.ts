import { REFUSAL_KINDS } from '@ledger/consent-domain';
import { problemWords } from './problem-words.js';

describe('refusals in words', () => {
  const refusal = { status: 403, code: 'NOT_GLOBAL_ADMIN', detail: 'only a Global Administrator of tenant t1 may accept' };

  it('shows the API’s sentence in English and the code’s sentence in French', () => {
    expect(problemWords(refusal, 'en')).toBe('only a Global Administrator of tenant t1 may accept');
    expect(problemWords(refusal, 'fr')).toMatch(/^Seul un administrateur général/);
    expect(problemWords({ status: 403, detail: 'needs the "support" role' }, 'fr')).toBe('needs the "support" role');
  });

  it('never shows a server error’s detail, only a reference', () => {
    const words = problemWords({ status: 500, detail: 'TypeError at x.js:1', requestId: 'req-9' }, 'en');
    expect(words).toContain('req-9');
    expect(words).not.toContain('TypeError');
    expect(problemWords({ status: 503, detail: 'store down' }, 'en')).toMatch(/unavailable/);
  });

  it('says every refusal of the domain in French (a page in French showed the API’s English detail for many)', () => {
    const english = 'the English detail of the API';
    const untranslated = Object.keys(REFUSAL_KINDS).filter((code) => problemWords({ status: 409, code, detail: english }, 'fr') === english);
    expect(untranslated).toEqual([]);
  });
});
