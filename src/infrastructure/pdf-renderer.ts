import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { DomainError } from '../core/errors.js';

/** The system's Chromium (Debian's `chromium` package) unless HAVEN_CHROMIUM names another; never a downloaded one. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** Headless, no sandbox (containers), nothing that phones home or updates itself while printing. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const chromiumPath = (): string => process.env.HAVEN_CHROMIUM || DEFAULT_CHROMIUM;

/** At most this many PDFs print at once: each is a Chromium process, and a few are enough to fill a small server. */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<() => void> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

export class PdfUnavailableError extends DomainError {
  constructor(message: string) {
    super('unavailable', message);
    this.name = 'PdfUnavailableError';
  }
}

async function launch(): Promise<Browser> {
  const path = chromiumPath();
  if (!existsSync(path)) {
    throw new PdfUnavailableError(`PDFs are printed with Chromium, which is not installed at ${path}: install it (apt-get install -y chromium) or set HAVEN_CHROMIUM to its path. The HTML report works without it.`);
  }
  let playwright: typeof import('playwright-core');
  try {
    playwright = await import('playwright-core');
  } catch {
    throw new PdfUnavailableError('PDFs are printed through playwright-core, which is not installed with this server. The HTML report works without it.');
  }
  // launch() gives every run a fresh, temporary user-data dir, removed when the browser closes.
  return playwright.chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
}

/**
 * Prints a self-contained HTML page to an A4 PDF with its backgrounds. The page is set as content (nothing is
 * fetched: the report holds its styles and SVG inline) with JavaScript off; the browser is always closed.
 */
export async function renderPdf(html: string): Promise<Buffer> {
  const done = await turn();
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: PAGE_FOOTER, margin: { top: '14mm', bottom: '16mm', left: '13mm', right: '13mm' } });
  } finally {
    await browser?.close().catch(() => undefined);
    done();
  }
}

/** Page numbers at the foot of every page (Chromium fills the spans in). */
const PAGE_FOOTER =
  '<div style="width:100%;font-size:8px;color:#4b5563;text-align:center;font-family:system-ui,sans-serif">Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';
