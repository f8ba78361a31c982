// hospay cashier console. No framework, no build: the browser signs every call like a terminal
// (docs/api.md §3) with Web Crypto, and follows the window's events over a signed fetch.
// Money is integer fen throughout; it is only formatted as yuan for display.

const $ = (sel) => document.querySelector(sel);
const enc = new TextEncoder();

// ---------------------------------------------------------------- labels (中文 first, English toggle)

const TEXT = {
  zh: {
    title: '收费窗口', window: '窗口', signout: '退出', 'live.on': '实时', 'live.off': '重连中',
    'signin.title': '窗口终端登录', 'signin.id': '终端编号', 'signin.secret': '终端密钥', 'signin.submit': '登录',
    'signin.hint': '密钥只保存在本标签页（sessionStorage），用于在浏览器内签名请求，从不发送给网关。',
    'bill.title': '账单', 'bill.no': '账单号', 'bill.medType': '医疗类别', 'bill.addItem': '＋ 添加项目', 'bill.sample': '示例账单',
    'bill.new': '新账单', 'bill.total': '合计', 'bill.submit': '提交账单（等待扫码 / 碰一碰）',
    'bill.pending': '待支付 · {billNo}', 'bill.paid': '已完成 · {billNo}', 'scan.nextBill': '本单已完成，请提交下一张账单', 'bill.received': '收到 {from} 发来的账单 {billNo}', 'bill.none': '未提交',
    'med.OUTPATIENT': '普通门诊', 'med.REGISTRATION': '挂号', 'med.EMERGENCY': '急诊', 'med.PHARMACY': '药店购药', 'med.CHRONIC_DISEASE': '门诊慢特病',
    'item.code': '编码', 'item.name': '项目名称', 'item.category': '类别', 'item.qty': '数量', 'item.price': '单价(元)', 'item.amount': '金额(元)',
    'cat.REGISTRATION': '挂号', 'cat.DRUG': '药品', 'cat.EXAM': '检查', 'cat.LAB': '检验', 'cat.TREATMENT': '治疗', 'cat.SURGERY': '手术',
    'cat.MATERIAL': '材料', 'cat.OTHER': '其他',
    'nfc.idle': 'NFC 碰一碰：等待手机或就诊卡', 'nfc.open': '已感应 · {kind}', 'nfc.used': '碰一碰已用于支付',
    'nfc.expired': '碰一碰已过期，请重新碰一碰', 'nfc.refused': '碰一碰未能支付：{message}', 'nfc.pay': '用碰一碰的医保码支付',
    'nfc.phone': '手机', 'nfc.card': '就诊卡', 'nfc.left': '{tag} · 剩余 {seconds} 秒', 'nfc.presented': '{presented} · ',
    'nfc.bill': '账单 {billNo} · ',
    'scan.label': '扫码（医保电子凭证 / 付款码）', 'scan.placeholder': '扫码枪扫描后自动提交',
    'scan.needBill': '请先提交账单', 'scan.pay': '扫码将支付账单 {billNo}（{total}）',
    'scan.session': '碰一碰已打开：扫码将完成账单 {billNo}（{total}）', 'scan.code': '请扫描付款码，支付自费部分 {amount}',
    'scan.busy': '正在处理上一笔，请稍候',
    'leg.insurance': '医保', 'leg.fund': '统筹基金', 'leg.account': '个人账户', 'leg.self': '自费',
    'leg.presettling': '预结算中', 'leg.presettled': '已预结算', 'leg.settling': '结算中', 'leg.settled': '已结算', 'leg.undone': '已撤销',
    'leg.charging': '扣款中', 'leg.charged': '已扣款', 'leg.onCredit': '已记入信用', 'leg.awaitingCode': '待扫付款码', 'leg.failed': '失败', 'leg.notNeeded': '无',
    'leg.refunded': '已退款', 'leg.commercial': '商保直付',
    'commercial.PAID': '已赔付', 'commercial.PENDING': '理赔中', 'commercial.DECLINED': '拒赔', 'commercial.CANCELLED': '已撤销',
    'commercial.NEEDS_REVIEW': '待核查', 'commercial.UNAVAILABLE': '无法连接，患者自付',
    'why.POOLED': '门诊统筹', 'why.INSUTYPE_NOT_POOLED': '险种不享受门诊统筹', 'why.INPATIENT': '住院期间不享受门诊统筹',
    'why.NOT_SIGNED': '未签约社区门诊统筹，本院不在免签约范围', 'why.level': '{level} 支付比例 {ratio}%',
    'level.PRIMARY': '基层医院', 'level.SECONDARY': '二级医院', 'level.TERTIARY': '三级医院',
    'why.deductible': '起付线 {std}：本次 {applied}，尚余 {left}', 'why.cap': '年度限额 {cap}：已用 {used}，剩余 {left}',
    'why.excluded': '不予报销 {amount}', 'sign.SIGNED': '已签约', 'sign.EXEMPT_SPECIALTY': '未签约，专科医院免签约', 'sign.NOT_SIGNED': '未签约',
    'status.SUCCEEDED': '支付成功', 'status.FAILED': '支付失败', 'status.PENDING': '处理中', 'status.REFUNDED': '已退款',
    'status.PARTIALLY_REFUNDED': '部分退款', 'status.ERROR': '未支付', 'status.AWAITING': '待扫付款码',
    'result.print': '打印结算单', 'result.refund': '退款', 'result.detail': '账单 {billNo} · 流水号 {paymentId}',
    'result.awaiting': '医保部分已预结算，请扫描患者的付款码支付自费 {amount}', 'result.tapPaying': '手机已出示医保码，正在支付…',
    'refund.confirm': '确认全额退款 {amount}？', 'refund.done': '退款 {status}：{amount}',
    'result.invoice': '补打电子票据', 'invoice.pending': '电子票据开具中，请稍后再补打', 'invoice.status': '电子票据：{status}',
    'invoice.open': '打印电子票据 {code} {no}',
    'today.title': '今日本窗口收费', 'today.time': '时间', 'today.bill': '账单号', 'today.total': '总额', 'today.status': '状态',
    'today.sum': '成功 {count} 笔 · {amount}',
    'method.WECHAT': '微信', 'method.ALIPAY': '支付宝', 'method.UNIONPAY': '银联', 'method.FAMILY_PROXY': '亲情代付', 'method.CREDIT': '医后付',
    'credit.line': '信用额度 {card}：可用 {available} / {line}', 'credit.line.ACTIVE': '正常', 'credit.line.BLACKLISTED': '已暂停（逾期 {overdue} 笔）',
    'credit.bill.OPEN': '{batch} 24 时银行批扣；扣款失败须于 {due} 前还款', 'credit.bill.BATCHED': '银行批扣中（{batch}）',
    'credit.bill.PAID': '银行已扣款', 'credit.bill.UNPAID': '待还 {owed}，{due} 到期', 'credit.bill.REPAYING': '还款处理中',
    'credit.bill.REPAID': '已还清', 'credit.bill.RELEASED': '已退回额度', 'credit.bill.overdue': '已逾期',
    'slip.title': '门诊收费结算单', 'slip.window': '收费窗口', 'slip.payment': '支付流水号', 'slip.time': '结算时间',
    'slip.fund': '医保统筹支付', 'slip.account': '个人账户支付', 'slip.self': '个人自付（现金部分）', 'slip.channel': '自付渠道 / 交易号',
    'slip.settlement': '医保结算号', 'slip.foot': '本结算单由 hospay 生成，金额以医保平台及支付渠道记录为准。',
    'error.insecure': '浏览器只在 HTTPS 或本机（localhost）页面上提供签名所需的 Web Crypto，请通过 HTTPS 打开控制台。',
    'error.noWindow': '终端 {id} 不属于任何收费窗口', 'error.skew': '本机时间与网关相差超过 5 分钟，请校准时间',
    'error.item': '第 {row} 行：{problem}', 'error.itemCode': '编码不能为空', 'error.itemName': '名称不能为空',
    'error.itemQty': '数量须为正整数', 'error.itemPrice': '单价须为金额（最多两位小数）', 'error.noItems': '至少需要一个项目',
    'stay.title': '住院 · 预交金与出院结算', 'stay.id': '住院登记号（stayId）', 'stay.load': '查询', 'stay.admission': '住院号',
    'stay.patient': '患者', 'stay.bed': '床位', 'stay.fees': '住院费用', 'stay.deposits': '预交金', 'stay.refunded': '已退 / 退款中',
    'stay.balance': '余额', 'stay.kind': '类别', 'stay.channel': '渠道', 'stay.amount': '金额', 'stay.slipTotal': '出院结算 · 费用合计',
    'stay.slipSelf': '个人自付', 'stay.slipHeld': '预交金可用', 'stay.slipRefund': '应退', 'stay.slipShortfall': '应补缴',
    'lang': 'English',
  },
  en: {
    title: 'Cashier window', window: 'Window', signout: 'Sign out', 'live.on': 'Live', 'live.off': 'Reconnecting',
    'signin.title': 'Window terminal sign-in', 'signin.id': 'Terminal id', 'signin.secret': 'Terminal secret', 'signin.submit': 'Sign in',
    'signin.hint': 'The secret stays in this tab (sessionStorage) and signs requests in the browser; it is never sent to the gateway.',
    'bill.title': 'Bill', 'bill.no': 'Bill no.', 'bill.medType': 'Medical type', 'bill.addItem': '+ Add item', 'bill.sample': 'Sample bill',
    'bill.new': 'New bill', 'bill.total': 'Total', 'bill.submit': 'Submit bill (wait for scan / tap)',
    'bill.pending': 'Pending · {billNo}', 'bill.paid': 'Done · {billNo}', 'scan.nextBill': 'This bill is done: submit the next one', 'bill.received': 'Bill {billNo} received from {from}', 'bill.none': 'Not submitted',
    'med.OUTPATIENT': 'Outpatient', 'med.REGISTRATION': 'Registration', 'med.EMERGENCY': 'Emergency', 'med.PHARMACY': 'Pharmacy', 'med.CHRONIC_DISEASE': 'Chronic disease',
    'item.code': 'Code', 'item.name': 'Item', 'item.category': 'Category', 'item.qty': 'Qty', 'item.price': 'Price (CNY)', 'item.amount': 'Amount (CNY)',
    'cat.REGISTRATION': 'Registration', 'cat.DRUG': 'Drug', 'cat.EXAM': 'Exam', 'cat.LAB': 'Lab', 'cat.TREATMENT': 'Treatment', 'cat.SURGERY': 'Surgery',
    'cat.MATERIAL': 'Material', 'cat.OTHER': 'Other',
    'nfc.idle': 'NFC: waiting for a phone or hospital card', 'nfc.open': 'Tapped · {kind}', 'nfc.used': 'Tap used for the payment',
    'nfc.expired': 'Tap expired: ask the patient to tap again', 'nfc.refused': 'Tap could not pay: {message}', 'nfc.pay': "Pay with the tapped e-voucher",
    'nfc.phone': 'phone', 'nfc.card': 'hospital card', 'nfc.left': '{tag} · {seconds} s left', 'nfc.presented': '{presented} · ',
    'nfc.bill': 'bill {billNo} · ',
    'scan.label': 'Scan (insurance e-voucher / payment code)', 'scan.placeholder': 'Scanner input submits on Enter',
    'scan.needBill': 'Submit a bill first', 'scan.pay': 'A scan pays bill {billNo} ({total})',
    'scan.session': 'Tap open: a scan completes bill {billNo} ({total})', 'scan.code': 'Scan a payment code for the self-pay part {amount}',
    'scan.busy': 'Still working on the last scan',
    'leg.insurance': 'Insurance', 'leg.fund': 'Fund', 'leg.account': 'Personal account', 'leg.self': 'Self-pay',
    'leg.presettling': 'Pre-settling', 'leg.presettled': 'Pre-settled', 'leg.settling': 'Settling', 'leg.settled': 'Settled', 'leg.undone': 'Undone',
    'leg.charging': 'Charging', 'leg.charged': 'Charged', 'leg.onCredit': 'On credit', 'leg.awaitingCode': 'Needs a code', 'leg.failed': 'Failed', 'leg.notNeeded': 'None',
    'leg.refunded': 'Refunded', 'leg.commercial': 'Commercial',
    'commercial.PAID': 'Paid', 'commercial.PENDING': 'Claiming', 'commercial.DECLINED': 'Declined', 'commercial.CANCELLED': 'Cancelled',
    'commercial.NEEDS_REVIEW': 'Under review', 'commercial.UNAVAILABLE': 'Unreachable: patient paid',
    'why.POOLED': 'Outpatient pooling', 'why.INSUTYPE_NOT_POOLED': 'Insurance type not pooled', 'why.INPATIENT': 'No pooling during a hospital stay',
    'why.NOT_SIGNED': 'Not signed to a community clinic, no exemption here', 'why.level': '{level}, ratio {ratio}%',
    'level.PRIMARY': 'primary hospital', 'level.SECONDARY': 'secondary hospital', 'level.TERTIARY': 'tertiary hospital',
    'why.deductible': 'deductible {std}: {applied} now, {left} left', 'why.cap': 'annual cap {cap}: {used} used, {left} left',
    'why.excluded': 'not reimbursable {amount}', 'sign.SIGNED': 'signed', 'sign.EXEMPT_SPECIALTY': 'not signed, specialty hospital exemption',
    'sign.NOT_SIGNED': 'not signed',
    'status.SUCCEEDED': 'Paid', 'status.FAILED': 'Failed', 'status.PENDING': 'In progress', 'status.REFUNDED': 'Refunded',
    'status.PARTIALLY_REFUNDED': 'Partly refunded', 'status.ERROR': 'Not paid', 'status.AWAITING': 'Needs a payment code',
    'result.print': 'Print slip', 'result.refund': 'Refund', 'result.detail': 'Bill {billNo} · payment {paymentId}',
    'result.awaiting': 'Insurance pre-settled; scan the patient\'s payment code for the self-pay part {amount}',
    'result.tapPaying': 'The phone presented its e-voucher; paying…',
    'refund.confirm': 'Refund the full {amount}?', 'refund.done': 'Refund {status}: {amount}',
    'result.invoice': 'Reprint e-invoice', 'invoice.pending': 'The e-invoice is being issued; reprint it in a moment',
    'invoice.status': 'E-invoice: {status}', 'invoice.open': 'Print e-invoice {code} {no}',
    'today.title': "Today's payments at this window", 'today.time': 'Time', 'today.bill': 'Bill', 'today.total': 'Total', 'today.status': 'Status',
    'today.sum': '{count} paid · {amount}',
    'method.WECHAT': 'WeChat', 'method.ALIPAY': 'Alipay', 'method.UNIONPAY': 'UnionPay', 'method.FAMILY_PROXY': 'Family proxy', 'method.CREDIT': 'Credit',
    'credit.line': 'Credit line {card}: {available} of {line} available', 'credit.line.ACTIVE': 'active',
    'credit.line.BLACKLISTED': 'suspended ({overdue} overdue)',
    'credit.bill.OPEN': 'the bank deducts it in the batch of {batch}; if it cannot, due by {due}', 'credit.bill.BATCHED': 'in the bank\'s batch of {batch}',
    'credit.bill.PAID': 'deducted by the bank', 'credit.bill.UNPAID': '{owed} owed, due {due}', 'credit.bill.REPAYING': 'repayment in progress',
    'credit.bill.REPAID': 'repaid', 'credit.bill.RELEASED': 'given back to the line', 'credit.bill.overdue': 'overdue',
    'slip.title': 'Outpatient settlement slip', 'slip.window': 'Window', 'slip.payment': 'Payment id', 'slip.time': 'Settled at',
    'slip.fund': 'Insurance fund', 'slip.account': 'Personal account', 'slip.self': 'Self-pay (cash part)', 'slip.channel': 'Channel / trade no.',
    'slip.settlement': 'Insurance settlement id', 'slip.foot': 'Issued by hospay; the insurance platform and payment channel records prevail.',
    'error.insecure': 'Browsers offer the Web Crypto needed for signing only on HTTPS or localhost pages: open the console over HTTPS.',
    'error.noWindow': 'Terminal {id} is not at a cashier window', 'error.skew': "This computer's clock is more than 5 minutes off the gateway's",
    'error.item': 'Row {row}: {problem}', 'error.itemCode': 'code is required', 'error.itemName': 'name is required',
    'error.itemQty': 'quantity must be a whole number', 'error.itemPrice': 'price must be an amount (at most 2 decimals)', 'error.noItems': 'add at least one item',
    'stay.title': 'Inpatient · deposits and discharge', 'stay.id': 'Stay id', 'stay.load': 'Look up', 'stay.admission': 'Admission no.',
    'stay.patient': 'Patient', 'stay.bed': 'Bed', 'stay.fees': 'Fees', 'stay.deposits': 'Deposits', 'stay.refunded': 'Refunded / refunding',
    'stay.balance': 'Balance', 'stay.kind': 'Kind', 'stay.channel': 'Channel', 'stay.amount': 'Amount', 'stay.slipTotal': 'Discharge · total fees',
    'stay.slipSelf': 'Self-pay', 'stay.slipHeld': 'Deposits held', 'stay.slipRefund': 'To refund', 'stay.slipShortfall': 'Shortfall',
    'lang': '中文',
  },
};

