// The cashier console in a real browser (Debian's Chromium, headless, driven by playwright-core).
// ConsoleBrowserIT starts a gateway and the simulator and runs this with their addresses; it exits
// non-zero on the first failed expectation and writes what it paid to RESULT_FILE for the IT to
// check against the gateway and the channels' ledger.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};
const BASE = env('BASE_URL');
const SIM = env('SIM_URL');
const WINDOW_ID = env('WINDOW_ID');
const SHOTS = env('SCREENSHOT_DIR');
const TIMEOUT = 20_000;

function check(condition, message) {
  if (!condition) throw new Error(`expectation failed: ${message}`);
  console.log(`ok - ${message}`);
}

async function sim(path, body) {
  const res = await fetch(SIM + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A request signed as docs/api.md §3 says, as a terminal other than the console sends it. */
async function signed(terminalId, secret, method, path, payload, extra = {}) {
  const body = payload === undefined ? '' : JSON.stringify(payload);
  const ts = String(Math.floor(Date.now() / 1000));
  const nonce = randomUUID();
  const canonical = `${method}\n${path}\n${ts}\n${nonce}\n${createHash('sha256').update(body).digest('hex')}`;
  const signature = createHmac('sha256', secret).update(canonical).digest('hex');
  const headers = { 'X-Terminal-Id': terminalId, 'X-Timestamp': ts, 'X-Nonce': nonce, 'X-Signature': signature, ...extra };
  if (body) headers['Content-Type'] = 'application/json';
  const res = await fetch(BASE + path, { method, body: body || undefined, headers });
  return { status: res.status, answer: await res.json() };
}

/** The reader at the window reports a tap. */
async function tap(payload) {
  const { status, answer } = await signed(env('READER_ID'), env('READER_SECRET'), 'POST', '/api/v1/nfc/taps',
    { readerId: env('READER_ID'), windowId: WINDOW_ID, tagUid: '04A1B2C3D4E5F6', ...(payload ? { payload } : {}) });
  check(status === 200, `the reader's tap is accepted (${status} ${JSON.stringify(answer)})`);
  return answer;
}

const text = async (page, selector) => (await page.textContent(selector)).trim();
const fen = (yuanText) => {
  const m = /^¥(\d+)\.(\d{2})$/.exec(yuanText);
  if (!m) throw new Error(`not an amount: ${yuanText}`);
  return Number(m[1]) * 100 + Number(m[2]);
};

const browser = await chromium.launch({
  executablePath: env('CHROMIUM'),
  headless: true,
  // What this machine needs (closed network, no GPU, root). Playwright gives every launch a new empty
  // --user-data-dir of its own and refuses one in args.
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const paid = [];
let page;
const pageErrors = [];
try {
  const context = await browser.newContext({ viewport: { width: 1360, height: 740 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`browser ${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('dialog', (d) => d.accept());

  // Sign in as the window terminal.
  await page.goto(`${BASE}/console/`);
  await page.fill('#signin-id', env('WINDOW_TERMINAL_ID'));
  await page.fill('#signin-secret', env('WINDOW_SECRET'));
  await page.click('#signin-submit');
  await page.waitForSelector('#desk:not([hidden])');
  await page.waitForSelector('#live.on');
  check((await text(page, '#who-window')) === WINDOW_ID, `signed in at window ${WINDOW_ID}, event stream live`);

  // Enter a bill and submit it as the window's pending bill.
  const billNo = `BW${Date.now()}`;
  await page.fill('#bill-no', billNo);
  await page.click('#bill-sample');
  check((await text(page, '#bill-total')) === '¥1003.50', 'the sample bill totals ¥1003.50');
  await page.click('#bill-submit');
  await page.waitForFunction((b) => document.querySelector('#bill-state').textContent.includes(b), billNo);
  check(await page.evaluate(() => document.activeElement.id === 'scan'), 'focus is back in the scan field after submitting the bill');

  // The patient taps the reader with a phone: the console lights up the NFC indicator.
  const person = await sim('/sim/insurance/persons', {
    name: '浏览器测试', idNo: env('ID_NO'), insutype: '310', region: '370200', accountBalanceFen: 20000, pooledSigned: true,
  });
  const evoucher = await sim('/sim/insurance/vouchers', { psnNo: person.psnNo, payChannel: null });
  const tapped = await tap(null);
  check(tapped.billNo === billNo, 'the tap opened a session with the pending bill attached');
  await page.waitForSelector('#nfc[data-state="open"]');
  check((await text(page, '#nfc-detail')).includes(billNo), 'the NFC indicator shows the tap for this bill');
  await page.screenshot({ path: join(SHOTS, 'console-tap.png') });

  // The scanner types the e-voucher and Enter, as a keyboard wedge does.
  await page.keyboard.type(evoucher.code, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#result[data-status="PENDING"]');
  await page.waitForSelector('#leg-self[data-state="waiting"]');
  check((await text(page, '#leg-account-amount')) === '¥200.00', 'insurance pre-settled: personal account ¥200.00');
  check((await page.getAttribute('#nfc', 'data-state')) === 'used', 'the tap is shown as used by this payment');
  const awaited = fen(await text(page, '#leg-self-amount'));
  const presettledFund = fen(await text(page, '#leg-fund-amount'));
  check(presettledFund > 0 && presettledFund + 20000 + awaited === 100350, 'fund + account + self-pay = ¥1003.50 while waiting for the payment code');
  await page.screenshot({ path: join(SHOTS, 'console-mid-payment.png') });

  // The payment code for the self-pay part.
  const wallet = await sim('/sim/wallets', { channel: 'WECHAT', balanceFen: 100000, behavior: 'OK' });
  check(await page.evaluate(() => document.activeElement.id === 'scan'), 'focus is still in the scan field');
  await page.keyboard.type(wallet.authCode, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.waitForSelector('#result[data-status="SUCCEEDED"]');
  await page.waitForSelector('#leg-self[data-state="done"]');
  await page.waitForSelector('#leg-insurance[data-state="done"]');
  const fund = fen(await text(page, '#leg-fund-amount'));
  const self = fen(await text(page, '#leg-self-amount'));
  check(fund === presettledFund && fund + 20000 + self === 100350 && self === awaited, `SUCCEEDED with fund ${fund} + account 20000 + self-pay ${self} fen = 100350`);
  check((await text(page, '#leg-self-method')) === '微信', 'self-pay on WeChat');
  // Why the fund paid what it paid: the platform's pooling figures under the insurance leg.
  const why = await text(page, '#leg-pooling');
  check(await page.isVisible('#leg-pooling') && why.includes('三级医院 支付比例 50%') && why.includes('起付线 ¥800.00'),
    `the pooling explanation is shown: ${why}`);
  await page.waitForSelector(`#today tr:has-text("${billNo}")`);
  check((await text(page, `#today tr:has-text("${billNo}") td:nth-child(7)`)) === '支付成功', "today's list shows the payment");
  const first = (await text(page, '#result-detail')).match(/[0-9a-f-]{36}/)[0];
  paid.push({ billNo, paymentId: first, expect: 'SUCCEEDED', fundPayFen: fund, accountPayFen: 20000, selfPayFen: self });
  check((await text(page, '#bill-state')).startsWith('已完成'), 'the bill is marked done');
  await page.screenshot({ path: join(SHOTS, 'console-succeeded.png') });

  // The settlement slip, as printed.
  await page.emulateMedia({ media: 'print' });
  check((await text(page, '#slip-account')) === '¥200.00' && (await text(page, '#slip-bill')) === billNo
    && (await page.locator('#slip-items tr').count()) === 3, 'the slip shows the bill, its items and the personal account part');
  await page.screenshot({ path: join(SHOTS, 'console-slip.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // Reprint: the console fetches the payment's electronic receipt (issued by the outbox, so it may take a moment) and links its PDF.
  let receipt = null;
  for (let i = 0; i < 60 && !receipt; i++) {
    await page.click('#invoice');
    await page.waitForTimeout(250);
    if (await page.isVisible('#invoice-pdf')) receipt = await page.getAttribute('#invoice-pdf', 'href');
  }
  check(/\/einv\/files\/37\d+\/\d{10}\.pdf$/.test(receipt ?? '') && (await text(page, '#invoice-pdf')).startsWith('打印电子票据'),
    `the console reprints the e-invoice: ${receipt}`);
  const pdf = await fetch(receipt);
  check(pdf.status === 200 && (await pdf.text()).startsWith('%PDF-1.'), 'the reprinted receipt is a PDF');

  // One tap pays: a second bill, then the phone hands over its aggregated code by NFC.
  const billNo2 = `BW${Date.now()}`;
  await page.click('#bill-new');
  await page.fill('#bill-no', billNo2);
  await page.click('#bill-sample');
  await page.click('#bill-submit');
  await page.waitForFunction((b) => document.querySelector('#bill-state').textContent.includes(b), billNo2);
  const person2 = await sim('/sim/insurance/persons', {
    name: '浏览器测试二', idNo: env('ID_NO_2'), insutype: '310', region: '370200', accountBalanceFen: 0, pooledSigned: true,
  });
  // This patient also holds a commercial direct-pay policy (商保直付): the insurer pays 80 % of the cash part.
  await sim('/sim/commercial/policies', { name: '浏览器测试二', idNo: env('ID_NO_2'), coverageRatioPercent: 80 });
  const aggregated = await sim('/sim/insurance/vouchers', { psnNo: person2.psnNo, payChannel: 'ALIPAY' });
  const oneTap = await tap(aggregated.code);
  check(oneTap.payment && oneTap.payment.billNo === billNo2, 'a tap carrying the e-voucher pays the pending bill at once');
  await page.waitForFunction((b) => document.querySelector('#result').dataset.status === 'SUCCEEDED'
    && document.querySelector('#result-detail').textContent.includes(b), billNo2);
  check((await text(page, '#leg-self-method')) === '支付宝', 'the console shows the tap-paid bill, self-pay on Alipay');
  await page.waitForSelector('#leg-commercial[data-state="done"]');
  check((await text(page, '#leg-commercial-insurer')) === 'DEMO-HIC' && (await text(page, '#leg-commercial-claim')).startsWith('CLM')
    && (await text(page, '#leg-commercial-state')) === '已赔付' && fen(await text(page, '#leg-commercial-amount')) > 0,
    'the commercial leg shows the insurer, the claim number, the amount and PAID');
  await page.screenshot({ path: join(SHOTS, 'console-commercial.png') });
  paid.push({ billNo: billNo2, paymentId: oneTap.payment.paymentId, expect: 'REFUNDED' });

  // Refund it from the console: ¥1003.50 is above the approval threshold, so the finance office approves it
  // (docs/api.md §7.1) before anything goes back.
  await page.click('#refund');
  await page.waitForFunction(() => document.body.innerText.includes('APPROVAL_REQUIRED'));
  check(true, 'a refund from the console above the approval threshold waits for the finance office');
  const waiting = await signed(env('FINANCE_ID'), env('FINANCE_SECRET'), 'GET', `/api/v1/payments/${oneTap.payment.paymentId}/refunds`);
  const refundId = waiting.answer[0].refundId;
  const approved = await signed(env('FINANCE_ID'), env('FINANCE_SECRET'), 'POST', `/api/v1/refunds/${refundId}/approvals`);
  check(approved.status === 200 && approved.answer.status === 'SUCCEEDED',
    `the finance office approves it and the money goes back (${approved.status} ${JSON.stringify(approved.answer)})`);

  // A patient enrolled in credit care (医后付) shows the dynamic credit code from the mini-program: the bill goes
  // on the credit line, and the console says where it stands (line, tonight's batch, the due date).
  const creditBill = `BC${Date.now()}`;
  await page.click('#bill-new');
  await page.fill('#bill-no', creditBill);
  await page.click('#bill-sample');
  await page.click('#bill-submit');
  await page.waitForFunction((b) => document.querySelector('#bill-state').textContent.includes(b), creditBill);
  const creditPatient = await sim('/sim/hospital/patients', { name: '浏览器信用', idNo: env('ID_NO_3') });
  await sim('/sim/bank/customers', { idNo: env('ID_NO_3'), name: '浏览器信用', creditLineFen: 500000, accountBalanceFen: 1000000 });
  const mini = async (path, body) => {
    const res = await fetch(BASE + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(body.token ? { Authorization: `Bearer ${body.token}` } : {}) },
      body: JSON.stringify(body.json) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const token = (await mini('/demo/mini/tokens', { json: { subject: `browser-credit-${Date.now()}` } })).accessToken;
  await mini('/api/v1/mini/credit/enrolments', { token, json: { name: '浏览器信用', idNo: env('ID_NO_3'), cardNo: creditPatient.cardNo, consent: true } });
  const creditCode = (await mini(`/api/v1/mini/credit/accounts/${creditPatient.cardNo}/code`, { token, json: {} })).code;
  await page.keyboard.type(creditCode, { delay: 2 });
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => document.querySelector('#result').dataset.status === 'SUCCEEDED'
    && document.querySelector('#result-detail').textContent.includes(b), creditBill);
  check((await text(page, '#leg-self-method')) === '医后付' && (await text(page, '#leg-self-amount')) === '¥1003.50',
    'the whole bill is on the credit leg');
  await page.waitForSelector('#leg-credit[data-status="OPEN"]');
  const creditLine = await text(page, '#leg-credit');
  check(creditLine.includes('可用 ¥3996.50 / ¥5000.00') && creditLine.includes('正常') && creditLine.includes('24 时银行批扣')
    && /\d{4}-\d{2}-\d{2} 前还款/.test(creditLine), `the credit leg shows the line, tonight's batch and the due date: ${creditLine}`);
  await page.screenshot({ path: join(SHOTS, 'console-credit.png') });

  // The HIS sends the next patient's bill to the window: the console receives it.
  const hisBill = `BH${Date.now()}`;
  const sent = await signed(env('HIS_ID'), env('HIS_SECRET'), 'PUT', `/api/v1/windows/${WINDOW_ID}/bill`, {
    billNo: hisBill, medType: 'OUTPATIENT', totalFen: 3000,
    items: [{ code: 'L201', name: '血常规', category: 'LAB', quantity: 1, priceFen: 3000, amountFen: 3000 }],
  });
  check(sent.status === 200, `the HIS put bill ${hisBill} at the window`);
  await page.waitForFunction((b) => document.querySelector('#bill-no').value === b, hisBill);
  check((await text(page, '#bill-total')) === '¥30.00' && (await text(page, '#bill-state')).includes(hisBill),
    'the console received the HIS bill as its pending bill');

  // The inpatient view: a stay admitted at this window, deposits on two channels, a discharge refunding the difference.
  const W = env('WINDOW_TERMINAL_ID');
  const WS = env('WINDOW_SECRET');
  const admitted = await signed(W, WS, 'POST', '/api/v1/inpatient/stays',
    { admissionNo: `ZY${Date.now()}`, patientName: '王秀英', ward: '5A', bed: '12' });
  check(admitted.status === 201, `the window admits a stay (${admitted.status} ${JSON.stringify(admitted.answer)})`);
  const stayId = admitted.answer.stayId;
  for (const [channel, amountFen] of [['WECHAT', 50000], ['ALIPAY', 30000]]) {
    const w = await sim('/sim/wallets', { channel, balanceFen: 1000000, behavior: 'OK' });
    const d = await signed(W, WS, 'POST', `/api/v1/inpatient/stays/${stayId}/deposits`, { amountFen, scannedCode: w.authCode },
      { 'Idempotency-Key': randomUUID() });
    check(d.status === 200 && d.answer.status === 'SUCCEEDED', `a ${channel} deposit of ${amountFen} fen is paid`);
  }
  const fees = await signed(W, WS, 'POST', `/api/v1/inpatient/stays/${stayId}/fees`, { batchNo: 'F1', totalFen: 20000,
    items: [{ code: 'B001', name: '床位费', category: 'OTHER', quantity: 4, priceFen: 5000, amountFen: 20000 }] });
  check(fees.status === 200, 'the stay\'s fees are uploaded');
  const discharged = await signed(W, WS, 'POST', `/api/v1/inpatient/stays/${stayId}/discharge`);
  check(discharged.status === 200 && discharged.answer.status === 'DISCHARGED', 'the discharge refunds the difference');
  await page.fill('#stay-id', stayId);
  await page.click('#stay-load');
  await page.waitForSelector('#stay-view:not([hidden])', { timeout: TIMEOUT });
  check((await text(page, '#stay-balance')) === '¥0.00', 'the inpatient view shows a balance of 0 after the discharge');
  check((await text(page, '#stay-deposits-sum')) === '¥800.00', 'the inpatient view shows both deposits');
  check((await text(page, '#stay-slip-refund')) === '¥600.00' && (await text(page, '#stay-slip-self')) === '¥200.00',
    'the discharge slip shows the self-pay part and the refund');
  check((await page.locator('#stay-refunds tr').count()) === 2, 'one refund per deposit, newest first');
  await page.locator('.stay').screenshot({ path: join(SHOTS, 'console-inpatient.png') });

  // English labels on request.
  await page.click('#lang');
  check((await text(page, '#scan-label')).startsWith('Scan'), 'the English toggle relabels the console');
  await page.click('#lang');
  check(await page.evaluate(() => document.activeElement.id === 'scan'), 'focus returns to the scan field after using a button');

  check(pageErrors.length === 0, `no script errors in the page (${pageErrors.join('; ')})`);
} catch (e) {
  // What the cashier would have seen, for the IT's failure message.
  if (page) {
    console.log(`page errors: ${JSON.stringify(pageErrors)}`);
    console.log(`visible text at the failure: ${(await page.innerText('body').catch(() => '?')).replace(/\s+/g, ' ').slice(0, 1500)}`);
    await page.screenshot({ path: join(env('RESULT_FILE'), '..', 'failure.png') }).catch(() => {});
  }
  throw e;
} finally {
  writeFileSync(env('RESULT_FILE'), JSON.stringify({ payments: paid }, null, 2));
  await browser.close();
}
