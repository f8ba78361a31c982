// hospay finance office page (docs/finance.md): reconciliation by day and counterparty, the review worklist with
// its actions, the window shift close, invoice reprint. No framework, no build: every call is signed in the browser
// with Web Crypto like a terminal's (docs/api.md §3), as the cashier console does.

const $ = (s) => document.querySelector(s);
const enc = new TextEncoder();
const state = { id: null, key: null, operator: null, offsetMs: 0 };

const hex = (b) => Array.from(new Uint8Array(b), (x) => x.toString(16).padStart(2, '0')).join('');
const yuan = (fen) => (fen === null || fen === undefined ? '—' : (fen < 0 ? '-' : '') + '¥' + Math.floor(Math.abs(fen) / 100) + '.'
  + String(Math.abs(fen) % 100).padStart(2, '0'));

async function headers(method, path, body) {
  const ts = String(Math.floor((Date.now() + state.offsetMs) / 1000));
  const nonce = crypto.randomUUID ? crypto.randomUUID() : hex(crypto.getRandomValues(new Uint8Array(16)));
  let canonical = `${method}\n${path}\n${ts}\n${nonce}\n${hex(await crypto.subtle.digest('SHA-256', enc.encode(body)))}`;
  const h = { 'X-Terminal-Id': state.id, 'X-Timestamp': ts, 'X-Nonce': nonce };
  if (state.operator) { canonical += `\n${state.operator}`; h['X-Operator-Id'] = state.operator; }
  h['X-Signature'] = hex(await crypto.subtle.sign('HMAC', state.key, enc.encode(canonical)));
  return h;
}