let lang = localStorage.getItem('hospay.lang') === 'en' ? 'en' : 'zh';

function t(key, params = {}) {
  const text = TEXT[lang][key] ?? TEXT.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => params[name] ?? '');
}

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  document.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  $('#lang').textContent = t('lang');
  document.querySelectorAll('select.category').forEach(fillCategories);
  render();
}

// ---------------------------------------------------------------- money (integer fen)

function yuan(fen) {
  if (fen === null || fen === undefined) return '—';
  const abs = Math.abs(fen);
  return (fen < 0 ? '-' : '') + '¥' + Math.floor(abs / 100) + '.' + String(abs % 100).padStart(2, '0');
}

function plain(fen) {
  return yuan(fen).replace('¥', '');
}

/** "11.75" -> 1175; null for anything that is not an amount with at most two decimals. */
function parseFen(text) {
  const m = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

// ---------------------------------------------------------------- signing (docs/api.md §3)

const state = {
  terminal: null, key: null, secretId: null, lastEventId: null, clockOffsetMs: 0,
  bill: null, payment: null, session: null, busy: false, live: false, notice: null, error: null, today: [], invoice: null,
};

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return hex(b).replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
}

async function signedHeaders(method, path, body) {
  const timestamp = String(Math.floor((Date.now() + state.clockOffsetMs) / 1000));
  const nonce = uuid();
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', enc.encode(body)));
  const canonical = `${method}\n${path}\n${timestamp}\n${nonce}\n${bodyHash}`;
  const signature = hex(await crypto.subtle.sign('HMAC', state.key, enc.encode(canonical)));
  return { 'X-Terminal-Id': state.secretId, 'X-Timestamp': timestamp, 'X-Nonce': nonce, 'X-Signature': signature };
}

