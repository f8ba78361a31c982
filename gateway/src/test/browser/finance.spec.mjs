// The finance office's page in a real browser (headless Chromium via playwright-core). FinanceConsoleBrowserIT
// starts a gateway over its own database and simulator, pays, fabricates a statement difference, then runs
// this: sign in as the FINANCE terminal, reconcile the day, resolve the difference from the worklist with a
// note, show the shift close. Screenshots go to SCREENSHOT_DIR; exits non-zero on the first failed expectation.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE_URL');
const SHOTS = env('SCREENSHOT_DIR');

function check(condition, message) {
  if (!condition) throw new Error(`expectation failed: ${message}`);
  console.log(`ok - ${message}`);
}

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const pageErrors = [];
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (m) => { if (m.type() === 'error') console.log(`browser error: ${m.text()}`); });
  page.on('pageerror', (e) => pageErrors.push(e.message));

  await page.goto(`${BASE}/console/finance.html`);
  await page.fill('#signin-id', env('FINANCE_ID'));
  await page.fill('#signin-secret', env('FINANCE_SECRET'));
  await page.fill('#signin-operator', 'F001');
  await page.click('#signin-submit');
  await page.waitForSelector('#desk:not([hidden])');
  check(true, 'the finance terminal signs in');

  await page.fill('#recon-day', env('DAY'));
  await page.click('#recon-run');
  await page.waitForSelector('#differences tbody tr:has-text("THERE_NOT_HERE")');
  const runs = await page.textContent('#runs tbody');
  check(runs.includes('WECHAT') && runs.includes('DIFFERENCES') && runs.includes('BALANCED'), 'the day is reconciled per counterparty');
  await page.screenshot({ path: join(SHOTS, 'finance-reconciliation.png'), fullPage: true });

  const item = page.locator('#worklist tbody tr', { hasText: 'THERE_NOT_HERE' }).first();
  await item.locator('input.note').fill('微信确认为测试单');
  await page.screenshot({ path: join(SHOTS, 'finance-worklist.png'), fullPage: true });
  const itemId = (await item.locator('td').first().textContent()).trim();
  await item.locator('button[data-action="RESOLVE"]').click();
  await page.waitForSelector('#error:has-text("RESOLVED")');
  // The worklist is reloaded after the action's answer: wait for the row to go rather than count at once.
  const gone = await page.locator('#worklist tbody tr', { hasText: itemId }).first()
    .waitFor({ state: 'detached', timeout: 10_000 }).then(() => true, () => false);
  check(gone, 'the resolved item leaves the worklist');

  await page.click('#close-load');
  await page.waitForSelector('#shift tbody tr');
  const shift = await page.textContent('#shift tbody');
  check(shift.includes('W07') && shift.includes('C0042'), 'the shift close shows the window and its cashier');
  await page.screenshot({ path: join(SHOTS, 'finance-shift-close.png'), fullPage: true });

  check(pageErrors.length === 0, `no script errors on the page (${pageErrors.join('; ')})`);
  writeFileSync(env('RESULT_FILE'), JSON.stringify({ resolved: itemId }));
} catch (e) {
  console.error(e);
  if (page) await page.screenshot({ path: join(SHOTS, 'finance-failure.png'), fullPage: true }).catch(() => {});
  process.exitCode = 1;
} finally {
  await browser.close();
}