async function api(method, path, body, raw = false) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const h = await headers(method, path.split('?')[0], text);
  if (text) h['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers: h, body: text || undefined, cache: 'no-store' });
  if (raw && res.ok) return res.text();
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${data?.error?.code ?? res.status}: ${data?.error?.message ?? res.statusText}`);
  return data;
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    if (c instanceof Node) td.append(c); else td.textContent = c ?? '';
    tr.append(td);
  }
  return tr;
}

function fill(table, rows) {
  const body = $(`${table} tbody`);
  body.replaceChildren(...rows);
}

async function guarded(work) {
  $('#error').textContent = '';
  try { await work(); } catch (e) { $('#error').textContent = e.message; }
}

function showDay(view) {
  fill('#runs', view.runs.map((r) => row([r.counterparty, r.status, r.theirLines, r.ourRecords, r.matched, r.differences, r.openDifferences, r.detail])));
  const diffs = view.differences.map((d) => {
    const tr = row([d.counterparty, d.ref, d.kind, yuan(d.ourFen), yuan(d.theirFen), d.status, d.resolution]);
    tr.className = d.status === 'OPEN' ? 'open' : 'resolved';
    return tr;
  });
  fill('#differences', diffs);
}

async function loadDay() {
  showDay(await api('GET', `/api/v1/finance/reconciliations?day=${$('#recon-day').value}`));
}

async function reconcile() {
  $('#recon-run').disabled = true;
  try { showDay(await api('POST', '/api/v1/finance/reconciliations', { day: $('#recon-day').value, counterparties: [] })); }
  finally { $('#recon-run').disabled = false; }
  await loadWorklist();
}

async function loadWorklist() {
  const { items } = await api('GET', '/api/v1/finance/worklist');
  fill('#worklist', items.map((i) => {
    const note = document.createElement('input');
    note.className = 'note';
    note.maxLength = 500;
    note.placeholder = '原因 why';
    const actions = document.createElement('span');
    for (const [action, label] of [['RETRY', '重试 Retry'], ['RESOLVE', '已处理 Resolve'], ['REFUND', '退款 Refund']]) {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = action === 'RESOLVE' ? 'primary' : 'ghost';
      b.textContent = label;
      b.dataset.action = action;
      b.dataset.item = i.item;
      b.addEventListener('click', () => guarded(async () => {
        const r = await api('POST', `/api/v1/finance/worklist/${encodeURIComponent(i.item)}/actions`, { action, note: note.value || null });
        $('#error').textContent = `${r.item}: ${r.action} → ${r.outcome}`;
        await loadWorklist();
      }));
      actions.append(b);
    }
    return row([i.item, i.kind, i.counterparty, yuan(i.ourFen), yuan(i.theirFen), i.detail, note, actions]);
  }));
}

const METHODS = ['FUND', 'ACCOUNT', 'WECHAT', 'ALIPAY', 'UNIONPAY', 'FAMILY_PROXY', 'CREDIT', 'COMMERCIAL'];

async function loadShift() {
  const { lines } = await api('GET', `/api/v1/finance/shift-close?day=${$('#recon-day').value}`);
  fill('#shift', lines.map((l) => row([l.windowId, l.operatorId, l.payments, yuan(l.totalFen),
    ...METHODS.map((m) => yuan(l.byMethodFen[m] ?? 0)), l.refunds, yuan(l.refundedFen)])));
}

async function exportShift() {
  const csv = await api('GET', `/api/v1/finance/shift-close?day=${$('#recon-day').value}&format=csv`, undefined, true);
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
  a.download = `shift-close-${$('#recon-day').value}.csv`;
  a.click();
}

async function findInvoice() {
  const v = await api('GET', `/api/v1/payments/${encodeURIComponent($('#invoice-payment').value.trim())}/invoice`);
  const p = $('#invoice-result');
  p.replaceChildren();
  if (!v.current) { p.textContent = `${v.status}`; return; }
  const c = v.current;
  p.textContent = `${v.status} · ${c.invoiceCode} ${c.invoiceNo} · 校验码 ${c.checkCode} · ${yuan(c.amountFen)} `;
  const pdf = document.createElement('a');
  pdf.href = c.pdfUrl; pdf.target = '_blank'; pdf.rel = 'noopener'; pdf.textContent = '打印 PDF';
  const verify = document.createElement('a');
  verify.href = c.verifyUrl; verify.target = '_blank'; verify.rel = 'noopener'; verify.textContent = ' 查验 Verify';
  p.append(pdf, verify);
}

async function signIn(id, secret, operator) {
  state.key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  state.id = id;
  state.operator = operator || null;
  const res = await fetch('/console/', { cache: 'no-store' });
  const date = Date.parse(res.headers.get('Date') ?? '');
  if (!Number.isNaN(date)) state.offsetMs = date - Date.now();
  const me = await api('GET', '/api/v1/terminals/me');
  if (me.kind !== 'FINANCE') throw new Error(`${id} is a ${me.kind} terminal, not the finance office's`);
  sessionStorage.setItem('hospay.finance', JSON.stringify({ id, secret, operator }));
  $('#signin').hidden = true;
  $('#desk').hidden = false;
  $('#who').hidden = false;
  $('#signout').hidden = false;
  $('#who-terminal').textContent = `${me.terminalId}${state.operator ? ' · ' + state.operator : ''}`;
  const yesterday = new Date(Date.now() + 8 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  $('#recon-day').value = $('#recon-day').value || yesterday;
  await Promise.all([loadDay(), loadWorklist(), loadShift()]);
}

document.addEventListener('DOMContentLoaded', () => {
  $('#signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    $('#signin-error').textContent = '';
    signIn($('#signin-id').value.trim(), $('#signin-secret').value, $('#signin-operator').value.trim())
      .catch((err) => { $('#signin-error').textContent = err.message; });
  });
  $('#signout').addEventListener('click', () => { sessionStorage.removeItem('hospay.finance'); location.reload(); });
  $('#recon-form').addEventListener('submit', (e) => { e.preventDefault(); guarded(reconcile); });
  $('#recon-load').addEventListener('click', () => guarded(async () => { await loadDay(); await loadShift(); }));
  $('#work-load').addEventListener('click', () => guarded(loadWorklist));
  $('#close-load').addEventListener('click', () => guarded(loadShift));
  $('#close-csv').addEventListener('click', () => guarded(exportShift));
  $('#invoice-form').addEventListener('submit', (e) => { e.preventDefault(); guarded(findInvoice); });
  const saved = JSON.parse(sessionStorage.getItem('hospay.finance') ?? 'null');
  if (saved) signIn(saved.id, saved.secret, saved.operator).catch(() => sessionStorage.removeItem('hospay.finance'));
});