class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details ?? {};
  }
}

async function api(method, path, body, extra = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = { ...(await signedHeaders(method, path.split('?')[0], text)), ...extra };
  if (text) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: text || undefined, cache: 'no-store' });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) {
    const e = data?.error ?? {};
    if (res.status === 401 && /X-Timestamp/.test(e.message ?? '')) throw new ApiError(401, 'CLOCK_SKEW', t('error.skew'));
    throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? res.statusText, e.details);
  }
  return { status: res.status, data };
}

/** The gateway's clock from its Date header, so a console on a badly set PC still signs valid timestamps. */
async function syncClock() {
  try {
    const before = Date.now();
    const res = await fetch('/console/', { cache: 'no-store' });
    const date = Date.parse(res.headers.get('Date') ?? '');
    if (!Number.isNaN(date)) state.clockOffsetMs = date + 500 - Math.round((before + Date.now()) / 2);
  } catch {
    state.clockOffsetMs = 0;
  }
}

// ---------------------------------------------------------------- sign-in

async function signIn(terminalId, secret) {
  if (!window.crypto?.subtle) throw new Error(t('error.insecure'));
  state.key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  state.secretId = terminalId;
  await syncClock();
  const me = (await api('GET', '/api/v1/terminals/me')).data;
  if (!me.windowId) throw new Error(t('error.noWindow', { id: terminalId }));
  state.terminal = me;
  sessionStorage.setItem('hospay.terminal', JSON.stringify({ terminalId, secret }));
  $('#signin').hidden = true;
  $('#desk').hidden = false;
  $('#who').hidden = false;
  $('#live').hidden = false;
  $('#signout').hidden = false;
  $('#who-window').textContent = me.windowId;
  $('#who-terminal').textContent = me.terminalId;
  follow();
  await loadPendingBill();
  await loadToday();
  render();
  focusScan();
}

