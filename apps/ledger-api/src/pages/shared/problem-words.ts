import type { Language } from '../i18n/language.js';
import { MESSAGES } from '../i18n/language.js';
import { REFUSALS_FR } from '../i18n/refusal-words.fr.js';
import type { ApiProblem } from './ledger-api-client.js';

/**
 * A refusal in words for the page: the French sentence of its code, else the API's own `detail` (which always
 * says what was wrong). A 5xx never shows more than a reference to quote to support.
 */
export const problemWords = (problem: ApiProblem, language: Language): string => {
  const messages = MESSAGES[language];
  if (problem.status === 503) return messages.storeUnavailable;
  if (problem.status >= 500) return messages.serverError(problem.requestId ?? '-');
  const french = language === 'fr' && problem.code !== undefined ? REFUSALS_FR[problem.code] : undefined;
  return french ?? (problem.detail || messages.errorTitle);
};
