package org.hospay.simulator.alipay;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.alipay.AlipayMapping;
import org.hospay.channels.alipay.AlipayProtocol;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.wallet.Reply;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Alipay's side of the money: trades, refunds, cancels and withholding agreements, in memory, booked
 * in the ledger (channel ALIPAY: CHARGE or WITHHOLD under the order number, REFUND under the
 * {@code out_request_no} with the order as reference, REVERSAL under the order number).
 *
 * <p>Idempotent like Alipay: the same {@code out_trade_no} with the same content never pays twice
 * (ACQ.TRADE_HAS_SUCCESS, or 10003 again while the buyer types), with other content it is
 * ACQ.CONTEXT_INCONSISTENT; the same {@code out_request_no} refunds once (another amount under it is
 * ACQ.DISCORDANT_REPEAT_REQUEST); refunds never exceed the charge; a cancel after payment returns
 * the money. A cancel while the buyer is still confirming answers {@code retry_flag=Y} once (Alipay
 * is still tearing the payment down), then closes the trade.
 *
 * <p>Methods decide the answer under the instance lock and return quickly; signing, latency and
 * delivery are the controller's.
 */
@Component
public class AlipaySim {

    static final String CHANNEL = Channel.ALIPAY.name();
    /** DEMO merchant partner id (what bills are named after). */
    static final String PID = "2088000000000001";
    private static final Pattern ALIPAY_CODE = Pattern.compile("(2[5-9]|30)\\d{14,22}");
    private static final Duration CANCEL_WINDOW = Duration.ofDays(1);
    private static final JsonMapper JSON = AlipayProtocol.JSON;

    private final Wallets wallets;
    private final Ledger ledger;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Trade> trades = new HashMap<>();
    private final Map<String, Agreement> agreements = new HashMap<>();
    private final Map<String, String> agreementByExternalNo = new HashMap<>();
    private final Map<String, LocalDate> billFiles = new HashMap<>();