function signOut() {
  sessionStorage.removeItem('hospay.terminal');
  location.reload();
}

// ---------------------------------------------------------------- the bill editor

const CATEGORIES = ['DRUG', 'LAB', 'EXAM', 'TREATMENT', 'REGISTRATION', 'SURGERY', 'MATERIAL', 'OTHER'];

function fillCategories(select) {
  const value = select.value || select.dataset.value || 'DRUG';
  select.replaceChildren(...CATEGORIES.map((c) => new Option(t(`cat.${c}`), c)));
  select.value = value;
}

function addItem(item = {}) {
  const row = document.createElement('tr');
  const cell = (child, cls) => {
    const td = document.createElement('td');
    if (cls) td.className = cls;
    td.append(child);
    return td;
  };
  const input = (cls, value) => {
    const el = document.createElement('input');
    el.className = cls;
    el.value = value ?? '';
    el.autocomplete = 'off';
    el.addEventListener('input', updateTotal);
    return el;
  };
  const category = document.createElement('select');
  category.className = 'category';
  category.dataset.value = item.category ?? 'DRUG';
  fillCategories(category);
  const amount = document.createElement('span');
  amount.className = 'amount';
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'ghost remove';
  remove.textContent = '×';
  remove.addEventListener('click', () => { row.remove(); updateTotal(); });
  row.append(cell(input('code', item.code)), cell(input('name', item.name)), cell(category),
    cell(input('qty', item.quantity ?? 1), 'num'), cell(input('price', item.priceFen === undefined ? '' : plain(item.priceFen)), 'num'),
    cell(amount, 'num'), cell(remove));
  $('#items').append(row);
  updateTotal();
}

/** The editor's rows as API items, or an error naming the first bad row. */
function readItems() {
  const rows = Array.from($('#items').rows);
  if (rows.length === 0) throw new Error(t('error.noItems'));
  return rows.map((row, i) => {
    const get = (cls) => row.querySelector(`.${cls}`).value.trim();
    const bad = (problem) => new Error(t('error.item', { row: i + 1, problem: t(problem) }));
    if (!get('code')) throw bad('error.itemCode');
    if (!get('name')) throw bad('error.itemName');
    if (!/^\d{1,6}$/.test(get('qty')) || Number(get('qty')) < 1) throw bad('error.itemQty');
    const priceFen = parseFen(get('price'));
    if (priceFen === null) throw bad('error.itemPrice');
    const quantity = Number(get('qty'));
    return { code: get('code'), name: get('name'), category: row.querySelector('.category').value, quantity, priceFen, amountFen: quantity * priceFen };
  });
}

function updateTotal() {
  let total = 0;
  for (const row of $('#items').rows) {
    const qty = /^\d{1,6}$/.test(row.querySelector('.qty').value.trim()) ? Number(row.querySelector('.qty').value.trim()) : 0;
    const price = parseFen(row.querySelector('.price').value) ?? 0;
    row.querySelector('.amount').textContent = plain(qty * price);
    total += qty * price;
  }
  $('#bill-total').textContent = yuan(total);
}

function newBillNo() {
  const d = new Date();
  const day = `${d.getFullYear()}${String(d.getMonth() + 1).padStart(2, '0')}${String(d.getDate()).padStart(2, '0')}`;
  return `B${day}-${String(crypto.getRandomValues(new Uint32Array(1))[0] % 1000000).padStart(6, '0')}`;
}

function showBill(bill) {
  $('#bill-no').value = bill?.billNo ?? newBillNo();
  $('#bill-medtype').value = bill?.medType ?? 'OUTPATIENT';
  $('#items').replaceChildren();
  (bill?.items ?? []).forEach(addItem);
  updateTotal();
}

function sampleBill() {
  showBill({
    billNo: $('#bill-no').value || newBillNo(), medType: 'OUTPATIENT',
    items: [
      { code: 'X001', name: '阿莫西林胶囊', category: 'DRUG', quantity: 2, priceFen: 1175 },
      { code: 'E101', name: '口腔全景片', category: 'EXAM', quantity: 1, priceFen: 12000 },
      { code: 'T301', name: '根管治疗（磨牙）', category: 'TREATMENT', quantity: 1, priceFen: 86000 },
    ],
  });
}

async function submitBill() {
  $('#bill-error').textContent = '';
  try {
    const items = readItems();
    const bill = {
      billNo: $('#bill-no').value.trim(), medType: $('#bill-medtype').value, items,
      totalFen: items.reduce((sum, i) => sum + i.amountFen, 0),
    };
    await api('PUT', `/api/v1/windows/${state.terminal.windowId}/bill`, bill);
    state.bill = bill;
    state.payment = null;
    state.error = null;
    state.notice = null;
    if (state.session && state.session.billNo && state.session.billNo !== bill.billNo) state.session = null;
    render();
  } catch (e) {
    $('#bill-error').textContent = e.code ? `${e.code}: ${e.message}` : e.message;
  }
  focusScan();
}

