/** The email a partner sends its consent link in (seed, step 2), in English and in French. */
export interface ConsentEmail {
  readonly subject: string;
  readonly body: string;
}

export interface ConsentEmailFacts {
  readonly partnerName: string;
  readonly consentLink: string;
  readonly expiresAt: string;
  readonly delegatedAdminRequested: boolean;
  readonly adminRoles: readonly string[];
}

const day = (iso: string): string => iso.slice(0, 10);

export const englishEmail = (facts: ConsentEmailFacts): ConsentEmail => ({
  subject: `${facts.partnerName} asks for your consent to register Windows Autopilot devices`,
  body: [
    'Hello,',
    '',
    `${facts.partnerName} asks to become an authorised partner of your organisation, so that it can register Windows Autopilot devices for you.`,
    facts.delegatedAdminRequested
      ? `It also asks for delegated admin rights (${facts.adminRoles.length > 0 ? facts.adminRoles.join(', ') : 'admin roles'}); you can remove them later in the Microsoft 365 admin center.`
      : 'It does not ask for any delegated admin rights.',
    '',
    'A Global Administrator of your tenant must open this link, sign in, tick Yes and press Accept:',
    facts.consentLink,
    '',
    `The link works once and expires on ${day(facts.expiresAt)}.`,
  ].join('\n'),
});

export const frenchEmail = (facts: ConsentEmailFacts): ConsentEmail => ({
  subject: `${facts.partnerName} demande votre consentement pour inscrire des appareils Windows Autopilot`,
  body: [
    'Bonjour,',
    '',
    `${facts.partnerName} demande à devenir partenaire autorisé de votre organisation, afin d’inscrire pour vous des appareils Windows Autopilot.`,
    facts.delegatedAdminRequested
      ? `Il demande aussi des droits d’administration délégués (${facts.adminRoles.length > 0 ? facts.adminRoles.join(', ') : 'rôles d’administration'}) ; vous pourrez les retirer plus tard dans le centre d’administration Microsoft 365.`
      : 'Il ne demande aucun droit d’administration délégué.',
    '',
    'Un administrateur général de votre locataire doit ouvrir ce lien, se connecter, cocher Oui et cliquer sur Accepter :',
    facts.consentLink,
    '',
    `Le lien ne sert qu’une fois et expire le ${day(facts.expiresAt)}.`,
  ].join('\n'),
});

/** The contract's `email: { subject, body }`: both languages in one message, English first. */
export const bilingualEmail = (facts: ConsentEmailFacts): ConsentEmail => {
  const english = englishEmail(facts);
  const french = frenchEmail(facts);
  return { subject: `${english.subject} / ${french.subject}`, body: `${english.body}\n\n---\n\n${french.body}` };
};
