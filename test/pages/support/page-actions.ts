import type { Page } from 'playwright-core';

export interface LocalIdentity {
  readonly tenantId: string;
  readonly signInName: string;
  readonly globalAdmin?: boolean;
  readonly role?: 'customer' | 'support' | 'auditor' | 'partner';
  readonly partnerId?: string;
}

/** Fills the LOCAL sign-in form the way a person would (the page must already show it) and submits it. */
export const signInLocally = async (page: Page, identity: LocalIdentity): Promise<void> => {
  await page.getByLabel('Tenant id').fill(identity.tenantId);
  await page.getByLabel('Sign in name').fill(identity.signInName);
  if (identity.globalAdmin) await page.getByLabel('Global Administrator of this tenant').check();
  await page.getByLabel('Role').selectOption(identity.role ?? 'customer');
  if (identity.partnerId !== undefined) await page.getByLabel('Partner id (for a partner)').fill(identity.partnerId);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Sign in' }).click()]);
};

/** The text of the page's notices (success, refusal, info), in order. */
export const notices = (page: Page): Promise<string[]> => page.locator('.notice').allInnerTexts();
