import { randomUUID } from 'node:crypto';
import { streamOf, type LedgerEvent } from '@ledger/consent-domain';
import type { JsonObject } from '@ledger/event-store';
import { ledgerEvents } from '@ledger/projections';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshotBoth, seriousViolations } from './support/browser.js';
import { type CookieBrowser, noticesOf } from './support/cookie-browser.js';
import { LedgerForPages } from './support/ledger-for-pages.js';
import { signInLocally } from './support/page-actions.js';

/** One more than the API's largest page (api.md: `limit` at most 500), so every list has a second page. */
const MANY = 501;

/**
 * Found by a review of the pages: each list page read one page of the API (`limit=500`) and ignored its
 * `nextCursor`, so past 500 items it silently showed the first 500. Every list now pages, without JavaScript.
 * The ledger is filled through the event store port (as the write side records events), MANY of each.
 */
describe('pages: lists longer than one page of the API', () => {
  let ledger: LedgerForPages;
  const tenant = randomUUID(); // MANY OEMs accepted, each with a revocation pending: 2 × MANY timeline events
  const oems = Array.from({ length: MANY }, (_, index) => `oem-${String(index).padStart(3, '0')}`);
  const csp = 'csp-many'; // accepted by MANY customers
  const customers = Array.from({ length: MANY }, () => randomUUID());
  let position = 0n;
  let asOf = '';

  /** Appends each stream's events in one append, many streams at a time, as the write side would record them. */
  const record = async (events: LedgerEvent[]): Promise<void> => {
    const streams = new Map<string, LedgerEvent[]>();
    for (const event of events) streams.set(streamOf(event), [...(streams.get(streamOf(event)) ?? []), event]);
    const batches = [...streams];
    for (let start = 0; start < batches.length; start += 50) {
      const outcomes = await Promise.all(
        batches.slice(start, start + 50).map(([stream, list]) =>
          ledger.eventStore.append(stream, list.map((event) => ({ id: randomUUID(), type: event.type, data: event.data as unknown as JsonObject })), {
            expectedRevision: 'any',
          }),
        ),
      );
      for (const outcome of outcomes) if (outcome.position > position) position = outcome.position;
    }
  };

  beforeAll(async () => {
    ledger = await LedgerForPages.start();
    const { partnerEnrolled, oemLinkRequested, oemConsentAccepted, revocationRequested, cspConsentAccepted } = ledgerEvents;
    await record([
      partnerEnrolled(csp, 'CSP_DIRECT'),
      ...oems.flatMap((oem, index) => [
        partnerEnrolled(oem, 'OEM'),
        oemLinkRequested(oem),
        oemConsentAccepted(oem, `link-${oem}`, tenant),
        revocationRequested(`rev-${String(index).padStart(3, '0')}`, oem, tenant),
      ]),
      ...customers.map((customer, index) => cspConsentAccepted(`req-${index}`, csp, customer)),
    ]);
    // Read models and the audit index have caught up with every append (read-your-writes through the API).
    const auditor = await ledger.token({ sub: 'a', tid: 'operator', roles: ['auditor'] });
    const caughtUp = await fetch(`${ledger.url}/v1/audit/customers/${tenant}/timeline?limit=1`, {
      headers: { authorization: `Bearer ${auditor}`, 'ledger-position': String(position) },
    });
    expect(caughtUp.status).toBe(200);
    asOf = new Date(Date.now() + 1000).toISOString();
  }, 120_000);

  afterAll(async () => {
    await ledger?.stop();
  });

  const signedIn = (form: Record<string, string>, language: 'en' | 'fr' = 'en'): Promise<CookieBrowser> => ledger.signedIn(form, language);
  const admin = { tenantId: tenant, signInName: `admin@${tenant}.example`, globalAdmin: 'yes', role: 'customer' };
  const operator = { tenantId: 'operator', signInName: 'ops@operator.example', role: 'support' };
  const auditor = { tenantId: 'operator', signInName: 'audit@operator.example', role: 'auditor' };

  /** A list's paging (its `<nav>`), or undefined when the page has none. */
  const pagerOf = (body: string, id: string): string | undefined => new RegExp(`<nav class="pager" id="${id}"[\\s\\S]*?</nav>`).exec(body)?.[0];
  /** The address a pager's link leads to, by its words. */
  const linkOf = (pager: string | undefined, words: string): string | undefined => {
    const found = new RegExp(`<a href="([^"]*)"[^>]*>${words}</a>`).exec(pager ?? '')?.[1];
    return found === undefined ? undefined : `${ledger.url}${found.replace(/&amp;/g, '&')}`;
  };
  const all = (body: string, pattern: RegExp): string[] => [...body.matchAll(pattern)].map((match) => match[1] ?? '');

  it('/admin: the first 500 partners, "there are more" and a Next page link; the next page the rest and a link back', async () => {
    const b = await signedIn(admin);
    const first = await b.open(`${ledger.url}/admin`);
    expect(first.status).toBe(200);
    const partnersOf = (body: string) => all(body, /<td data-label="Partner"><strong>[^<]*<\/strong><br><span class="mono">([^<]*)<\/span>/g);
    expect(partnersOf(first.body)).toHaveLength(500);
    const pager = pagerOf(first.body, 'partners-pages');
    expect(pager).toContain('This page shows 500; there are more on the next page.');
    expect(linkOf(pager, 'First page')).toBeUndefined();
    const next = linkOf(pager, 'Next page');
    expect(next).toMatch(/\/admin\?cursor=[A-Za-z0-9_-]+$/);

    const second = await b.open(next!);
    expect(second.status).toBe(200);
    expect(partnersOf(second.body)).toHaveLength(MANY - 500);
    expect(new Set([...partnersOf(first.body), ...partnersOf(second.body)])).toEqual(new Set(oems));
    const secondPager = pagerOf(second.body, 'partners-pages');
    expect(secondPager).not.toContain('there are more');
    expect(linkOf(secondPager, 'Next page')).toBeUndefined();
    expect(linkOf(secondPager, 'First page')).toBe(`${ledger.url}/admin`);
  });

  it('/support: each queue pages on its own, the other queue’s page kept; in French too', async () => {
    const b = await signedIn(operator, 'fr');
    const revocationsOf = (body: string) => all(body, /action="\/support\/revocations\/([^/]*)\/complete"/g);
    const linkRequestsOf = (body: string) => all(body, /<input type="hidden" name="partnerId" value="([^"]*)">\s*<button type="submit" aria-label/g);
    const first = await b.open(`${ledger.url}/support`);
    expect(first.status).toBe(200);
    expect([revocationsOf(first.body).length, linkRequestsOf(first.body).length]).toEqual([500, 500]);
    expect(pagerOf(first.body, 'revocations-pages')).toContain('Cette page en montre 500 ; il y en a d’autres à la page suivante.');
    const nextRevocations = linkOf(pagerOf(first.body, 'revocations-pages'), 'Page suivante');
    expect(nextRevocations).toMatch(/\/support\?revocationsCursor=[A-Za-z0-9_-]+$/);

    const second = await b.open(nextRevocations!);
    expect(second.status).toBe(200);
    expect(revocationsOf(second.body)).toEqual(['rev-500']);
    expect(linkRequestsOf(second.body)).toHaveLength(500);
    expect(linkOf(pagerOf(second.body, 'revocations-pages'), 'Première page')).toBe(`${ledger.url}/support`);
    const nextLinks = linkOf(pagerOf(second.body, 'link-requests-pages'), 'Page suivante');
    expect(nextLinks).toMatch(/\/support\?revocationsCursor=[A-Za-z0-9_-]+&linkRequestsCursor=[A-Za-z0-9_-]+$/);

    const third = await b.open(nextLinks!);
    expect(revocationsOf(third.body)).toEqual(['rev-500']);
    expect(linkRequestsOf(third.body)).toHaveLength(MANY - 500);
    expect(new Set([...linkRequestsOf(first.body), ...linkRequestsOf(third.body)])).toEqual(new Set(oems));
    // Back to the first page of one queue keeps the other's page.
    expect(linkOf(pagerOf(third.body, 'link-requests-pages'), 'Première page')).toBe(nextRevocations);
  });

  it('/audit: the timeline and the authorisations as of an instant page on their own, the questions kept', async () => {
    const b = await signedIn(auditor);
    const query = new URLSearchParams({ tenantId: tenant, partnerId: csp, asOf });
    const eventsOf = (body: string) => all(body, /<span class="mono">#(\d+) · /g);
    const customersOf = (body: string) => all(body, /<td data-label="Customer"><span class="mono">([^<]*)<\/span>/g);
    let page = await b.open(`${ledger.url}/audit?${query.toString()}`);
    expect(page.status).toBe(200);
    expect(customersOf(page.body)).toHaveLength(500);
    const seen: string[] = [];
    for (;;) {
      expect(page.status).toBe(200);
      seen.push(...eventsOf(page.body));
      const next = linkOf(pagerOf(page.body, 'timeline-pages'), 'Next page');
      if (next === undefined) break;
      const carried = new URL(next).searchParams;
      expect([carried.get('tenantId'), carried.get('partnerId'), carried.get('asOf')]).toEqual([tenant, csp, asOf]);
      page = await b.open(next);
      expect(linkOf(pagerOf(page.body, 'timeline-pages'), 'First page')).toBe(`${ledger.url}/audit?${query.toString()}`);
    }
    expect(seen).toHaveLength(2 * MANY);
    expect(new Set(seen).size).toBe(2 * MANY);

    const first = await b.open(`${ledger.url}/audit?${query.toString()}`);
    const next = linkOf(pagerOf(first.body, 'authorisations-pages'), 'Next page');
    expect(pagerOf(first.body, 'authorisations-pages')).toContain('This page shows 500; there are more on the next page.');
    const second = await b.open(next!);
    expect(second.status).toBe(200);
    expect(new Set([...customersOf(first.body), ...customersOf(second.body)])).toEqual(new Set(customers));
    // The timeline is on its first page still, with its own Next page link.
    expect(eventsOf(second.body)).toEqual(eventsOf(first.body));
  });

  it('a cursor that is not one the API handed out (damaged, or another list’s) is the page’s 400, in its language', async () => {
    const fr = await signedIn(operator, 'fr');
    const supportPage = await fr.open(`${ledger.url}/support`);
    const linkCursor = new URL(linkOf(pagerOf(supportPage.body, 'link-requests-pages'), 'Page suivante')!).searchParams.get('linkRequestsCursor')!;
    const invalidWords = 'Ce lien vers une page de la liste n’est pas valide : il a été modifié, ou il est celui d’une autre liste. Reprenez à la première page.';
    for (const address of ['/support?revocationsCursor=%3Cb%3E', `/support?revocationsCursor=${linkCursor}`, '/support?linkRequestsCursor=a&linkRequestsCursor=b']) {
      const refused = await fr.open(`${ledger.url}${address}`);
      expect([address, refused.status]).toEqual([address, 400]);
      expect(refused.body).toContain('<html lang="fr"');
      expect(noticesOf(refused.body)).toEqual([invalidWords]);
      expect(refused.body).toContain('<a href="/support">Première page</a>');
    }

    const en = await signedIn(admin);
    const refusedAdmin = await en.open(`${ledger.url}/admin?cursor=${'x'.repeat(2001)}`);
    expect(refusedAdmin.status).toBe(400);
    expect(noticesOf(refusedAdmin.body)).toEqual(['This link to a page of the list is not valid: it was changed, or it is another list’s. Start again from the first page.']);
    expect(refusedAdmin.body).toContain('<a href="/admin">First page</a>');

    const audit = await signedIn(auditor, 'fr');
    const query = `tenantId=${tenant}&partnerId=${csp}&asOf=${encodeURIComponent(asOf)}`;
    for (const cursor of ['timelineCursor=%00', `authorisationsCursor=${linkCursor}`, 'timelineCursor=bm9wZQ']) {
      const refused = await audit.open(`${ledger.url}/audit?${query}&${cursor}`);
      expect([cursor, refused.status]).toEqual([cursor, 400]);
      expect(noticesOf(refused.body)).toEqual([invalidWords]);
      expect(refused.body).toContain(`<a href="/audit?${query.replace(/&/g, '&amp;')}">Première page</a>`);
    }
  });

  it('the pager is accessible (axe: no serious or critical finding) and usable on a 320 px wide screen', async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(`${ledger.url}/sign-in`);
      await page.getByLabel('Identifiant du locataire').fill(tenant);
      await page.getByLabel('Nom de connexion').fill(`admin@${tenant}.example`);
      await page.getByLabel('Administrateur général de ce locataire').check();
      await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/sign-in')), page.getByRole('button', { name: 'Se connecter' }).click()]);
      await page.goto(`${ledger.url}/admin`);
      const pager = page.getByRole('navigation', { name: 'Pages de la liste : partenaires' });
      const next = pager.getByRole('link', { name: 'Page suivante' });
      const box = await next.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.x + box!.width).toBeLessThanOrEqual(320);
      await next.click();
      const back = page.getByRole('navigation', { name: 'Pages de la liste : partenaires' }).getByRole('link', { name: 'Première page' });
      expect(await back.isVisible()).toBe(true);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(320);
      await screenshotBoth(page, 'admin-second-page');
      expect(await seriousViolations(page, 'admin-second-page')).toEqual([]);
      await back.click();
      expect(new URL(page.url()).search).toBe('');

      // The auditor's view: two lists, each with its pager (the timeline on its second page: both of its links).
      const auditorPage = await (await browser.newContext({ locale: 'en-GB', viewport: { width: 320, height: 640 } })).newPage();
      await auditorPage.goto(`${ledger.url}/sign-in`);
      await signInLocally(auditorPage, { tenantId: 'operator', signInName: 'audit@operator.example', role: 'auditor' });
      await auditorPage.goto(`${ledger.url}/audit?${new URLSearchParams({ tenantId: tenant, partnerId: csp, asOf })}`);
      await auditorPage.getByRole('navigation', { name: 'Pages of the list: Customer timeline' }).getByRole('link', { name: 'Next page' }).click();
      for (const list of ['Customer timeline', 'authorisations as of the date']) {
        const links = auditorPage.getByRole('navigation', { name: `Pages of the list: ${list}` }).getByRole('link');
        for (const link of await links.all()) {
          const linkBox = await link.boundingBox();
          expect(linkBox!.x + linkBox!.width).toBeLessThanOrEqual(320);
        }
      }
      expect(await auditorPage.getByRole('navigation', { name: 'Pages of the list: Customer timeline' }).getByRole('link').allInnerTexts()).toEqual(['First page', 'Next page']);
      expect(await seriousViolations(auditorPage, 'audit-second-timeline-page')).toEqual([]);
    } finally {
      await browser?.close();
    }
  }, 60_000);
});
