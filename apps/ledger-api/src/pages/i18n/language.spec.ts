import { chooseLanguage, fromAcceptLanguage } from './language.js';

describe('page language', () => {
  it('follows Accept-Language by q-value, English when none of ours is asked', () => {
    expect(fromAcceptLanguage('fr-CA,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(fromAcceptLanguage('de-DE,en;q=0.5,fr;q=0.7')).toBe('fr');
    expect(fromAcceptLanguage('de, *;q=0.1')).toBe('en');
    expect(fromAcceptLanguage(undefined)).toBe('en');
    expect(fromAcceptLanguage('fr;q=0, en')).toBe('en');
  });

  it('a ?lang= switch wins over the cookie, which wins over the header', () => {
    expect(chooseLanguage('en', 'fr', 'fr')).toBe('en');
    expect(chooseLanguage(undefined, 'fr', 'en')).toBe('fr');
    expect(chooseLanguage('xx', 'yy', 'fr-FR')).toBe('fr');
  });
});
