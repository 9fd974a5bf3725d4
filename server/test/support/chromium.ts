import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Build artefacts of the browser journeys (screenshots, reports): not committed. */
export const ARTIFACTS = path.resolve(__dirname, '../../../artifacts');
export const SCREENSHOTS = path.join(ARTIFACTS, 'screenshots');
/** Debian's chromium, never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Headless, with nothing that calls out. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