async function loadPendingBill() {
  try {
    const bill = (await api('GET', `/api/v1/windows/${state.terminal.windowId}/bill`)).data;
    if (bill.billNo !== state.bill?.billNo) {
      state.payment = null;
      state.error = null;
    }
    state.bill = { billNo: bill.billNo, medType: bill.medType, items: bill.items, totalFen: bill.totalFen };
    showBill(state.bill);
    if (bill.from !== state.terminal.terminalId) state.notice = t('bill.received', { billNo: bill.billNo, from: bill.from });
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NO_PENDING_BILL')) throw e;
    if (!$('#bill-no').value) showBill(null);
  }
}

// ---------------------------------------------------------------- paying

async function onScan() {
  const raw = $('#scan').value.trim();
  $('#scan').value = '';
  if (!raw) return;
  if (state.busy) {
    flashHint(t('scan.busy'));
    return;
  }
  const p = state.payment;
  if (p && p.status === 'PENDING' && p.awaitingPaymentCode) {
    await pay(`/api/v1/payments/${p.paymentId}/codes`, { scannedCode: raw });
    return;
  }
  if (!state.bill || billDone()) {
    flashHint(t(state.bill ? 'scan.nextBill' : 'scan.needBill'));
    return;
  }
  const body = { ...state.bill, scannedCode: raw };
  if (sessionUsable()) body.nfcSessionId = state.session.sessionId;
  await pay('/api/v1/payments', body);
}

async function payWithTap() {
  if (!state.bill || !sessionUsable()) return;
  await pay('/api/v1/payments', { ...state.bill, nfcSessionId: state.session.sessionId });
}

/** The current bill has been paid (or paid and refunded): a further scan must not try it again. */
function billDone() {
  const p = state.payment;
  return !!p && !!state.bill && p.billNo === state.bill.billNo && ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(p.status);
}

function sessionUsable() {
  const s = state.session;
  return !!s && s.state === 'open' && s.expiresAt > Date.now() && (!s.billNo || s.billNo === state.bill?.billNo);
}

async function pay(path, body) {
  state.busy = true;
  state.error = null;
  const usedSession = body.nfcSessionId;
  render();
  try {
    const { status, data } = await api('POST', path, body, { 'Idempotency-Key': uuid() });
    if (usedSession && state.session?.sessionId === usedSession) state.session.state = 'used';
    state.payment = data;
    if (status === 202 && !data.awaitingPaymentCode) follow202(data.paymentId);
    if (data.status !== 'PENDING') await loadToday();
  } catch (e) {
    if (usedSession && ['NFC_SESSION_USED', 'NFC_SESSION_EXPIRED'].includes(e.code)) state.session.state = 'expired';
    state.error = e;
  } finally {
    state.busy = false;
    render();
    focusScan();
  }
}

/** A 202 is followed on the stream; this poll is the fallback if an event is lost. */
async function follow202(paymentId) {
  for (let i = 0; i < 90 && state.payment?.paymentId === paymentId && state.payment.status === 'PENDING'; i++) {
    await sleep(1000);
    if (state.payment?.paymentId !== paymentId) return;
    try {
      const p = (await api('GET', `/api/v1/payments/${paymentId}`)).data;
      if (p.status !== 'PENDING' || p.awaitingPaymentCode) {
        state.payment = p;
        render();
        loadToday();
        return;
      }
    } catch {
      // the stream or the next poll will tell
    }
  }
}

async function refund(payment) {
  if (!confirm(t('refund.confirm', { amount: yuan(payment.totalFen - (payment.refundedFen ?? 0)) }))) {
    focusScan();
    return;
  }
  try {
    const r = (await api('POST', `/api/v1/payments/${payment.paymentId}/refunds`, {}, { 'Idempotency-Key': uuid() })).data;
    state.notice = t('refund.done', { status: r.status, amount: yuan(r.amountFen) });
    const fresh = (await api('GET', `/api/v1/payments/${payment.paymentId}`)).data;
    if (state.payment?.paymentId === payment.paymentId) state.payment = fresh;
  } catch (e) {
    state.error = e;
  }
  await loadToday();
  render();
  focusScan();
}

/** The payment's electronic receipt (docs/finance.md §5): a link to its PDF to print, or where it stands. */
async function reprintInvoice(payment) {
  try {
    const v = (await api('GET', `/api/v1/payments/${payment.paymentId}/invoice`)).data;
    state.invoice = { paymentId: payment.paymentId, current: v.current };
    state.notice = v.current ? null : (v.status === 'PENDING' ? t('invoice.pending') : t('invoice.status', { status: v.status }));
  } catch (e) {
    state.invoice = null;
    state.notice = `${e.code}: ${e.message}`;
  }
  render();
}

async function loadToday() {
  if (!state.terminal) return;
  try {
    state.today = (await api('GET', `/api/v1/payments?windowId=${encodeURIComponent(state.terminal.windowId)}`)).data;
    renderToday();
  } catch {
    // shown stale until the next event
  }
}

// ---------------------------------------------------------------- the window's event stream

/**
 * Server-sent events over a signed fetch: EventSource cannot send the signature headers, and a
 * token in the URL would end up in logs. Reconnects with Last-Event-ID; a stream silent for longer
 * than three heartbeats is treated as dead.
 */
async function follow() {
  let backoff = 500;
  while (state.terminal) {
    const abort = new AbortController();
    let lastActivity = Date.now();
    const watchdog = setInterval(() => { if (Date.now() - lastActivity > 50_000) abort.abort(); }, 5000);
    try {
      const path = `/api/v1/windows/${encodeURIComponent(state.terminal.windowId)}/events`;
      const headers = { ...(await signedHeaders('GET', path, '')), Accept: 'text/event-stream' };
      if (state.lastEventId) headers['Last-Event-ID'] = state.lastEventId;
      const res = await fetch(path, { headers, signal: abort.signal, cache: 'no-store' });
      if (!res.ok) throw new Error(`stream ${res.status}`);
      setLive(true);
      backoff = 500;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        lastActivity = Date.now();
        buffer += value;
        let blank;
        while ((blank = /\r?\n\r?\n/.exec(buffer)) !== null) {
          dispatch(buffer.slice(0, blank.index));
          buffer = buffer.slice(blank.index + blank[0].length);
        }
      }
    } catch {
      // reconnect below
    } finally {
      clearInterval(watchdog);
    }
    setLive(false);
    await sleep(backoff);
    backoff = Math.min(backoff * 2, 10_000);
  }
}

