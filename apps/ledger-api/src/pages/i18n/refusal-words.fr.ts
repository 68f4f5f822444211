import type { RefusalCode } from '@ledger/consent-domain';
import type { AccessRefusalCode } from '../../identity/index.js';

/**
 * French sentences for every refusal of the domain and of access (the type checker holds the table to their codes).
 * The API's `detail` is English; a refusal without a code (a malformed input) is shown with it.
 */
const FRENCH: Readonly<Record<RefusalCode | AccessRefusalCode | 'CONSENT_LINK_NOT_FOUND', string>> = {
  ROLE_REQUIRED: 'Votre compte n’a pas le rôle que demande cette page ou cette opération. Connectez-vous avec un compte qui l’a.',
  PARTNER_ID_CLAIM_MISSING: 'Votre jeton a le rôle « partner » mais ne nomme aucun partenaire : demandez un jeton qui nomme le vôtre.',
  NOT_THIS_PARTNER: 'Un partenaire n’agit qu’en son propre nom : votre compte est celui d’un autre partenaire.',
  NOT_GLOBAL_ADMIN: 'Seul un administrateur général du locataire peut accepter. Votre compte ne l’est pas.',
  WRONG_TENANT: 'Ce lien est destiné à un autre locataire que le vôtre.',
  NOT_CLOUD_NATIVE:
    'Le lien d’un fabricant ne peut être accepté qu’avec un compte cloud natif (…onmicrosoft.com) administrateur général.',
  NOT_ADMIN_OF_TENANT: 'Seul un administrateur de ce locataire peut faire cela.',
  NOT_YOUR_CONSENT_REQUEST: 'Cette demande de consentement appartient à un autre partenaire.',
  CONSENT_REQUEST_NOT_FOUND: 'Aucune demande de consentement ne correspond.',
  OEM_CONSENT_LINK_NOT_FOUND: 'Ce fabricant n’a pas encore de lien de consentement : le support doit l’émettre.',
  RELATIONSHIP_NOT_FOUND: 'Votre organisation n’a pas de relation avec ce partenaire.',
  OEM_REVOCATION_REQUEST_NOT_FOUND: 'Aucune demande de révocation ne correspond.',
  OEM_CONSENT_LINK_ALREADY_REQUESTED: 'Ce fabricant a déjà demandé son lien de consentement : le support ne l’a pas encore émis.',
  OEM_CONSENT_LINK_ID_ALREADY_USED: 'Cet identifiant de lien a déjà été émis : émettez un lien avec un nouvel identifiant.',
  CONSENT_REQUEST_ALREADY_EXISTS: 'Une demande de consentement porte déjà cet identifiant : utilisez-en un nouveau.',
  CONSENT_REQUEST_NOT_ACCEPTED: 'Cette demande de consentement n’a pas été acceptée.',
  INVALID_PARTNER_ID: 'L’identifiant du partenaire compte de 1 à 64 lettres, chiffres, « . » ou « - ».',
  PARTNER_NAME_REQUIRED: 'Indiquez le nom présenté aux clients.',
  OEM_ELIGIBILITY_ONLY_FOR_OEM: 'Seul un fabricant (OEM) peut être éligible à l’API OEM Direct.',
  INDIRECT_PROVIDER_REQUIRED: 'Un revendeur indirect s’inscrit avec son fournisseur indirect, déjà inscrit.',
  INDIRECT_PROVIDER_ONLY_FOR_RESELLER: 'Seul un revendeur indirect a un fournisseur indirect.',
  INDIRECT_PROVIDER_NOT_ENROLLED: 'Ce fournisseur indirect n’est pas inscrit : inscrivez-le d’abord.',
  INDIRECT_PROVIDER_WRONG_KIND: 'Le partenaire indiqué comme fournisseur indirect n’est pas un fournisseur indirect.',
  OEM_USES_ITS_CONSENT_LINK: 'Un fabricant (OEM) ne demande pas de consentement : il utilise son lien de consentement.',
  INDIRECT_PROVIDER_CANNOT_REQUEST_CONSENT: 'Un fournisseur indirect ne demande pas de consentement : il est autorisé par ses revendeurs.',
  ADMIN_ROLES_WITHOUT_DAP: 'Des rôles d’administration ne se demandent qu’avec des droits d’administration délégués.',
  INVALID_LINK_TTL: 'La durée de vie d’un lien de consentement doit être un nombre positif de secondes.',
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

/** By code: a code of the domain, of access, or of the API's edge (an unknown consent link). */
export const REFUSALS_FR: Readonly<Record<string, string>> = FRENCH;
