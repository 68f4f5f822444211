import { Module } from '@nestjs/common';
import { LedgerConfig } from '../config/ledger-config.js';
import { IdentityModule } from '../identity/index.js';
import { AuditorViewController } from './auditor-view/auditor-view.controller.js';
import { ConsentPageController } from './consent-page/consent-page.controller.js';
import { CustomerAdminController } from './customer-admin/customer-admin.controller.js';
import { HomeController } from './home/home.controller.js';
import { PageAssetsController } from './shared/assets.controller.js';
import { loadOrCreateCsrfKey } from './shared/csrf-key.js';
import { CsrfTokens } from './shared/csrf-tokens.js';
import { HtmlNegotiation } from './shared/html-negotiation.js';
import { LedgerApiClient } from './shared/ledger-api-client.js';
import { PageAccess } from './shared/page-access.js';
import { PageContexts } from './shared/page-context.js';
import { PageErrorFilter } from './shared/page-error.filter.js';
import { PageSessions } from './shared/page-session.js';
import { OidcSignIn } from './sign-in/oidc-sign-in.js';
import { SignInController } from './sign-in/sign-in.controller.js';
import { SignInModes } from './sign-in/sign-in-mode.js';
import { SupportConsoleController } from './support-console/support-console.controller.js';

/**
 * The server-rendered pages (issue 14): the consent page at the consent link, sign-in (OIDC or local), the
 * customer admin page, the support console and the auditor view, in English and French. Every page calls the
 * service's own HTTP contract with the signed-in user's token (see LedgerApiClient), so it follows the API's rules.
 */
@Module({
  imports: [IdentityModule],
  controllers: [
    HomeController,
    SignInController,
    ConsentPageController,
    CustomerAdminController,
    SupportConsoleController,
    AuditorViewController,
    PageAssetsController,
  ],
  providers: [
    HtmlNegotiation,
    {
      provide: CsrfTokens,
      inject: [LedgerConfig],
      useFactory: async (config: LedgerConfig) => new CsrfTokens(await loadOrCreateCsrfKey(config.LEDGER_DATA_DIR)),
    },
    PageSessions,
    PageContexts,
    PageAccess,
    PageErrorFilter,
    LedgerApiClient,
    SignInModes,
    OidcSignIn,
  ],
})
export class PagesModule {}