function dispatch(block) {
  let id = null;
  let type = 'message';
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') type = value;
    else if (field === 'data') data.push(value);
  }
  if (id) state.lastEventId = id;
  if (data.length === 0) return;
  onEvent(type, JSON.parse(data.join('\n')));
}

function onEvent(type, e) {
  switch (type) {
    case 'ready':
      loadToday();
      break;
    case 'bill':
      if (e.from !== state.terminal.terminalId) loadPendingBill().then(render);
      break;
    case 'tap':
      state.session = {
        sessionId: e.sessionId, kind: e.kind, tagUid: e.tagUid, presentedKind: e.presentedKind, presented: e.presented,
        billNo: e.billNo, totalFen: e.totalFen, expiresAt: Date.parse(e.expiresAt) - state.clockOffsetMs, state: 'open',
      };
      if (e.presentedKind && e.billNo && e.billNo === state.bill?.billNo) {
        state.payment = null;
        state.error = null;
        state.notice = t('result.tapPaying');
      }
      break;
    case 'tap.refused':
      if (state.session?.sessionId === e.sessionId) {
        state.session.state = 'refused';
        state.session.refusal = `${e.code}: ${e.message}`;
      }
      break;
    case 'payment.pending':
    case 'payment.succeeded':
    case 'payment.failed':
      onPaymentEvent(type, e);
      break;
    default:
      break;
  }
  render();
}

function onPaymentEvent(type, e) {
  const mine = state.payment?.paymentId === e.paymentId || (state.bill && e.billNo === state.bill.billNo);
  if (mine) {
    if (state.session && state.session.state === 'open' && state.session.billNo === e.billNo) state.session.state = 'used';
    state.notice = null;
    const known = state.payment?.paymentId === e.paymentId ? state.payment : {};
    state.payment = {
      ...known, paymentId: e.paymentId, billNo: e.billNo, status: e.status, totalFen: e.totalFen,
      insurance: e.legs?.insurance ? { ...(known.insurance ?? {}), ...e.legs.insurance } : known.insurance ?? null,
      selfPay: e.legs?.selfPay ? { ...(known.selfPay ?? {}), ...e.legs.selfPay } : known.selfPay ?? null,
      awaitingPaymentCode: e.awaitingPaymentCode,
      failure: e.failureCode ? { code: e.failureCode, message: e.note } : null,
    };
    if (type !== 'payment.pending') {
      api('GET', `/api/v1/payments/${e.paymentId}`).then(({ data }) => {
        if (state.payment?.paymentId === data.paymentId) state.payment = data;
        render();
      }).catch(() => {});
    }
  }
  if (type !== 'payment.pending') loadToday();
}

// ---------------------------------------------------------------- rendering

function render() {
  if (!state.terminal) return;
  renderBillState();
  renderNfc();
  renderLegs();
  renderResult();
  renderHint();
  renderSlip();
}

function renderBillState() {
  $('#bill-state').textContent = state.bill ? t(billDone() ? 'bill.paid' : 'bill.pending', { billNo: state.bill.billNo }) : t('bill.none');
}

function renderNfc() {
  const s = state.session;
  const box = $('#nfc');
  if (s && s.state === 'open' && s.expiresAt <= Date.now()) s.state = 'expired';
  box.dataset.state = s ? s.state : 'idle';
  // A tap that found a pending bill paid it already; one that came before the bill waits for this button.
  $('#nfc-pay').hidden = !(s && s.state === 'open' && s.presentedKind && s.kind === 'PHONE' && !s.billNo && state.bill
    && !state.payment && !state.busy);
  if (!s) {
    $('#nfc-title').textContent = t('nfc.idle');
    $('#nfc-detail').textContent = '';
    return;
  }
  const kind = t(s.kind === 'CARD' ? 'nfc.card' : 'nfc.phone');
  const seconds = Math.max(0, Math.ceil((s.expiresAt - Date.now()) / 1000));
  const detail = (s.billNo ? t('nfc.bill', { billNo: s.billNo }) : '') + (s.presented ? t('nfc.presented', { presented: s.presented }) : '')
    + t('nfc.left', { tag: s.tagUid, seconds });
  switch (s.state) {
    case 'open':
      $('#nfc-title').textContent = t('nfc.open', { kind });
      $('#nfc-detail').textContent = detail;
      break;
    case 'used':
      $('#nfc-title').textContent = t('nfc.used');
      $('#nfc-detail').textContent = `${kind} · ${s.tagUid}`;
      break;
    case 'refused':
      $('#nfc-title').textContent = t('nfc.refused', { message: s.refusal });
      $('#nfc-detail').textContent = `${kind} · ${s.presented ?? s.tagUid}`;
      break;
    default:
      $('#nfc-title').textContent = t('nfc.expired');
      $('#nfc-detail').textContent = `${kind} · ${s.tagUid}`;
  }
}

function legState(p, leg) {
  if (!p) return ['none', ''];
  const final = p.status !== 'PENDING';
  const refunded = p.status === 'REFUNDED';
  if (leg === 'insurance') {
    if (!p.insurance) return final || p.selfPay ? ['none', t('leg.notNeeded')] : ['working', t('leg.presettling')];
    if (refunded) return ['none', t('leg.refunded')];
    if (p.status === 'SUCCEEDED' || p.status === 'PARTIALLY_REFUNDED') return ['done', t('leg.settled')];
    if (p.status === 'FAILED') return ['failed', t('leg.undone')];
    return p.awaitingPaymentCode ? ['waiting', t('leg.presettled')] : ['working', t('leg.settling')];
  }
  if (!p.selfPay) return p.insurance || final ? ['none', t('leg.notNeeded')] : ['working', t('leg.charging')];
  if (refunded) return ['none', t('leg.refunded')];
  if (p.status === 'SUCCEEDED' || p.status === 'PARTIALLY_REFUNDED') return ['done', t(p.selfPay.method === 'CREDIT' ? 'leg.onCredit' : 'leg.charged')];
  if (p.status === 'FAILED') return ['failed', t('leg.failed')];
  return p.awaitingPaymentCode ? ['waiting', t('leg.awaitingCode')] : ['working', t('leg.charging')];
}

