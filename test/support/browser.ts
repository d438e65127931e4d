import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(process.cwd(), 'test/browser/screenshots');

/**
 * True when Chromium is installed. Outside CI a missing browser skips the browser tests with a
 * loud message; with REQUIRE_SERVICES=1 (set by .ci/run) it fails them.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_SERVICES === '1') {
    throw new Error(`Chromium is required (REQUIRE_SERVICES=1) but ${CHROMIUM_PATH} is missing`);
  }
  console.warn(
    `\n⚠️  SKIPPING browser tests: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium).\n`,
  );
  return false;
}

/** Debian's Chromium, headless, with no background traffic (the machine has no internet). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
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
}

/** Saves a full-page screenshot under test/browser/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