    public AlipaySim(Wallets wallets, Ledger ledger, Clock clock) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.clock = clock;
    }

    enum Status { WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_CLOSED }

    /** Why a closed trade is closed. */
    enum Closed { PAYMENT_FAILED, CANCELLED_UNPAID, CANCELLED_REFUNDED, FULLY_REFUNDED }

    record RefundRecord(String outRequestNo, long fen, Instant at) {}

    static final class Trade {
        final String outTradeNo, tradeNo, subject, terminalId, fingerprint, ledgerType;
        final long amountFen;
        final Wallet wallet;
        final Instant createdAt;
        Status status = Status.WAIT_BUYER_PAY;
        Closed closed;
        int queriesLeft;
        boolean neverPays;
        boolean cancelAsked;
        Instant paidAt;
        long refundedFen;
        final Map<String, RefundRecord> refunds = new LinkedHashMap<>();

        Trade(String outTradeNo, String tradeNo, String subject, String terminalId, String fingerprint, String ledgerType,
              long amountFen, Wallet wallet, Instant createdAt) {
            this.outTradeNo = outTradeNo;
            this.tradeNo = tradeNo;
            this.subject = subject;
            this.terminalId = terminalId;
            this.fingerprint = fingerprint;
            this.ledgerType = ledgerType;
            this.amountFen = amountFen;
            this.wallet = wallet;
            this.createdAt = createdAt;
        }

        boolean paid() {
            return paidAt != null;
        }

        String ledgerState() {
            return switch (status) {
                case WAIT_BUYER_PAY -> "USERPAYING";
                case TRADE_SUCCESS -> "SUCCESS";
                case TRADE_CLOSED -> switch (closed) {
                    case PAYMENT_FAILED -> "FAILED";
                    case CANCELLED_UNPAID -> "CLOSED";
                    case CANCELLED_REFUNDED -> "REVERSED";
                    case FULLY_REFUNDED -> "SUCCESS";
                };
            };
        }
    }

    /** A withholding agreement the payer signed in the (simulated) Alipay app. */
    static final class Agreement {
        final String agreementNo, externalAgreementNo, alipayUserId, walletId;
        final URI notifyUrl;
        final Long singleLimitFen;
        final Instant signTime;
        String status = "NORMAL";

        Agreement(String agreementNo, String externalAgreementNo, String alipayUserId, String walletId, URI notifyUrl,
                  Long singleLimitFen, Instant signTime) {
            this.agreementNo = agreementNo;
            this.externalAgreementNo = externalAgreementNo;
            this.alipayUserId = alipayUserId;
            this.walletId = walletId;
            this.notifyUrl = notifyUrl;
            this.singleLimitFen = singleLimitFen;
            this.signTime = signTime;
        }
    }

    /** An agreement as the notifications and the sign endpoint show it (a copy, readable outside the lock). */
    record AgreementView(String agreementNo, String externalAgreementNo, String alipayUserId, String status,
                         Instant signTime, URI notifyUrl) {}

    // ------------------------------------------------------------------ alipay.trade.pay

    synchronized Reply pay(JsonNode biz) {
        String outTradeNo = text(biz, "out_trade_no");
        if (outTradeNo.isEmpty() || outTradeNo.length() > 64) return failed("ACQ.INVALID_PARAMETER", "out_trade_no 无效");
        Optional<Long> fen = fen(text(biz, "total_amount"));
        if (fen.isEmpty()) return failed("ACQ.INVALID_PARAMETER", "total_amount 须为精确到分的元金额");
        if (fen.get() < 1 || fen.get() > 10_000_000_000L) return failed("ACQ.TOTAL_FEE_EXCEED", "订单总金额超过限额");
        String productCode = text(biz, "product_code");
        boolean withholding = AlipayMapping.WITHHOLDING.equals(productCode);
        if (!withholding && !productCode.isEmpty() && !AlipayMapping.FACE_TO_FACE.equals(productCode))
            return failed("ACQ.ACCESS_FORBIDDEN", "无权限使用接口: " + productCode);
        String agreementNo = biz.path("agreement_params").path("agreement_no").asString("");
        String authCode = text(biz, "auth_code");
        String fingerprint = productCode + '|' + fen.get() + '|' + (withholding ? agreementNo : authCode);

        Trade existing = trades.get(outTradeNo);
        if (existing != null) {
            if (!existing.fingerprint.equals(fingerprint)) return failed("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改");
            return switch (existing.status) {
                case TRADE_SUCCESS -> failed("ACQ.TRADE_HAS_SUCCESS", "交易已被支付");
                case WAIT_BUYER_PAY -> paying(existing);
                case TRADE_CLOSED -> failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
            };
        }
        return withholding ? withhold(biz, outTradeNo, fen.get(), agreementNo, fingerprint)
                : barCode(biz, outTradeNo, fen.get(), authCode, fingerprint);
    }

    private Reply barCode(JsonNode biz, String outTradeNo, long fen, String authCode, String fingerprint) {
        if (!"bar_code".equals(text(biz, "scene"))) return failed("ACQ.INVALID_PARAMETER", "scene 须为 bar_code");
        if (!ALIPAY_CODE.matcher(authCode).matches()) return codeProblem(outTradeNo, "SOUNDWAVE_PARSER_FAIL");
        Wallets.Resolution r = wallets.claim(authCode, outTradeNo);
        if (!r.usable()) {
            return switch (r.problem()) {
                case UNKNOWN -> codeProblem(outTradeNo, "SOUNDWAVE_PARSER_FAIL");
                case EXPIRED -> codeProblem(outTradeNo, "AUTH_CODE_EXPIRED");
                case USED -> codeProblem(outTradeNo, "AUTH_CODE_USED");
            };
        }
        Wallet w = r.wallet();
        if (!CHANNEL.equals(w.channel())) return codeProblem(outTradeNo, "SOUNDWAVE_PARSER_FAIL");
        Trade t = new Trade(outTradeNo, newTradeNo(), text(biz, "subject"), text(biz, "terminal_id"), fingerprint, "CHARGE",
                fen, w, clock.instant());
        return switch (w.behavior()) {
            case OK -> settleNow(t);
            case SLOW -> settleNow(t).after(Duration.ofMillis(w.script().slowMs()));
            case PASSWORD_REQUIRED -> {
                t.queriesLeft = w.script().queriesUntilPaid();
                yield open(t);
            }
            case PASSWORD_NEVER -> {
                t.neverPays = true;
                yield open(t);
            }
            case INSUFFICIENT -> declinedCharge(t, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足");
            case EXPIRED -> codeProblem(outTradeNo, "AUTH_CODE_EXPIRED");
            case ERROR -> unclear(t).as(Reply.Delivery.ANSWER);
            case HANG -> unclear(t).as(Reply.Delivery.NEVER);
            case SERVER_ERROR -> unclear(t).as(Reply.Delivery.HTTP_500);
        };
    }

    private Reply withhold(JsonNode biz, String outTradeNo, long fen, String agreementNo, String fingerprint) {
        Agreement a = agreements.get(agreementNo);
        if (a == null || "UNSIGN".equals(a.status)) return failed("ACQ.AGREEMENT_NOT_EXIST", "用户协议不存在或已解约");
        if (!"NORMAL".equals(a.status)) return failed("ACQ.AGREEMENT_STATUS_NOT_NORMAL", "用户协议状态非NORMAL");
        if (a.singleLimitFen != null && fen > a.singleLimitFen)
            return failed("ACQ.CYCLE_PAY_SINGLE_FEE_EXCEED", "商家扣款的单笔金额超过签约时限制");
        Optional<Wallet> wallet = wallets.wallet(a.walletId);
        if (wallet.isEmpty()) return failed("ACQ.AGREEMENT_INVALID", "用户协议失效");
        Wallet w = wallet.get();
        Trade t = new Trade(outTradeNo, newTradeNo(), text(biz, "subject"), "", fingerprint, "WITHHOLD", fen, w, clock.instant());
        // no code and no password in withholding: the scripts that model the customer at the till pay at once
        return switch (w.behavior()) {
            case OK, PASSWORD_REQUIRED, PASSWORD_NEVER, EXPIRED -> settleNow(t);
            case SLOW -> settleNow(t).after(Duration.ofMillis(w.script().slowMs()));
            case INSUFFICIENT -> declinedCharge(t, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足");
            case ERROR -> unclear(t).as(Reply.Delivery.ANSWER);
            case HANG -> unclear(t).as(Reply.Delivery.NEVER);
            case SERVER_ERROR -> unclear(t).as(Reply.Delivery.HTTP_500);
        };
    }

    /** Debits now: paid (10000) or, without the funds, declined with no trade left behind. */
    private Reply settleNow(Trade t) {
        if (!t.wallet.debit(t.amountFen)) return declinedCharge(t, "ACQ.BUYER_BALANCE_NOT_ENOUGH", "买家余额不足");
        t.paidAt = clock.instant();
        t.status = Status.TRADE_SUCCESS;
        trades.put(t.outTradeNo, t);
        book(t, true);
        ObjectNode o = tradeFields(ok(), t).put("gmt_payment", AlipayProtocol.format(t.paidAt));
        o.putArray("fund_bill_list").addObject().put("fund_channel", "ALIPAYACCOUNT").put("amount", yuan(t.amountFen));
        return Reply.answer(o);
    }

    /** The buyer must confirm: 10003, and the trade waits. */
    private Reply open(Trade t) {
        trades.put(t.outTradeNo, t);
        book(t, true);
        return paying(t);
    }

    /** ERROR / HANG / SERVER_ERROR: the trade ends as scripted, the answer says nothing about it. */
    private Reply unclear(Trade t) {
        if (t.wallet.script().thenState() == Wallet.Then.SUCCESS && t.wallet.debit(t.amountFen)) {
            t.paidAt = clock.instant();
            t.status = Status.TRADE_SUCCESS;
        } else {
            close(t, Closed.PAYMENT_FAILED);
        }
        trades.put(t.outTradeNo, t);
        book(t, false);
        return Reply.answer(unavailableBody());
    }

    private Reply declinedCharge(Trade t, String subCode, String subMsg) {
        ledger.bookIfAbsent(CHANNEL, t.ledgerType, t.outTradeNo, null, 0, "FAILED", t.wallet.accountId());
        ledger.answer(CHANNEL, t.ledgerType, t.outTradeNo, "FAILED");
        return failed(subCode, subMsg).with("out_trade_no", t.outTradeNo);
    }

    private Reply codeProblem(String outTradeNo, String reason) {
        ledger.bookIfAbsent(CHANNEL, "CHARGE", outTradeNo, null, 0, "FAILED", "");
        ledger.answer(CHANNEL, "CHARGE", outTradeNo, "FAILED");
        return failed("ACQ.PAYMENT_AUTH_CODE_INVALID",
                "支付失败，获取顾客账户信息失败，请顾客刷新付款码后重新收款，如再次收款失败，请联系管理员处理。[" + reason + "]")
                .with("out_trade_no", outTradeNo);
    }

    private Reply paying(Trade t) {
        return Reply.answer(tradeFields(JSON.createObjectNode().put("code", "10003").put("msg", " order success pay inprocess"), t));
    }

    // ------------------------------------------------------------------ alipay.trade.query

    synchronized Reply query(JsonNode biz) {
        Trade t = trades.get(text(biz, "out_trade_no"));
        if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
        if (t.status == Status.WAIT_BUYER_PAY && !t.neverPays) {
            if (t.queriesLeft > 0) {
                t.queriesLeft--;
            } else if (t.wallet.debit(t.amountFen)) {
                t.paidAt = clock.instant();
                t.status = Status.TRADE_SUCCESS;
                book(t, true);
            } else {
                close(t, Closed.PAYMENT_FAILED);
                book(t, true);
            }
        }
        ObjectNode o = tradeFields(ok(), t).put("trade_status", t.status.name());
        if (t.paid()) o.put("send_pay_date", AlipayProtocol.format(t.paidAt));
        return Reply.answer(o);
    }

    // ------------------------------------------------------------------ alipay.trade.cancel

    synchronized Reply cancel(JsonNode biz) {
        Trade t = trades.get(text(biz, "out_trade_no"));
        if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
        if (Duration.between(t.createdAt, clock.instant()).compareTo(CANCEL_WINDOW) > 0 && t.closed == null)
            return failed("ACQ.TRADE_CANCEL_TIME_OUT", "超过撤销时间范围");
        switch (t.status) {
            case WAIT_BUYER_PAY -> {
                if (!t.cancelAsked) {
                    t.cancelAsked = true;
                    return failed("ACQ.SYSTEM_ERROR", "系统异常，请重试撤销").with("retry_flag", "Y");
                }
                close(t, Closed.CANCELLED_UNPAID);
                ledger.bookIfAbsent(CHANNEL, "REVERSAL", t.outTradeNo, t.outTradeNo, 0, "CLOSED", t.wallet.accountId());
                ledger.answer(CHANNEL, "REVERSAL", t.outTradeNo, "CLOSED");
            }
            case TRADE_SUCCESS -> {
                if (t.refundedFen > 0) return failed("ACQ.REASON_TRADE_REFUND_FEE_ERR", "交易已发生退款，不能撤销");
                t.wallet.credit(t.amountFen);
                close(t, Closed.CANCELLED_REFUNDED);
                ledger.bookIfAbsent(CHANNEL, "REVERSAL", t.outTradeNo, t.outTradeNo, t.amountFen, "REVERSED", t.wallet.accountId());
                ledger.answer(CHANNEL, "REVERSAL", t.outTradeNo, "REVERSED");
            }
            case TRADE_CLOSED -> {
                if (t.closed == Closed.FULLY_REFUNDED) return failed("ACQ.REASON_TRADE_REFUND_FEE_ERR", "交易已全额退款，不能撤销");
                if (t.closed == Closed.PAYMENT_FAILED) {
                    t.closed = Closed.CANCELLED_UNPAID;
                    ledger.bookIfAbsent(CHANNEL, "REVERSAL", t.outTradeNo, t.outTradeNo, 0, "CLOSED", t.wallet.accountId());
                    ledger.answer(CHANNEL, "REVERSAL", t.outTradeNo, "CLOSED");
                }
            }
        }
        book(t, true);
        return Reply.answer(ok().put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo).put("retry_flag", "N")
                .put("action", t.closed == Closed.CANCELLED_REFUNDED ? "refund" : "close"));
    }

    // ------------------------------------------------------------------ refunds

    synchronized Reply refund(JsonNode biz) {
        String outTradeNo = text(biz, "out_trade_no");
        String requestNo = text(biz, "out_request_no").isEmpty() ? outTradeNo : text(biz, "out_request_no");
        Optional<Long> fen = fen(text(biz, "refund_amount"));
        Trade t = trades.get(outTradeNo);
        if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
        if (fen.isEmpty() || fen.get() < 1) return failed("ACQ.REFUND_FEE_ERROR", "交易退款金额有误");
        RefundRecord done = t.refunds.get(requestNo);
        if (done != null) {
            if (done.fen() != fen.get()) return failed("ACQ.DISCORDANT_REPEAT_REQUEST", "请求信息不一致");
            return Reply.answer(refundAnswer(t, done, "N"));
        }
        switch (t.status) {
            case WAIT_BUYER_PAY -> {
                return failed("ACQ.TRADE_STATUS_ERROR", "交易状态异常");
            }
            case TRADE_CLOSED -> {
                return failed("ACQ.TRADE_HAS_CLOSE", "交易已经关闭");
            }
            case TRADE_SUCCESS -> {
                if (t.refundedFen + fen.get() > t.amountFen) return failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
            }
        }
        RefundRecord r = new RefundRecord(requestNo, fen.get(), clock.instant());
        t.wallet.credit(r.fen());
        t.refundedFen += r.fen();
        t.refunds.put(requestNo, r);
        if (t.refundedFen == t.amountFen) close(t, Closed.FULLY_REFUNDED);
        ledger.bookIfAbsent(CHANNEL, "REFUND", requestNo, outTradeNo, r.fen(), "SUCCESS", t.wallet.accountId());
        ledger.answer(CHANNEL, "REFUND", requestNo, "SUCCESS");
        return Reply.answer(refundAnswer(t, r, "Y"));
    }

    private ObjectNode refundAnswer(Trade t, RefundRecord r, String fundChange) {
        return ok().put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo)
                .put("buyer_logon_id", logonId(t.wallet)).put("buyer_user_id", t.wallet.accountId())
                .put("fund_change", fundChange).put("refund_fee", yuan(t.refundedFen))
                .put("send_back_fee", "Y".equals(fundChange) ? yuan(r.fen()) : "0.00")
                .put("gmt_refund_pay", AlipayProtocol.format(r.at()));
    }

    synchronized Reply refundQuery(JsonNode biz) {
        String outTradeNo = text(biz, "out_trade_no");
        Trade t = trades.get(outTradeNo);
        if (t == null) return failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
        String requestNo = text(biz, "out_request_no").isEmpty() ? outTradeNo : text(biz, "out_request_no");
        RefundRecord r = t.refunds.get(requestNo);
        ObjectNode o = ok().put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo);
        if (r == null) return Reply.answer(o);
        return Reply.answer(o.put("out_request_no", requestNo).put("total_amount", yuan(t.amountFen))
                .put("refund_amount", yuan(r.fen())).put("refund_status", "REFUND_SUCCESS")
                .put("gmt_refund_pay", AlipayProtocol.format(r.at())));
    }

    // ------------------------------------------------------------------ agreements

    /** The payer signs in the Alipay app: a NORMAL agreement (the same external number again is the same agreement). */
    synchronized AgreementView sign(String walletId, String externalAgreementNo, URI notifyUrl, Long singleLimitFen) {
        Wallet w = wallets.wallet(walletId).orElseThrow(() -> new IllegalArgumentException("no wallet " + walletId));
        if (!CHANNEL.equals(w.channel())) throw new IllegalArgumentException("wallet " + walletId + " is not an Alipay wallet");
        if (externalAgreementNo == null || externalAgreementNo.isBlank() || externalAgreementNo.length() > 32)
            throw new IllegalArgumentException("externalAgreementNo must be 1-32 characters");
        if (singleLimitFen != null && singleLimitFen < 1) throw new IllegalArgumentException("singleLimitFen must be positive");
        String existing = agreementByExternalNo.get(externalAgreementNo);
        if (existing != null && "NORMAL".equals(agreements.get(existing).status)) return view(agreements.get(existing));
        Agreement a = new Agreement(LocalDate.now(clock.withZone(AlipayProtocol.BEIJING)).getYear()
                + String.format("%016d", seq.incrementAndGet()), externalAgreementNo, w.accountId(), walletId, notifyUrl,
                singleLimitFen, clock.instant());
        agreements.put(a.agreementNo, a);
        agreementByExternalNo.put(externalAgreementNo, a.agreementNo);
        return view(a);
    }

    /** The payer ends the agreement in the Alipay app. */
    synchronized Optional<AgreementView> unsignByPayer(String agreementNo) {
        Agreement a = agreements.get(agreementNo);
        if (a == null) return Optional.empty();
        a.status = "UNSIGN";
        return Optional.of(view(a));
    }

    synchronized Reply agreementQuery(JsonNode biz) {
        Agreement a = agreement(biz);
        if (a == null) return failed("USER_AGREEMENT_NOT_EXIST", "用户协议不存在");
        if ("UNSIGN".equals(a.status)) return failed("AGREEMENT_HAS_UNSIGNED", "用户协议已解约");
        return Reply.answer(ok().put("agreement_no", a.agreementNo).put("external_agreement_no", a.externalAgreementNo)
                .put("status", a.status).put("principal_id", a.alipayUserId).put("alipay_logon_id", "sim***@alipay.test")
                .put("personal_product_code", AlipayMapping.WITHHOLDING_PERSONAL).put("sign_scene", "DEFAULT|DEFAULT")
                .put("sign_time", AlipayProtocol.format(a.signTime)).put("valid_time", AlipayProtocol.format(a.signTime))
                .put("invalid_time", "2115-02-01 00:00:00"));
    }

    /** The merchant unsigns; the second element is the agreement to notify about (when one was unsigned now). */
    synchronized Map.Entry<Reply, Optional<AgreementView>> agreementUnsign(JsonNode biz) {
        Agreement a = agreement(biz);
        if (a == null) return Map.entry(failed("USER_AGREEMENT_NOT_EXIST", "用户协议不存在"), Optional.empty());
        if ("UNSIGN".equals(a.status)) return Map.entry(failed("AGREEMENT_HAS_UNSIGNED", "用户协议已解约"), Optional.empty());
        a.status = "UNSIGN";
        return Map.entry(Reply.answer(ok()), Optional.of(view(a)));
    }

    private Agreement agreement(JsonNode biz) {
        String no = text(biz, "agreement_no");
        if (no.isEmpty()) no = agreementByExternalNo.getOrDefault(text(biz, "external_agreement_no"), "");
        return agreements.get(no);
    }

    private static AgreementView view(Agreement a) {
        return new AgreementView(a.agreementNo, a.externalAgreementNo, a.alipayUserId, a.status, a.signTime, a.notifyUrl);
    }

    /** The form fields of a {@code dut_user_sign} / {@code dut_user_unsign} notification, unsigned. */
    Map<String, String> agreementNotification(AgreementView a, String notifyType, String appId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("notify_time", AlipayProtocol.format(clock.instant()));
        p.put("notify_type", notifyType);
        p.put("notify_id", String.format("%034d", Math.abs(ThreadLocalRandom.current().nextLong())));
        p.put("app_id", appId);
        p.put("auth_app_id", appId);
        p.put("charset", AlipayProtocol.CHARSET);
        p.put("version", AlipayProtocol.VERSION);
        p.put("sign_type", AlipayProtocol.SIGN_TYPE);
        p.put("agreement_no", a.agreementNo());
        p.put("external_agreement_no", a.externalAgreementNo());
        p.put("alipay_user_id", a.alipayUserId());
        p.put("alipay_logon_id", "sim***@alipay.test");
        p.put("personal_product_code", AlipayMapping.WITHHOLDING_PERSONAL);
        p.put("sign_scene", "DEFAULT|DEFAULT");
        p.put("status", a.status());
        p.put("sign_time", AlipayProtocol.format(a.signTime()));
        p.put("valid_time", AlipayProtocol.format(a.signTime()));
        p.put("invalid_time", "2115-02-01 00:00:00");
        return p;
    }

    // ------------------------------------------------------------------ bills

    /** {@code alipay.data.dataservice.bill.downloadurl.query}: a one-off address under {@code downloadBase}. */
    synchronized Reply billUrl(JsonNode biz, URI downloadBase) {
        if (!"trade".equals(text(biz, "bill_type"))) return failed("isv.invalid-parameter", "bill_type 仅支持 trade");
        LocalDate day;
        try {
            day = LocalDate.parse(text(biz, "bill_date"));
        } catch (RuntimeException e) {
            return failed("isv.invalid-parameter", "bill_date 须为 yyyy-MM-dd");
        }
        if (day.isAfter(LocalDate.now(clock.withZone(AlipayProtocol.BEIJING)))) return failed("isp.bill_not_exist", "账单不存在");
        String fileId = UUID.randomUUID().toString().replace("-", "");
        billFiles.put(fileId, day);
        return Reply.answer(ok().put("bill_download_url", downloadBase + "?fileId=" + fileId));
    }

    synchronized Optional<byte[]> bill(String fileId) {
        LocalDate day = billFiles.get(fileId);
        if (day == null) return Optional.empty();
        return Optional.of(AlipayBills.zip(day, ledger.all(CHANNEL), no -> Optional.ofNullable(trades.get(no)).map(AlipaySim::info),
                clock.instant()));
    }

    /** What the bill needs to know about a trade. */
    record TradeInfo(String tradeNo, String subject, String terminalId, String buyerLogonId, Instant createdAt, Instant paidAt,
                     Map<String, RefundRecord> refunds) {}

    private static TradeInfo info(Trade t) {
        return new TradeInfo(t.tradeNo, t.subject, t.terminalId, logonId(t.wallet), t.createdAt, t.paidAt, Map.copyOf(t.refunds));
    }

    // ------------------------------------------------------------------ helpers

    private void close(Trade t, Closed why) {
        t.status = Status.TRADE_CLOSED;
        t.closed = why;
    }

    /** Keeps the ledger entry of a trade in step with it. */
    private void book(Trade t, boolean answered) {
        long moved = t.paid() ? t.amountFen : 0;
        ledger.bookIfAbsent(CHANNEL, t.ledgerType, t.outTradeNo, null, moved, t.ledgerState(), t.wallet.accountId());
        ledger.update(CHANNEL, t.ledgerType, t.outTradeNo,
                e -> e.withAmount(moved).withState(t.ledgerState(), answered ? clock.instant() : e.answeredAt()));
    }

    private ObjectNode tradeFields(ObjectNode o, Trade t) {
        String paid = t.paid() ? yuan(t.amountFen) : "0.00";
        return o.put("trade_no", t.tradeNo).put("out_trade_no", t.outTradeNo)
                .put("buyer_logon_id", logonId(t.wallet)).put("buyer_user_id", t.wallet.accountId())
                .put("total_amount", yuan(t.amountFen)).put("receipt_amount", paid).put("buyer_pay_amount", paid)
                .put("invoice_amount", paid).put("point_amount", "0.00");
    }

    private String newTradeNo() {
        LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), AlipayProtocol.BEIJING);
        return String.format("%04d%02d%02d22001%015d", now.getYear(), now.getMonthValue(), now.getDayOfMonth(), seq.incrementAndGet());
    }

    static String logonId(Wallet w) {
        String id = w.accountId();
        return "159****" + id.substring(id.length() - 4);
    }

    static ObjectNode ok() {
        return JSON.createObjectNode().put("code", "10000").put("msg", "Success");
    }

    static ObjectNode unavailableBody() {
        return JSON.createObjectNode().put("code", "20000").put("msg", "Service Currently Unavailable")
                .put("sub_code", "isp.unknow-error").put("sub_msg", "系统繁忙");
    }

    static Reply failed(String subCode, String subMsg) {
        return Reply.answer(JSON.createObjectNode().put("code", "40004").put("msg", "Business Failed")
                .put("sub_code", subCode).put("sub_msg", subMsg));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? "" : v.asString();
    }

    static String yuan(long fen) {
        return Money.ofFen(fen).toYuan();
    }

    private static Optional<Long> fen(String yuan) {
        if (yuan.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Money.ofYuan(yuan).fen());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
