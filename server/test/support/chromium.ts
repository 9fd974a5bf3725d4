import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

/** Screenshots of browser journeys: build artefacts, not committed. */
export const SCREENSHOTS = path.resolve(__dirname, '../../../artifacts/screenshots');
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Debian's chromium (never a downloaded browser), headless, with nothing that calls out. */
export function launchChromium() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
}

export const screenshot = (page: Page, name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
