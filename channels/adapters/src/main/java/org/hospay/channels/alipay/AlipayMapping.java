package org.hospay.channels.alipay;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.alipay.AlipayCodes.AgreementStatus;
import org.hospay.channels.alipay.AlipayCodes.AgreementSubCode;
import org.hospay.channels.alipay.AlipayCodes.AuthCodeProblem;
import org.hospay.channels.alipay.AlipayCodes.BillSubCode;
import org.hospay.channels.alipay.AlipayCodes.CancelAction;
import org.hospay.channels.alipay.AlipayCodes.CancelSubCode;
import org.hospay.channels.alipay.AlipayCodes.Code;
import org.hospay.channels.alipay.AlipayCodes.GatewaySubCode;
import org.hospay.channels.alipay.AlipayCodes.PaySubCode;
import org.hospay.channels.alipay.AlipayCodes.QuerySubCode;
import org.hospay.channels.alipay.AlipayCodes.RefundQuerySubCode;
import org.hospay.channels.alipay.AlipayCodes.RefundStatus;
import org.hospay.channels.alipay.AlipayCodes.RefundSubCode;
import org.hospay.channels.alipay.AlipayCodes.TradeStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure translation between our types and Alipay's {@code biz_content} / response objects; no I/O,
 * no signatures (those are {@link AlipayAdapter}'s). Every vendor status goes through a {@code switch}
 * over {@link AlipayCodes} without {@code default}. Anything we do not recognise is Unknown, never a
 * decline: the caller queries and the query tells.
 */
public final class AlipayMapping {

    public static final String PAY = "alipay.trade.pay";
    public static final String QUERY = "alipay.trade.query";
    public static final String CANCEL = "alipay.trade.cancel";
    public static final String REFUND = "alipay.trade.refund";
    public static final String REFUND_QUERY = "alipay.trade.fastpay.refund.query";
    public static final String AGREEMENT_QUERY = "alipay.user.agreement.query";
    public static final String AGREEMENT_UNSIGN = "alipay.user.agreement.unsign";
    public static final String BILL_URL = "alipay.data.dataservice.bill.downloadurl.query";

    /** 当面付 bar code: the cashier scans the payer's code. */
    public static final String FACE_TO_FACE = "FACE_TO_FACE_PAYMENT";
    /** 商家扣款: deduction under a signed agreement; the payer's side of it is {@link #WITHHOLDING_PERSONAL}. */
    public static final String WITHHOLDING = "GENERAL_WITHHOLDING";
    public static final String WITHHOLDING_PERSONAL = "GENERAL_WITHHOLDING_P";

    private AlipayMapping() {}

    // ------------------------------------------------------------------ requests

    public static ObjectNode payBiz(ChargeRequest r) {
        return AlipayProtocol.JSON.createObjectNode()
                .put("out_trade_no", r.outTradeNo())
                .put("scene", "bar_code")
                .put("auth_code", r.authCode())
                .put("product_code", FACE_TO_FACE)
                .put("subject", r.description())
                .put("total_amount", r.amount().toYuan())
                .put("terminal_id", r.terminalId());
    }

    public static ObjectNode withholdBiz(WithholdRequest r) {
        ObjectNode biz = AlipayProtocol.JSON.createObjectNode()
                .put("out_trade_no", r.outTradeNo())
                .put("product_code", WITHHOLDING)
                .put("subject", r.description())
                .put("total_amount", r.amount().toYuan());
        biz.putObject("agreement_params").put("agreement_no", r.agreementId());
        return biz;
    }

    public static ObjectNode tradeBiz(String outTradeNo) {
        return AlipayProtocol.JSON.createObjectNode().put("out_trade_no", outTradeNo);
    }

    public static ObjectNode refundBiz(RefundRequest r) {
        return AlipayProtocol.JSON.createObjectNode()
                .put("out_trade_no", r.outTradeNo())
                .put("refund_amount", r.refund().toYuan())
                .put("out_request_no", r.outRefundNo());
    }

    public static ObjectNode refundQueryBiz(String outTradeNo, String outRefundNo) {
        ObjectNode biz = AlipayProtocol.JSON.createObjectNode()
                .put("out_trade_no", outTradeNo)
                .put("out_request_no", outRefundNo);
        biz.putArray("query_options").add("gmt_refund_pay");
        return biz;
    }

    public static ObjectNode agreementBiz(String agreementNo) {
        return AlipayProtocol.JSON.createObjectNode()
                .put("personal_product_code", WITHHOLDING_PERSONAL)
                .put("agreement_no", agreementNo);
    }

    public static ObjectNode billBiz(LocalDate day) {
        return AlipayProtocol.JSON.createObjectNode()
                .put("bill_type", "trade")
                .put("bill_date", day.toString());
    }

    // ------------------------------------------------------------------ answers

    /** What a pay (or withholding) answer calls for. */
    public sealed interface PayResult {
        /** The answer settles it. */
        record Done(Outcome<Charge> outcome) implements PayResult {}

        /** ACQ.TRADE_HAS_SUCCESS: the order was paid before (our retry); query it for the charge. */
        record AlreadyPaid(String vendorMessage) implements PayResult {}
    }

    public static PayResult pay(JsonNode r, String outTradeNo) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> new PayResult.Done(charge(r, outTradeNo, "gmt_payment"));
            case PAYING -> new PayResult.Done(Outcome.pending(code.wire()));
            case BUSINESS_FAILED -> payFailed(r);
            case UNAVAILABLE, UNRECOGNISED -> new PayResult.Done(unknown(r));
            case INVALID_ARGUMENTS -> new PayResult.Done(invalidArguments(r));
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN ->
                    new PayResult.Done(declined(DeclineCodes.CHANNEL_REJECTED, r));
        };
    }

    private static PayResult payFailed(JsonNode r) {
        PaySubCode sub = PaySubCode.of(text(r, "sub_code"));
        Outcome<Charge> outcome = switch (sub) {
            case TRADE_HAS_SUCCESS -> null;
            case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            case INVALID_PARAMETER, ACCESS_FORBIDDEN, TOTAL_FEE_EXCEED, INVALID_STORE_ID ->
                    declined(DeclineCodes.CHANNEL_REJECTED, r);
            case PAYMENT_AUTH_CODE_INVALID -> declined(authCodeDecline(AuthCodeProblem.ofSubMsg(text(r, "sub_msg"))), r);
            case CONTEXT_INCONSISTENT, TRADE_BUYER_NOT_MATCH -> declined(DeclineCodes.ORDER_NUMBER_REUSED, r);
            case TRADE_HAS_CLOSE -> declined(DeclineCodes.ORDER_CLOSED, r);
            case BUYER_BALANCE_NOT_ENOUGH, BUYER_BANKCARD_BALANCE_NOT_ENOUGH -> declined(DeclineCodes.INSUFFICIENT_FUNDS, r);
            case ERROR_BALANCE_PAYMENT_DISABLE, NO_PAYMENT_INSTRUMENTS_AVAILABLE -> declined(DeclineCodes.CARD_NOT_SUPPORTED, r);
            case PAYMENT_FAIL -> declined(DeclineCodes.PAYMENT_FAILED, r);
            case PAYMENT_REQUEST_HAS_RISK, BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR, BEYOND_PAY_RESTRICTION ->
                    declined(DeclineCodes.RISK_REJECTED, r);
            case AGREEMENT_NOT_EXIST, AGREEMENT_INVALID, AGREEMENT_STATUS_NOT_NORMAL, AGREEMENT_ERROR ->
                    declined(DeclineCodes.AGREEMENT_INVALID, r);
            case CYCLE_PAY_SINGLE_FEE_EXCEED, CYCLE_PAY_TOTAL_FEE_EXCEED, CYCLE_PAY_TOTAL_TIMES_EXCEED, CYCLE_PAY_DATE_NOT_MATCH ->
                    declined(DeclineCodes.AGREEMENT_LIMIT, r);
        };
        return outcome == null ? new PayResult.AlreadyPaid(text(r, "sub_msg")) : new PayResult.Done(outcome);
    }

    /** ACQ.PAYMENT_AUTH_CODE_INVALID by its bracketed reason; without one, a fresh code is what the payer needs. */
    static String authCodeDecline(AuthCodeProblem problem) {
        return switch (problem) {
            case AUTH_CODE_EXPIRED -> DeclineCodes.CODE_EXPIRED;
            case AUTH_CODE_USED -> DeclineCodes.CODE_USED;
            case SOUNDWAVE_PARSER_FAIL, UNRECOGNISED -> DeclineCodes.CODE_INVALID;
        };
    }

    public static Outcome<Charge> query(JsonNode r, String outTradeNo) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> tradeStatus(r, outTradeNo);
            case BUSINESS_FAILED -> switch (QuerySubCode.of(text(r, "sub_code"))) {
                case TRADE_NOT_EXIST -> declined(DeclineCodes.ORDER_NOT_FOUND, r);
                case INVALID_PARAMETER -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    private static Outcome<Charge> tradeStatus(JsonNode r, String outTradeNo) {
        TradeStatus status = TradeStatus.of(text(r, "trade_status"));
        return switch (status) {
            case TRADE_SUCCESS, TRADE_FINISHED -> charge(r, outTradeNo, "send_pay_date");
            case WAIT_BUYER_PAY -> Outcome.pending(status.wire());
            case TRADE_CLOSED -> Outcome.declined(DeclineCodes.ORDER_CLOSED,
                    "closed: never paid, cancelled, or fully refunded (Alipay does not say which)", status.wire());
            case UNRECOGNISED -> Outcome.unknown("unrecognised trade_status " + text(r, "trade_status"));
        };
    }

    /** A charge from a paid answer; Unknown when the answer is about another order or lacks what proves the payment. */
    private static Outcome<Charge> charge(JsonNode r, String outTradeNo, String paidAtField) {
        String echoed = text(r, "out_trade_no");
        if (!echoed.isEmpty() && !echoed.equals(outTradeNo))
            return Outcome.unknown("answer is about order " + echoed + ", not " + outTradeNo);
        String tradeNo = text(r, "trade_no");
        Optional<Money> amount = yuan(text(r, "total_amount"));
        Optional<Instant> paidAt = time(text(r, paidAtField));
        if (tradeNo.isEmpty() || amount.isEmpty() || paidAt.isEmpty())
            return Outcome.unknown("paid answer without trade_no, total_amount or " + paidAtField + "; query again");
        return Outcome.succeeded(new Charge(tradeNo, amount.get(), paidAt.get()));
    }

    /** {@code retry_flag=Y} means "call cancel again" whatever the code (official demo's cancel loop). */
    public static Outcome<Reversal> cancel(JsonNode r) {
        if ("Y".equals(text(r, "retry_flag"))) return Outcome.succeeded(new Reversal(Reversal.Effect.CALL_AGAIN));
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> switch (CancelAction.of(text(r, "action"))) {
                case CLOSE -> Outcome.succeeded(new Reversal(Reversal.Effect.CLOSED));
                case REFUND -> Outcome.succeeded(new Reversal(Reversal.Effect.MONEY_RETURNED));
                case UNRECOGNISED -> Outcome.succeeded(new Reversal(Reversal.Effect.REVERSED));
            };
            case BUSINESS_FAILED -> switch (CancelSubCode.of(text(r, "sub_code"))) {
                case TRADE_NOT_EXIST -> declined(DeclineCodes.ORDER_NOT_FOUND, r);
                case TRADE_CANCEL_TIME_OUT -> declined(DeclineCodes.REVERSE_EXPIRED, r);
                case SELLER_BALANCE_NOT_ENOUGH, REASON_TRADE_BEEN_FREEZEN -> declined(DeclineCodes.REFUND_REFUSED, r);
                case INVALID_PARAMETER, REASON_TRADE_REFUND_FEE_ERR, CANCEL_NOT_ALLOWED -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    /**
     * Alipay answers a refund with the order's cumulative {@code refund_fee}, not this refund's amount; a
     * 10000 means this {@code out_request_no} is refunded for what was asked (a repeat with another amount
     * is ACQ.DISCORDANT_REPEAT_REQUEST), so the amount is the request's.
     */
    public static Outcome<Refund> refund(JsonNode r, RefundRequest request) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> {
                String tradeNo = text(r, "trade_no");
                Optional<Instant> at = time(text(r, "gmt_refund_pay"));
                yield tradeNo.isEmpty() || at.isEmpty()
                        ? Outcome.unknown("refund accepted without trade_no or gmt_refund_pay; query the refund")
                        : Outcome.succeeded(new Refund(request.outRefundNo(), tradeNo, request.refund(), at.get()));
            }
            case BUSINESS_FAILED -> switch (RefundSubCode.of(text(r, "sub_code"))) {
                case TRADE_NOT_EXIST -> declined(DeclineCodes.ORDER_NOT_FOUND, r);
                case TRADE_STATUS_ERROR -> declined(DeclineCodes.ORDER_NOT_PAID, r);
                case TRADE_HAS_CLOSE -> declined(DeclineCodes.ORDER_CLOSED, r);
                case REFUND_AMT_NOT_EQUAL_TOTAL -> declined(DeclineCodes.REFUND_EXCEEDS_PAID, r);
                case DISCORDANT_REPEAT_REQUEST -> declined(DeclineCodes.ORDER_NUMBER_REUSED, r);
                case SELLER_BALANCE_NOT_ENOUGH, REASON_TRADE_BEEN_FREEZEN, TRADE_NOT_ALLOW_REFUND ->
                        declined(DeclineCodes.REFUND_REFUSED, r);
                case INVALID_PARAMETER, REFUND_FEE_ERROR -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    public static Outcome<Refund> refundQuery(JsonNode r, String outRefundNo) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> {
                RefundStatus status = RefundStatus.of(text(r, "refund_status"));
                yield switch (status) {
                    case REFUND_SUCCESS -> refunded(r, outRefundNo);
                    case ABSENT -> Outcome.declined(DeclineCodes.REFUND_NOT_FOUND,
                            "no refund " + outRefundNo + " (never received, or failed)", "REFUND_STATUS_ABSENT");
                    case UNRECOGNISED -> Outcome.unknown("unrecognised refund_status " + text(r, "refund_status"));
                };
            }
            case BUSINESS_FAILED -> switch (RefundQuerySubCode.of(text(r, "sub_code"))) {
                case TRADE_NOT_EXIST -> declined(DeclineCodes.REFUND_NOT_FOUND, r);
                case INVALID_PARAMETER -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    private static Outcome<Refund> refunded(JsonNode r, String outRefundNo) {
        String echoed = text(r, "out_request_no");
        if (!echoed.isEmpty() && !echoed.equals(outRefundNo))
            return Outcome.unknown("answer is about refund " + echoed + ", not " + outRefundNo);
        String tradeNo = text(r, "trade_no");
        Optional<Money> amount = yuan(text(r, "refund_amount"));
        Optional<Instant> at = time(text(r, "gmt_refund_pay"));
        if (tradeNo.isEmpty() || amount.isEmpty() || at.isEmpty())
            return Outcome.unknown("refund answer without trade_no, refund_amount or gmt_refund_pay");
        return Outcome.succeeded(new Refund(outRefundNo, tradeNo, amount.get(), at.get()));
    }

    public static Outcome<AlipayAgreement> agreement(JsonNode r) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> text(r, "agreement_no").isEmpty()
                    ? Outcome.unknown("agreement answer without agreement_no")
                    : Outcome.succeeded(new AlipayAgreement(text(r, "agreement_no"), text(r, "external_agreement_no"),
                            AgreementStatus.of(text(r, "status")), text(r, "principal_id"),
                            time(text(r, "sign_time")).orElse(null), time(text(r, "invalid_time")).orElse(null)));
            case BUSINESS_FAILED -> switch (AgreementSubCode.of(text(r, "sub_code"))) {
                case USER_AGREEMENT_NOT_EXIST, AGREEMENT_HAS_UNSIGNED -> declined(DeclineCodes.AGREEMENT_INVALID, r);
                case INVALID_PARAMETER -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    /** Succeeded with the agreement number once it is unsigned, including when it already was. */
    public static Outcome<String> unsign(JsonNode r, String agreementNo) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> Outcome.succeeded(agreementNo);
            case BUSINESS_FAILED -> switch (AgreementSubCode.of(text(r, "sub_code"))) {
                case AGREEMENT_HAS_UNSIGNED -> Outcome.succeeded(agreementNo);
                case USER_AGREEMENT_NOT_EXIST -> declined(DeclineCodes.AGREEMENT_INVALID, r);
                case INVALID_PARAMETER -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case SYSTEM_ERROR, UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    /** The bill's download address; empty when Alipay has no bill for the day (isp.bill_not_exist). */
    public static Outcome<Optional<URI>> billUrl(JsonNode r) {
        Code code = Code.of(text(r, "code"));
        return switch (code) {
            case SUCCESS -> {
                try {
                    yield Outcome.succeeded(Optional.of(new URI(text(r, "bill_download_url"))));
                } catch (URISyntaxException e) {
                    yield Outcome.unknown("bill_download_url is not a URL: " + text(r, "bill_download_url"));
                }
            }
            case BUSINESS_FAILED -> switch (BillSubCode.of(text(r, "sub_code"))) {
                case BILL_NOT_EXIST -> Outcome.succeeded(Optional.empty());
                case INVALID_PARAMETER -> declined(DeclineCodes.CHANNEL_REJECTED, r);
                case UNRECOGNISED -> unknown(r);
            };
            case PAYING, UNAVAILABLE, UNRECOGNISED -> unknown(r);
            case INVALID_ARGUMENTS -> invalidArguments(r);
            case MISSING_ARGUMENTS, INSUFFICIENT_AUTHORITY, FORBIDDEN -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    /** 40002: the gateway refused the request before processing it. */
    private static <T> Outcome<T> invalidArguments(JsonNode r) {
        return switch (GatewaySubCode.of(text(r, "sub_code"))) {
            case INVALID_SIGNATURE -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case INVALID_SIGNATURE_TYPE, MISSING_SIGNATURE, INVALID_APP_ID, INVALID_METHOD, INVALID_TIMESTAMP,
                 INVALID_PARAMETER, UNRECOGNISED -> declined(DeclineCodes.CHANNEL_REJECTED, r);
        };
    }

    // ------------------------------------------------------------------ helpers

    private static <T> Outcome<T> declined(String code, JsonNode r) {
        String subMsg = text(r, "sub_msg");
        String subCode = text(r, "sub_code");
        return Outcome.declined(code, subMsg.isEmpty() ? text(r, "msg") : subMsg, subCode.isEmpty() ? text(r, "code") : subCode);
    }

    private static <T> Outcome<T> unknown(JsonNode r) {
        String subCode = text(r, "sub_code");
        return Outcome.unknown("Alipay answered " + text(r, "code") + (subCode.isEmpty() ? "" : " " + subCode) + " "
                + text(r, "sub_msg") + "; query to learn the outcome");
    }

    static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? "" : v.asString();
    }

    /** Exact yuan → fen; a malformed amount is no amount (the caller then says Unknown). */
    static Optional<Money> yuan(String text) {
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(Money.ofYuan(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static Optional<Instant> time(String text) {
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(AlipayProtocol.parseTime(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
