package org.hospay.channels.unionpay;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Statement;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.unionpay.UnionPayCodes.OrderState;
import org.hospay.channels.unionpay.UnionPayCodes.RefundState;
import org.hospay.channels.unionpay.UnionPayCodes.RespCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure translation between our types and the partner platform's JSON messages; no I/O and no
 * signatures (those are {@link UnionPayAdapter}'s). Every {@code respCode} / {@code origRespCode} goes
 * through a {@code switch} over {@link UnionPayCodes} without {@code default}; a code that means
 * nothing for an operation, or that we do not know, is Unknown: query, then decide.
 */
public final class UnionPayMapping {

    private UnionPayMapping() {}

    /** Who is asking: every request carries the provider and the merchant. */
    public record Merchant(String serProvId, String merId) {}

    // ------------------------------------------------------------------ requests

    private static ObjectNode base(Merchant m) {
        return UnionPayProtocol.JSON.createObjectNode().put("serProvId", m.serProvId()).put("merId", m.merId());
    }

    public static ObjectNode micropay(Merchant m, ChargeRequest r, Instant now) {
        return base(m)
                .put("authCode", r.authCode())
                .put("orderType", UnionPayProtocol.ORDER_TYPE)
                .put("termId", r.terminalId())
                .put("orderNo", r.outTradeNo())
                .put("orderTime", UnionPayProtocol.format(now))
                .put("txnAmt", Long.toString(r.amount().fen()))
                .put("currencyCode", UnionPayProtocol.CNY)
                .put("orderInfo", r.description());
    }

    /** {@code queryOrder} and {@code reverse} name the order the same way. */
    public static ObjectNode order(Merchant m, String orderNo) {
        return base(m).put("orderNo", orderNo).put("orderType", UnionPayProtocol.ORDER_TYPE);
    }

    public static ObjectNode refund(Merchant m, RefundRequest r, Instant now) {
        return base(m)
                .put("origOrderNo", r.outTradeNo())
                .put("origTxnAmt", Long.toString(r.total().fen()))
                .put("orderNo", r.outRefundNo())
                .put("orderTime", UnionPayProtocol.format(now))
                .put("txnAmt", Long.toString(r.refund().fen()))
                .put("orderType", UnionPayProtocol.ORDER_TYPE);
    }

    public static ObjectNode refundQuery(Merchant m, String outTradeNo, String outRefundNo) {
        return base(m).put("orderNo", outRefundNo).put("origOrderNo", outTradeNo).put("orderType", UnionPayProtocol.ORDER_TYPE);
    }

    // ------------------------------------------------------------------ answers

    public static Outcome<Charge> micropay(JsonNode r, String orderNo) {
        RespCode code = RespCode.of(text(r, "respCode"));
        return switch (code) {
            case SUCCESS -> charge(r, orderNo);
            case PAYING, ACCEPTED, ISSUER_PROCESSING -> Outcome.pending(code.wire());
            case TIMED_OUT, STATE_UNCLEAR, BUSY, DUPLICATE, GENERAL_ERROR, NOT_FOUND, ORIGINAL_STATE, UNRECOGNISED -> unknown(r);
            case FAILED, NOT_PASSED, ISSUER_DECLINED, WRONG_PIN, PIN_TRIES_EXCEEDED -> declined(DeclineCodes.PAYMENT_FAILED, r);
            case FORMAT_ERROR, MISSING_FIELDS, MERCHANT_STATE, NO_PERMISSION, NO_BUSINESS_PERMISSION, OUT_OF_HOURS ->
                    declined(DeclineCodes.CHANNEL_REJECTED, r);
            case SIGNATURE_INVALID -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case AMOUNT_LIMIT, RISK, ISSUER_RESTRICTED, MONTHLY_LIMIT -> declined(DeclineCodes.RISK_REJECTED, r);
            case ORIGINAL_MISMATCH -> declined(DeclineCodes.ORDER_NUMBER_REUSED, r);
            case TOO_FREQUENT -> declined(DeclineCodes.CHANNEL_BUSY, r);
            case ALREADY_UNDONE -> declined(DeclineCodes.ORDER_REVERSED, r);
            case INVALID_CARD -> declined(DeclineCodes.CODE_INVALID, r);
            case CARD_STATE -> declined(DeclineCodes.CODE_USED, r);
            case TOKEN_EXPIRED -> declined(DeclineCodes.CODE_EXPIRED, r);
            case ISSUER_REFUSES_MERCHANT, CARD_NOT_SUPPORTED -> declined(DeclineCodes.CARD_NOT_SUPPORTED, r);
            case INSUFFICIENT_BALANCE -> declined(DeclineCodes.INSUFFICIENT_FUNDS, r);
        };
    }

    public static Outcome<Charge> query(JsonNode r, String orderNo) {
        RespCode code = RespCode.of(text(r, "respCode"));
        return switch (code) {
            case SUCCESS -> orderState(r, orderNo);
            case NOT_FOUND -> declined(DeclineCodes.ORDER_NOT_FOUND, r);
            case SIGNATURE_INVALID -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case FORMAT_ERROR, MISSING_FIELDS, MERCHANT_STATE, NO_PERMISSION, NO_BUSINESS_PERMISSION ->
                    declined(DeclineCodes.CHANNEL_REJECTED, r);
            case TOO_FREQUENT -> declined(DeclineCodes.CHANNEL_BUSY, r);
            // a query does not decline a payment: anything else says nothing about the order
            case FAILED, PAYING, TIMED_OUT, STATE_UNCLEAR, ACCEPTED, BUSY, DUPLICATE, NOT_PASSED, AMOUNT_LIMIT, ORIGINAL_STATE,
                 ORIGINAL_MISMATCH, RISK, OUT_OF_HOURS, ALREADY_UNDONE, ISSUER_DECLINED, INVALID_CARD, ISSUER_REFUSES_MERCHANT,
                 CARD_STATE, INSUFFICIENT_BALANCE, WRONG_PIN, PIN_TRIES_EXCEEDED, CARD_NOT_SUPPORTED, ISSUER_RESTRICTED,
                 TOKEN_EXPIRED, MONTHLY_LIMIT, ISSUER_PROCESSING, GENERAL_ERROR, UNRECOGNISED -> unknown(r);
        };
    }

    private static Outcome<Charge> orderState(JsonNode r, String orderNo) {
        OrderState state = OrderState.of(text(r, "origRespCode"));
        return switch (state) {
            case PAID, REFUNDED -> charge(r, orderNo);
            case UNPAID, PAYING -> Outcome.pending(state.wire());
            case CLOSED -> declinedOrig(DeclineCodes.ORDER_CLOSED, r);
            case REVERSED -> declinedOrig(DeclineCodes.ORDER_REVERSED, r);
            case FAILED -> declinedOrig(DeclineCodes.PAYMENT_FAILED, r);
            case UNRECOGNISED -> Outcome.unknown("unrecognised origRespCode " + text(r, "origRespCode"));
        };
    }

    /**
     * A successful reverse. The partner platform's answer to it is not public; we do not infer from it
     * whether money had moved ({@link Reversal.Effect#REVERSED}); {@code queryOrder} shows 04 afterwards.
     */
    public static Outcome<Reversal> reverse(JsonNode r) {
        RespCode code = RespCode.of(text(r, "respCode"));
        return switch (code) {
            case SUCCESS -> Outcome.succeeded(new Reversal(Reversal.Effect.REVERSED));
            case NOT_FOUND -> declined(DeclineCodes.ORDER_NOT_FOUND, r);
            case OUT_OF_HOURS -> declined(DeclineCodes.REVERSE_EXPIRED, r);
            case ALREADY_UNDONE -> declined(DeclineCodes.ORDER_REVERSED, r);
            case SIGNATURE_INVALID -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case FORMAT_ERROR, MISSING_FIELDS, MERCHANT_STATE, NO_PERMISSION, NO_BUSINESS_PERMISSION, ORIGINAL_STATE,
                 ORIGINAL_MISMATCH -> declined(DeclineCodes.CHANNEL_REJECTED, r);
            case TOO_FREQUENT -> declined(DeclineCodes.CHANNEL_BUSY, r);
            case FAILED, PAYING, TIMED_OUT, STATE_UNCLEAR, ACCEPTED, BUSY, DUPLICATE, NOT_PASSED, AMOUNT_LIMIT, RISK,
                 ISSUER_DECLINED, INVALID_CARD, ISSUER_REFUSES_MERCHANT, CARD_STATE, INSUFFICIENT_BALANCE, WRONG_PIN,
                 PIN_TRIES_EXCEEDED, CARD_NOT_SUPPORTED, ISSUER_RESTRICTED, TOKEN_EXPIRED, MONTHLY_LIMIT, ISSUER_PROCESSING,
                 GENERAL_ERROR, UNRECOGNISED -> unknown(r);
        };
    }

    public static Outcome<Refund> refund(JsonNode r, RefundRequest request) {
        RespCode code = RespCode.of(text(r, "respCode"));
        return switch (code) {
            case SUCCESS -> refunded(r, request.outRefundNo(), Optional.of(request.refund()));
            case PAYING, ACCEPTED, ISSUER_PROCESSING -> Outcome.pending(code.wire());
            case AMOUNT_LIMIT -> declined(DeclineCodes.REFUND_EXCEEDS_PAID, r);
            case NOT_FOUND -> declined(DeclineCodes.ORDER_NOT_FOUND, r);
            case ORIGINAL_STATE -> declined(DeclineCodes.ORDER_NOT_PAID, r);
            case ORIGINAL_MISMATCH -> declined(DeclineCodes.ORDER_NUMBER_REUSED, r);
            case ALREADY_UNDONE -> declined(DeclineCodes.ORDER_REVERSED, r);
            case FAILED, NOT_PASSED, ISSUER_DECLINED, OUT_OF_HOURS, RISK -> declined(DeclineCodes.REFUND_REFUSED, r);
            case SIGNATURE_INVALID -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case FORMAT_ERROR, MISSING_FIELDS, MERCHANT_STATE, NO_PERMISSION, NO_BUSINESS_PERMISSION ->
                    declined(DeclineCodes.CHANNEL_REJECTED, r);
            case TOO_FREQUENT -> declined(DeclineCodes.CHANNEL_BUSY, r);
            case TIMED_OUT, STATE_UNCLEAR, BUSY, DUPLICATE, INVALID_CARD, ISSUER_REFUSES_MERCHANT, CARD_STATE,
                 INSUFFICIENT_BALANCE, WRONG_PIN, PIN_TRIES_EXCEEDED, CARD_NOT_SUPPORTED, ISSUER_RESTRICTED, TOKEN_EXPIRED,
                 MONTHLY_LIMIT, GENERAL_ERROR, UNRECOGNISED -> unknown(r);
        };
    }

    public static Outcome<Refund> refundQuery(JsonNode r, String outRefundNo) {
        RespCode code = RespCode.of(text(r, "respCode"));
        return switch (code) {
            case SUCCESS -> {
                RefundState state = RefundState.of(text(r, "origRespCode"));
                yield switch (state) {
                    case SUCCESS -> refunded(r, outRefundNo, Optional.empty());
                    case PROCESSING -> Outcome.pending(state.wire());
                    case FAILED -> declinedOrig(DeclineCodes.REFUND_FAILED, r);
                    case UNRECOGNISED -> Outcome.unknown("unrecognised refund origRespCode " + text(r, "origRespCode"));
                };
            }
            case NOT_FOUND -> declined(DeclineCodes.REFUND_NOT_FOUND, r);
            case SIGNATURE_INVALID -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case FORMAT_ERROR, MISSING_FIELDS, MERCHANT_STATE, NO_PERMISSION, NO_BUSINESS_PERMISSION ->
                    declined(DeclineCodes.CHANNEL_REJECTED, r);
            case TOO_FREQUENT -> declined(DeclineCodes.CHANNEL_BUSY, r);
            case FAILED, PAYING, TIMED_OUT, STATE_UNCLEAR, ACCEPTED, BUSY, DUPLICATE, NOT_PASSED, AMOUNT_LIMIT, ORIGINAL_STATE,
                 ORIGINAL_MISMATCH, RISK, OUT_OF_HOURS, ALREADY_UNDONE, ISSUER_DECLINED, INVALID_CARD, ISSUER_REFUSES_MERCHANT,
                 CARD_STATE, INSUFFICIENT_BALANCE, WRONG_PIN, PIN_TRIES_EXCEEDED, CARD_NOT_SUPPORTED, ISSUER_RESTRICTED,
                 TOKEN_EXPIRED, MONTHLY_LIMIT, ISSUER_PROCESSING, GENERAL_ERROR, UNRECOGNISED -> unknown(r);
        };
    }

    // ------------------------------------------------------------------ helpers

    /** A charge from a paid answer; Unknown when it is about another order or lacks what proves the payment. */
    private static Outcome<Charge> charge(JsonNode r, String orderNo) {
        String echoed = text(r, "orderNo");
        if (!echoed.isEmpty() && !echoed.equals(orderNo)) return Outcome.unknown("answer is about order " + echoed + ", not " + orderNo);
        String transIndex = text(r, "transIndex");
        Optional<Money> amount = fen(text(r, "txnAmt"));
        Optional<Instant> paidAt = time(text(r, "payTime"));
        if (transIndex.isEmpty() || amount.isEmpty() || paidAt.isEmpty())
            return Outcome.unknown("paid answer without transIndex, txnAmt or payTime; query again");
        return Outcome.succeeded(new Charge(transIndex, amount.get(), paidAt.get()));
    }

    /** A refund from a successful answer; the refund answer's own amount is preferred, else what was asked. */
    private static Outcome<Refund> refunded(JsonNode r, String outRefundNo, Optional<Money> asked) {
        String echoed = text(r, "orderNo");
        if (!echoed.isEmpty() && !echoed.equals(outRefundNo))
            return Outcome.unknown("answer is about refund " + echoed + ", not " + outRefundNo);
        String transIndex = text(r, "transIndex");
        Optional<Money> amount = fen(text(r, "txnAmt")).or(() -> asked);
        Optional<Instant> at = time(text(r, "payTime"));
        if (transIndex.isEmpty() || amount.isEmpty() || at.isEmpty())
            return Outcome.unknown("refund answer without transIndex, txnAmt or payTime; query the refund");
        return Outcome.succeeded(new Refund(outRefundNo, transIndex, amount.get(), at.get()));
    }

    // ------------------------------------------------------------------ daily transaction file

    public static ObjectNode billDownload(Merchant m, java.time.LocalDate day) {
        return base(m).put("settleDate", java.time.format.DateTimeFormatter.BASIC_ISO_DATE.format(day));
    }

    /** Where the day's file is and the SHA-256 it must have. */
    public record BillLink(String fileUrl, String sha256) {}

    public static Outcome<BillLink> billLink(JsonNode r) {
        RespCode code = RespCode.of(text(r, "respCode"));
        if (code == RespCode.SUCCESS) {
            String url = text(r, "fileUrl"), sha = text(r, "fileSha256");
            return url.isEmpty() || sha.isEmpty() ? Outcome.unknown("UnionPay's bill download answer names no file or no SHA-256")
                    : Outcome.succeeded(new BillLink(url, sha));
        }
        return switch (code) {
            case SIGNATURE_INVALID -> declined(DeclineCodes.SIGNATURE_REJECTED, r);
            case TOO_FREQUENT, BUSY -> declined(DeclineCodes.CHANNEL_BUSY, r);
            case FORMAT_ERROR, MISSING_FIELDS, MERCHANT_STATE, NO_PERMISSION, NO_BUSINESS_PERMISSION, NOT_FOUND ->
                    declined(DeclineCodes.CHANNEL_REJECTED, r);
            default -> unknown(r);
        };
    }

    /** The daily file's columns, in order (channels/docs/statements.md). */
    static final String FILE_HEADER = "type,orderNo,origOrderNo,tradeNo,amountFen,time,status";

    /**
     * A row of the daily file as a neutral line: PAY a payment, REFUND a refund (outRefundNo: its own orderNo; outTradeNo:
     * the original), REVERSAL a reversal that returned money; a row not SUCCESS, or of another type, is OTHER.
     * IllegalArgumentException when the row is not in the file's shape.
     */
    public static Statement.Line fileLine(String row) {
        String[] f = row.split(",", -1);
        if (f.length != 7) throw new IllegalArgumentException("a UnionPay file row has 7 fields, not " + f.length);
        Money amount = fen(f[4]).orElseThrow(() -> new IllegalArgumentException("bad amountFen " + f[4]));
        Instant at = time(f[5]).orElseThrow(() -> new IllegalArgumentException("bad time " + f[5]));
        Statement.Kind kind = !"SUCCESS".equals(f[6]) ? Statement.Kind.OTHER : switch (f[0]) {
            case "PAY" -> Statement.Kind.PAYMENT;
            case "REFUND" -> Statement.Kind.REFUND;
            case "REVERSAL" -> Statement.Kind.REVERSAL;
            default -> Statement.Kind.OTHER;
        };
        return kind == Statement.Kind.REFUND
                ? new Statement.Line(kind, f[2], f[3], f[1], amount, at)
                : new Statement.Line(kind, f[1], f[3], null, amount, at);
    }

    private static <T> Outcome<T> declined(String code, JsonNode r) {
        return Outcome.declined(code, text(r, "respMsg"), text(r, "respCode"));
    }

    /** A decline the order's state gives: the vendor code is {@code origRespCode}. */
    private static <T> Outcome<T> declinedOrig(String code, JsonNode r) {
        String msg = text(r, "origRespMsg");
        return Outcome.declined(code, msg.isEmpty() ? text(r, "respMsg") : msg, "orig:" + text(r, "origRespCode"));
    }

    private static <T> Outcome<T> unknown(JsonNode r) {
        return Outcome.unknown("UnionPay answered respCode " + text(r, "respCode") + " " + text(r, "respMsg")
                + "; query to learn the outcome");
    }

    static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? "" : v.asString();
    }

    /** Fen as digits only: a sign, decimals or anything else is no amount. */
    static Optional<Money> fen(String text) {
        if (!text.matches("\\d{1,15}")) return Optional.empty();
        return Optional.of(Money.ofFen(Long.parseLong(text)));
    }

    static Optional<Instant> time(String text) {
        if (text.isEmpty()) return Optional.empty();
        try {
            return Optional.of(UnionPayProtocol.parseTime(text));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