function renderLegs() {
  const p = state.payment;
  const [insState, insText] = legState(p, 'insurance');
  $('#leg-insurance').dataset.state = insState;
  $('#leg-insurance-state').textContent = insText;
  $('#leg-fund-amount').textContent = yuan(p?.insurance?.fundPayFen);
  $('#leg-account-amount').textContent = yuan(p?.insurance?.accountPayFen);
  const [selfState, selfText] = legState(p, 'self');
  $('#leg-self').dataset.state = selfState;
  $('#leg-self-state').textContent = selfText;
  $('#leg-self-amount').textContent = yuan(p?.selfPay?.amountFen);
  $('#leg-self-method').textContent = p?.selfPay?.method ? t(`method.${p.selfPay.method}`) : '—';
  renderPooling(p?.insurance?.pooling);
  renderCommercial(p?.commercial);
  renderCredit(p);
}

// A credit leg (医后付): where the bill stands on the patient's line (docs/credit.md), read once per payment state.
const creditLegs = new Map();
function renderCredit(p) {
  const box = $('#leg-credit');
  const id = p?.selfPay?.method === 'CREDIT' && p.status !== 'PENDING' && p.status !== 'FAILED' ? p.selfPay.channelTradeNo : null;
  box.hidden = !id;
  if (!id) return;
  const key = `${id}:${p.status}:${p.refundedFen}`;
  const leg = creditLegs.get(key);
  if (!leg) {
    box.textContent = '…';
    creditLegs.set(key, 'loading');
    api('GET', `/api/v1/credit/consumptions/${encodeURIComponent(id)}`)
      .then(({ data }) => { creditLegs.set(key, data); if (state.payment?.selfPay?.channelTradeNo === id) renderCredit(state.payment); })
      .catch(() => creditLegs.delete(key));
    return;
  }
  if (leg === 'loading') return;
  const l = leg.line;
  const line = `${t('credit.line', { card: l.cardNo, available: yuan(l.availableFen), line: yuan(l.lineFen) })} · ${t(`credit.line.${l.status}`, { overdue: l.overdueCount })}`;
  const bill = t(`credit.bill.${leg.status}`, { batch: leg.batchDate, due: leg.dueDate, owed: yuan(leg.owedFen) }) + (leg.overdue ? ` · ${t('credit.bill.overdue')}` : '');
  box.textContent = `${line} · ${bill}`;
  box.dataset.status = leg.status;
}

// Why the fund paid what it paid (docs/api.md §6.1 insurance.pooling), in one line the cashier can read out.
function renderPooling(why) {
  const box = $('#leg-pooling');
  box.hidden = !why;
  if (!why) return;
  const parts = [why.eligibility ? t(`why.${why.eligibility}`) : null];
  if (why.hospitalLevel) parts.push(t('why.level', { level: t(`level.${why.hospitalLevel}`), ratio: why.ratioPercent ?? '—' }));
  if (why.eligibility === 'POOLED' && why.deductibleFen !== null) {
    parts.push(t('why.deductible', { std: yuan(why.deductibleFen), applied: yuan(why.deductibleAppliedFen), left: yuan(why.deductibleRemainingFen) }));
  }
  if (why.eligibility === 'POOLED' && why.annualCapFen !== null) {
    parts.push(t('why.cap', { cap: yuan(why.annualCapFen), used: yuan(why.annualCapUsedFen), left: yuan(why.annualCapRemainingFen) }));
  }
  if (why.notReimbursableFen) parts.push(t('why.excluded', { amount: yuan(why.notReimbursableFen) }));
  if (why.signing) parts.push(t(`sign.${why.signing}`));
  box.textContent = parts.filter(Boolean).join(' · ');
  box.title = why.platformNote ?? '';
}

// The commercial insurer's part (商保直付): insurer, claim number, amount and how the claim stands.
function renderCommercial(c) {
  const leg = $('#leg-commercial');
  leg.hidden = !c;
  if (!c) return;
  leg.dataset.state = { PAID: 'done', PENDING: 'working', DECLINED: 'failed', CANCELLED: 'none', NEEDS_REVIEW: 'failed', UNAVAILABLE: 'none' }[c.status] ?? 'none';
  $('#leg-commercial-insurer').textContent = c.insurer ?? '—';
  $('#leg-commercial-claim').textContent = c.claimNo ?? '';
  $('#leg-commercial-amount').textContent = yuan(c.amountFen);
  $('#leg-commercial-state').textContent = t(`commercial.${c.status}`);
}

function renderResult() {
  const p = state.payment;
  const box = $('#result');
  let status = '';
  let title = '';
  let detail = state.notice ?? '';
  if (state.error) {
    status = 'ERROR';
    title = t('status.ERROR');
    detail = `${state.error.code ?? ''}${state.error.code ? ': ' : ''}${state.error.message}`;
  } else if (p) {
    status = p.status;
    title = p.status === 'PENDING' && p.awaitingPaymentCode ? t('status.AWAITING') : t(`status.${p.status}`);
    detail = p.status === 'PENDING' && p.awaitingPaymentCode
      ? t('result.awaiting', { amount: yuan(p.selfPay?.amountFen) })
      : (p.failure ? `${p.failure.code}: ${p.failure.message ?? ''} · ` : '') + t('result.detail', { billNo: p.billNo, paymentId: p.paymentId })
        + (state.notice ? ` · ${state.notice}` : '');
  } else if (state.busy) {
    status = 'PENDING';
    title = t('status.PENDING');
  } else if (state.notice) {
    status = 'PENDING';
    title = t('status.PENDING');
  }
  box.dataset.status = status;
  $('#result-status').textContent = title;
  $('#result-detail').textContent = detail;
  const paid = p && (p.status === 'SUCCEEDED' || p.status === 'PARTIALLY_REFUNDED') && !state.error;
  $('#print').hidden = !(p && p.status === 'SUCCEEDED' && !state.error);
  $('#refund').hidden = !paid;
  $('#invoice').hidden = !(p && ['SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED'].includes(p.status) && !state.error);
  const receipt = p && state.invoice?.paymentId === p.paymentId ? state.invoice.current : null;
  const link = $('#invoice-pdf');
  link.hidden = !receipt;
  if (receipt) {
    link.href = receipt.pdfUrl;
    link.textContent = t('invoice.open', { code: receipt.invoiceCode, no: receipt.invoiceNo });
  }
}

