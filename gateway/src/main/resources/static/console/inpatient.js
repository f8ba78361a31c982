// hospay console: the inpatient view (docs/api.md §13). A stay looked up by its id: admission, deposits and
// their channels, the balance, the discharge settlement slip and each deposit refund. Money is integer fen,
// formatted as yuan only for display; every value from the gateway goes into the page as text, never as HTML.

import { api, yuan } from './console.js';

const $ = (sel) => document.querySelector(sel);

const TEXT = {
  zh: {
    'status.ADMITTED': '在院', 'status.DISCHARGING': '出院结算中', 'status.DISCHARGED': '已出院',
    'stage.STAYING': '', 'stage.REFUNDING': '退还预交金中', 'stage.COLLECTING': '待补缴', 'stage.DONE': '', 'stage.SETTLING': '结算中',
    'kind.DEPOSIT': '预交金', 'kind.SHORTFALL': '出院补缴', 'reason.DISCHARGE': '出院退款', 'reason.WITHDRAWAL': '在院退款',
    'refund.SUCCEEDED': '已退', 'refund.PENDING': '退款中', 'refund.NEEDS_REVIEW': '待财务处理',
    'pay.SUCCEEDED': '成功', 'pay.PENDING': '处理中', 'pay.PROCESSING': '处理中', 'pay.RECEIVED': '处理中', 'pay.FAILED': '失败',
    'pay.REFUNDED': '已退', 'pay.PARTIALLY_REFUNDED': '部分退',
    'method.WECHAT': '微信', 'method.ALIPAY': '支付宝', 'method.UNIONPAY': '银联', 'method.FAMILY_PROXY': '亲情代付',
    bed: '{ward} 病区 {bed} 床', notFound: '没有这个住院登记',
  },
  en: {
    'status.ADMITTED': 'In hospital', 'status.DISCHARGING': 'Discharging', 'status.DISCHARGED': 'Discharged',
    'stage.STAYING': '', 'stage.REFUNDING': 'refunding deposits', 'stage.COLLECTING': 'shortfall due', 'stage.DONE': '', 'stage.SETTLING': 'settling',
    'kind.DEPOSIT': 'Deposit', 'kind.SHORTFALL': 'Shortfall', 'reason.DISCHARGE': 'Discharge refund', 'reason.WITHDRAWAL': 'Withdrawal',
    'refund.SUCCEEDED': 'Refunded', 'refund.PENDING': 'Refunding', 'refund.NEEDS_REVIEW': 'With finance',
    'pay.SUCCEEDED': 'Paid', 'pay.PENDING': 'In progress', 'pay.PROCESSING': 'In progress', 'pay.RECEIVED': 'In progress', 'pay.FAILED': 'Failed',
    'pay.REFUNDED': 'Refunded', 'pay.PARTIALLY_REFUNDED': 'Partly refunded',
    'method.WECHAT': 'WeChat', 'method.ALIPAY': 'Alipay', 'method.UNIONPAY': 'UnionPay', 'method.FAMILY_PROXY': 'Family proxy',
    bed: 'ward {ward} bed {bed}', notFound: 'No such stay',
  },
};

function t(key, params = {}) {
  const lang = document.documentElement.lang === 'en' ? 'en' : 'zh';
  const text = TEXT[lang][key] ?? TEXT.zh[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => params[name] ?? '');
}

function cell(row, text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  row.appendChild(td);
}

function render(stay) {
  $('#stay-view').hidden = false;
  const stage = t(`stage.${stay.stage}`);
  $('#stay-state').textContent = t(`status.${stay.status}`) + (stage ? ` · ${stage}` : '');
  $('#stay-state').dataset.status = stay.status;
  $('#stay-admission').textContent = stay.admissionNo;
  $('#stay-patient').textContent = stay.patient;
  $('#stay-bed').textContent = t('bed', { ward: stay.ward ?? '—', bed: stay.bed ?? '—' });
  $('#stay-fees').textContent = yuan(stay.feesFen);
  $('#stay-deposits-sum').textContent = yuan(stay.depositsFen);
  $('#stay-refunded').textContent = yuan(stay.refundedFen + stay.refundingFen);
  $('#stay-balance').textContent = yuan(stay.balanceFen);
  const deposits = $('#stay-deposits');
  deposits.replaceChildren();
  for (const d of stay.deposits) {
    const tr = document.createElement('tr');
    cell(tr, new Date(d.createdAt).toLocaleString());
    cell(tr, t(`kind.${d.kind}`));
    cell(tr, d.method ? t(`method.${d.method}`) : '—');
    cell(tr, yuan(d.amountFen), 'num');
    cell(tr, t(`pay.${d.status}`));
    deposits.appendChild(tr);
  }
  const slip = stay.settlement;
  $('#stay-slip').hidden = !slip;
  if (slip) {
    $('#stay-slip-total').textContent = yuan(slip.totalFen);
    $('#stay-slip-fund').textContent = yuan(slip.fundPayFen);
    $('#stay-slip-account').textContent = yuan(slip.accountPayFen);
    $('#stay-slip-self').textContent = yuan(slip.selfPayFen);
    $('#stay-slip-held').textContent = yuan(slip.depositsFen);
    $('#stay-slip-refund').textContent = yuan(slip.refundFen);
    $('#stay-slip-shortfall').textContent = yuan(slip.shortfallFen);
  }
  const refunds = $('#stay-refunds');
  refunds.replaceChildren();
  for (const r of stay.refunds) {
    const deposit = stay.deposits.find((d) => d.depositId === r.depositId);
    const tr = document.createElement('tr');
    cell(tr, t(`reason.${r.reason}`));
    cell(tr, deposit?.method ? t(`method.${deposit.method}`) : '—');
    cell(tr, yuan(r.amountFen), 'num');
    cell(tr, t(`refund.${r.status}`));
    refunds.appendChild(tr);
  }
  $('#stay-refunds-table').hidden = stay.refunds.length === 0;
}

async function load() {
  const id = $('#stay-id').value.trim();
  $('#stay-error').textContent = '';
  if (!id) return;
  try {
    const { data } = await api('GET', `/api/v1/inpatient/stays/${encodeURIComponent(id)}`);
    render(data);
  } catch (e) {
    $('#stay-view').hidden = true;
    $('#stay-state').textContent = '';
    $('#stay-error').textContent = e.status === 404 ? t('notFound') : e.message;
  }
}

$('#stay-load').addEventListener('click', load);
$('#stay-id').addEventListener('keydown', (ev) => { if (ev.key === 'Enter') load(); });
