import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';

export const ARTIFACTS_DIR = join(process.cwd(), 'test', 'artifacts', 'pages');

/** Debian's Chromium, headless, with nothing reaching out to the network on its own. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Saves the page as it looks on a desktop and on a phone: `<name>.desktop.png`, `<name>.phone.png`. */
export const screenshotBoth = async (page: Page, name: string): Promise<void> => {
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.${label}.png`), fullPage: true });
  }
  await page.setViewportSize(before);
};

export interface AxeFinding {
  readonly page: string;
  readonly id: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core in the page (through the DevTools protocol: the page's CSP allows no script, and it stays on)
 * and returns its serious and critical violations.
 */
export const seriousViolations = async (page: Page, name: string): Promise<AxeFinding[]> => {
  await page.evaluate(axe.source);
  // A string, evaluated in the page: this file is type-checked without the DOM library.
  const violations = (await page.evaluate(`axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }).then((result) => result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact || 'unknown',
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    })))`)) as Omit<AxeFinding, 'page'>[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => ({ page: name, ...violation }));
};