function renderHint() {
  const p = state.payment;
  let hint;
  if (p && p.status === 'PENDING' && p.awaitingPaymentCode) hint = t('scan.code', { amount: yuan(p.selfPay?.amountFen) });
  else if (!state.bill) hint = t('scan.needBill');
  else if (billDone()) hint = t('scan.nextBill');
  else if (sessionUsable()) hint = t('scan.session', { billNo: state.bill.billNo, total: yuan(state.bill.totalFen) });
  else hint = t('scan.pay', { billNo: state.bill.billNo, total: yuan(state.bill.totalFen) });
  $('#scan-hint').textContent = hint;
}

function renderSlip() {
  const p = state.payment;
  if (!p || p.status !== 'SUCCEEDED') return;
  const bill = state.bill?.billNo === p.billNo ? state.bill : null;
  $('#slip-window').textContent = `${state.terminal.windowId} (${state.terminal.terminalId})`;
  $('#slip-bill').textContent = p.billNo;
  $('#slip-payment').textContent = p.paymentId;
  $('#slip-time').textContent = p.completedAt ? new Date(p.completedAt).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB') : '';
  $('#slip-items').replaceChildren(...(bill?.items ?? []).map((i) => {
    const row = document.createElement('tr');
    for (const [text, num] of [[i.name, false], [String(i.quantity), true], [plain(i.priceFen), true], [plain(i.amountFen), true]]) {
      const td = document.createElement('td');
      td.textContent = text;
      if (num) td.className = 'num';
      row.append(td);
    }
    return row;
  }));
  $('#slip-total').textContent = yuan(p.totalFen);
  $('#slip-fund').textContent = yuan(p.insurance?.fundPayFen ?? 0);
  $('#slip-account').textContent = yuan(p.insurance?.accountPayFen ?? 0);
  $('#slip-self').textContent = yuan(p.selfPay?.amountFen ?? 0);
  $('#slip-channel').textContent = p.selfPay ? `${t(`method.${p.selfPay.method}`)} ${p.selfPay.channelTradeNo ?? ''}` : '—';
  $('#slip-settlement').textContent = p.insurance?.settlementId ?? '—';
}

function renderToday() {
  const rows = state.today.map((p) => {
    const tr = document.createElement('tr');
    tr.dataset.paymentId = p.paymentId;
    const time = new Date(p.createdAt).toLocaleTimeString(lang === 'zh' ? 'zh-CN' : 'en-GB', { hour12: false });
    const self = p.selfPay ? `${yuan(p.selfPay.amountFen)} ${p.selfPay.method ? t(`method.${p.selfPay.method}`) : ''}` : '—';
    const cells = [[time], [p.billNo], [yuan(p.totalFen), 'num'], [yuan(p.insurance?.fundPayFen), 'num'],
      [yuan(p.insurance?.accountPayFen), 'num'], [self, 'num'], [p.awaitingPaymentCode ? t('status.AWAITING') : t(`status.${p.status}`), `status-${p.status}`]];
    for (const [text, cls] of cells) {
      const td = document.createElement('td');
      td.textContent = text;
      if (cls) td.className = cls;
      tr.append(td);
    }
    const action = document.createElement('td');
    if (p.status === 'SUCCEEDED' || p.status === 'PARTIALLY_REFUNDED') {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'danger';
      b.textContent = t('result.refund');
      b.addEventListener('click', () => refund(p));
      action.append(b);
    }
    tr.append(action);
    return tr;
  });
  $('#today').replaceChildren(...rows);
  const paid = state.today.filter((p) => p.status === 'SUCCEEDED');
  $('#today-sum').textContent = t('today.sum', { count: paid.length, amount: yuan(paid.reduce((s, p) => s + p.totalFen, 0)) });
}

function setLive(live) {
  state.live = live;
  $('#live').classList.toggle('on', live);
  $('#live').classList.toggle('off', !live);
  $('#live-text').dataset.i18n = live ? 'live.on' : 'live.off';
  $('#live-text').textContent = t(live ? 'live.on' : 'live.off');
}

function flashHint(text) {
  $('#scan-hint').textContent = text;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------- focus: the scan field owns the keyboard

function focusScan() {
  if (!$('#desk').hidden) $('#scan').focus({ preventScroll: true });
}

/** Editing the bill keeps the focus; anything else gives it back to the scan field, where scanners type. */
function keepsFocus(el) {
  return !!el && (el.closest('.bill') !== null || el.closest('.signin') !== null || el.closest('.stay') !== null);
}

// ---------------------------------------------------------------- wiring

function wire() {
  $('#signin-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('#signin-error').textContent = '';
    try {
      await signIn($('#signin-id').value.trim(), $('#signin-secret').value);
    } catch (e) {
      state.terminal = null;
      $('#signin-error').textContent = e.code ? `${e.code}: ${e.message}` : e.message;
    }
  });
  $('#signout').addEventListener('click', signOut);
  $('#lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('hospay.lang', lang);
    applyLanguage();
    renderToday();
    focusScan();
  });
  $('#item-add').addEventListener('click', () => addItem());
  $('#bill-sample').addEventListener('click', sampleBill);
  $('#bill-new').addEventListener('click', () => {
    showBill(null);
    addItem();
  });
  $('#bill-submit').addEventListener('click', submitBill);
  $('#scan').addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      onScan();
    }
  });
  $('#scan').addEventListener('blur', (ev) => {
    if (!keepsFocus(ev.relatedTarget)) setTimeout(() => { if (!keepsFocus(document.activeElement)) focusScan(); }, 0);
  });
  document.addEventListener('keydown', (ev) => {
    if (document.activeElement === document.body && ev.key.length === 1) focusScan();
  });
  $('#nfc-pay').addEventListener('click', payWithTap);
  $('#print').addEventListener('click', () => {
    renderSlip();
    window.print();
    focusScan();
  });
  $('#refund').addEventListener('click', () => state.payment && refund(state.payment));
  $('#invoice').addEventListener('click', () => state.payment && reprintInvoice(state.payment));
  setInterval(() => { if (state.session?.state === 'open') render(); }, 1000);
}

wire();
applyLanguage();
showBill(null);
const saved = JSON.parse(sessionStorage.getItem('hospay.terminal') ?? 'null');
if (saved) {
  signIn(saved.terminalId, saved.secret).catch((e) => {
    state.terminal = null;
    $('#signin-error').textContent = e.message;
  });
}

// The inpatient view (inpatient.js) signs its calls with this console's terminal.
export { api, yuan };
