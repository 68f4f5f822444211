/**
 * French sentences for the refusals a page shows most. The API's `detail` is English; a code missing here is
 * shown with that English detail, which always says what was wrong.
 */
export const REFUSALS_FR: Readonly<Record<string, string>> = {
  NOT_GLOBAL_ADMIN: 'Seul un administrateur général du locataire peut accepter. Votre compte ne l’est pas.',
  WRONG_TENANT: 'Ce lien est destiné à un autre locataire que le vôtre.',
  NOT_CLOUD_NATIVE:
    'Le lien d’un fabricant ne peut être accepté qu’avec un compte cloud natif (…onmicrosoft.com) administrateur général.',
  NOT_ADMIN_OF_TENANT: 'Seul un administrateur de ce locataire peut faire cela.',
  CONSENT_LINK_NOT_FOUND: 'Aucun lien de consentement ne correspond : vérifiez que le lien entier a été copié depuis le courriel.',
  CONSENT_REQUEST_ALREADY_ACCEPTED: 'Cette demande a déjà été acceptée.',
  CONSENT_REQUEST_CANCELLED: 'Le partenaire a annulé cette demande.',
  CONSENT_REQUEST_EXPIRED: 'Ce lien de consentement a expiré. Demandez-en un nouveau au partenaire.',
  OEM_CONSENT_LINK_REPLACED: 'Le lien du fabricant a été remplacé. Demandez au fabricant son lien actuel.',
  OEM_CONSENT_LINK_INACTIVE: 'Ce fabricant ne peut plus utiliser son lien de consentement.',
  OEM_CONSENT_ALREADY_ACTIVE: 'Votre organisation a déjà donné son consentement à ce fabricant.',
  NO_DAP: 'Ce partenaire n’a pas de droits d’administration délégués.',
  DAP_THROUGH_RESELLER:
    'Ce fournisseur indirect utilise les droits d’administration délégués de votre revendeur : retirez-les au revendeur.',
  DAP_NEVER_GRANTED_TO_OEM: 'Un fabricant n’a jamais de droits d’administration délégués.',
  OEM_REVOCATION_ALREADY_PENDING: 'Une demande de révocation de ce fabricant est déjà en attente.',
  NO_PENDING_OEM_REVOCATION: 'Cette demande de révocation a déjà été traitée.',
  OEM_CONSENT_NOT_ACTIVE: 'Ce fabricant n’a pas de consentement actif pour votre organisation.',
  REVOCATION_ONLY_FOR_OEM: 'Seul un fabricant (OEM) se révoque par une demande au support.',
  REASON_REQUIRED: 'Indiquez un motif.',
  PARTNER_ALREADY_ENROLLED: 'Ce partenaire est déjà inscrit.',
  PARTNER_NOT_ENROLLED: 'Ce partenaire n’est pas inscrit.',
  OEM_NOT_ELIGIBLE: 'Seul un OEM éligible à l’API OEM Direct reçoit un lien de consentement.',
  NOT_AN_OEM: 'Ce partenaire n’est pas un fabricant (OEM).',
};
