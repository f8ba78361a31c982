package org.hospay.channels.wechat;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.hospay.channels.AppOrder;
import org.hospay.channels.AppOrderRequest;
import org.hospay.channels.Charge;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Reversal;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.http.HttpOutcomes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pure half of the WeChat Pay v3 adapter: request bodies and paths from our types, and the vendor's
 * (already signature-verified) answers to {@link Outcome}s. No I/O, no clock.
 *
 * <p>Answers follow v3's HTTP conventions: 200 with a JSON resource, 202 "accepted, still in progress"
 * (codepay while the customer types a password, channels/docs/wechat.md), 204 no content, 4xx a refusal
 * {@code {"code","message","detail"}} that was not processed, 5xx "may or may not have been processed".
 * Every {@code trade_state}, refund {@code status} and error {@code code} is mapped by a {@code switch}
 * without {@code default}; a value we do not know is Unknown (query, then decide), never a decline.
 */
public final class WechatPayMapping {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** The operation an answer belongs to: some error codes mean different things per operation. */
    public enum Operation { CHARGE, QUERY, REVERSE, REFUND, REFUND_QUERY, WITHHOLD, CONTRACT, BILL }

    /** Where a daily trade bill can be fetched ({@code /v3/bill/tradebill}); the link is valid for about 30 s. */
    public record BillLink(URI downloadUrl, String hashType, String hashValue) {}

    private WechatPayMapping() {}

    // ------------------------------------------------------------------ paths

    public static String codepayPath() {
        return "/v3/pay/transactions/codepay";
    }

    public static String queryPath(String mchid, String outTradeNo) {
        return "/v3/pay/transactions/out-trade-no/" + segment(outTradeNo) + "?mchid=" + segment(mchid);
    }

    public static String reversePath(String outTradeNo) {
        return "/v3/pay/transactions/out-trade-no/" + segment(outTradeNo) + "/reverse";
    }

    public static String jsapiPath() {
        return "/v3/pay/transactions/jsapi";
    }

    public static String closePath(String outTradeNo) {
        return "/v3/pay/transactions/out-trade-no/" + segment(outTradeNo) + "/close";
    }

    public static String refundPath() {
        return "/v3/refund/domestic/refunds";
    }

    public static String refundQueryPath(String outRefundNo) {
        return "/v3/refund/domestic/refunds/" + segment(outRefundNo);
    }

    public static String withholdPath() {
        return "/v3/papay/pay/transactions/apply";
    }

    public static String contractPath(long planId, String outContractCode) {
        return "/v3/papay/sign/contracts/plan-id/" + planId + "/out-contract-code/" + segment(outContractCode);
    }

    public static String terminatePath(long planId, String outContractCode) {
        return contractPath(planId, outContractCode) + "/terminate";
    }

    /** {@code gzip}: the file comes gzipped ({@code tar_type=GZIP}; its hash is still the bill's own). */
    public static String tradeBillPath(LocalDate billDate, boolean gzip) {
        return "/v3/bill/tradebill?bill_date=" + billDate + "&bill_type=ALL" + (gzip ? "&tar_type=GZIP" : "");
    }

    /**
     * Percent-encodes a path segment or query value: everything but RFC 3986 unreserved characters. WeChat
     * order numbers may hold {@code |} and {@code *}, which URI builders treat inconsistently; the bytes we
     * sign must be the bytes we send.
     */
    static String segment(String value) {
        StringBuilder b = new StringBuilder(value.length());
        for (byte c : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ requests

    /** {@code POST /v3/pay/transactions/codepay}: the scanned code goes in {@code payer.auth_code}, fen in {@code amount.total}. */
    public static byte[] codepayRequest(ChargeRequest r, String appid, String mchid) {
        ObjectNode body = JSON.createObjectNode()
                .put("appid", appid)
                .put("mchid", mchid)
                .put("description", r.description())
                .put("out_trade_no", r.outTradeNo());
        body.putObject("payer").put("auth_code", r.authCode());
        body.putObject("amount").put("total", r.amount().fen()).put("currency", "CNY");
        body.putObject("scene_info").put("device_id", r.terminalId())
                .putObject("store_info").put("out_id", r.terminalId());
        return JSON.writeValueAsBytes(body);
    }

    public static byte[] reverseRequest(String appid, String mchid) {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("appid", appid).put("mchid", mchid));
    }

    public static byte[] refundRequest(RefundRequest r) {
        ObjectNode body = JSON.createObjectNode()
                .put("out_trade_no", r.outTradeNo())
                .put("out_refund_no", r.outRefundNo());
        body.putObject("amount").put("refund", r.refund().fen()).put("total", r.total().fen()).put("currency", "CNY");
        return JSON.writeValueAsBytes(body);
    }

    /** {@code POST /v3/papay/pay/transactions/apply} (受理扣款). */
    public static byte[] withholdRequest(WithholdRequest r, String appid, String mchid, URI notifyUrl) {
        ObjectNode body = JSON.createObjectNode()
                .put("appid", appid)
                .put("mchid", mchid)
                .put("out_trade_no", r.outTradeNo())
                .put("description", r.description())
                .put("contract_id", r.agreementId())
                .put("transaction_notify_url", notifyUrl.toString());
        body.putObject("amount").put("total", r.amount().fen()).put("currency", "CNY");
        return JSON.writeValueAsBytes(body);
    }

    /** JSAPI / mini-program order (JSAPI下单): the payer is the mini-program user's openid. */
    public static byte[] jsapiRequest(AppOrderRequest r, String appid, String mchid, URI notifyUrl) {
        ObjectNode body = JSON.createObjectNode()
                .put("appid", appid)
                .put("mchid", mchid)
                .put("description", r.description())
                .put("out_trade_no", r.outTradeNo())
                .put("notify_url", notifyUrl.toString());
        body.putObject("amount").put("total", r.amount().fen()).put("currency", "CNY");
        body.putObject("payer").put("openid", r.payerId());
        return JSON.writeValueAsBytes(body);
    }

    public static byte[] closeRequest(String mchid) {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("mchid", mchid));
    }

    /** The JSAPI answer: 200 {@code {"prepay_id"}}; anything else as the codepay errors. */
    public static Outcome<AppOrder> prepaid(AppOrderRequest r, int status, String body) {
        if (status != 200) return error(Operation.CHARGE, status, body);
        JsonNode tx = parse(body);
        String prepayId = tx == null ? null : tx.path("prepay_id").asString(null);
        if (prepayId == null || prepayId.isBlank()) return Outcome.unknown("WeChat JSAPI answer has no prepay_id");
        return Outcome.succeeded(new AppOrder(r.outTradeNo(), prepayId));
    }

    /** Close: 204 closed (also an order already closed); a paid order answers ORDER_PAID (Declined ORDER_NUMBER_REUSED). */
    public static Outcome<Void> closed(int status, String body) {
        if (status == 204 || status == 200) return Outcome.succeeded(null);
        return error(Operation.REVERSE, status, body);
    }

    public static byte[] terminateRequest(String remark) {
        return JSON.writeValueAsBytes(JSON.createObjectNode().put("contract_termination_remark", remark));
    }

    // ------------------------------------------------------------------ answers

    /** The codepay answer. 202 is "customer still confirming" whatever the body says. */
    public static Outcome<Charge> charge(String mchid, ChargeRequest request, int status, String body) {
        if (status == 202) return Outcome.pending(WechatPayTradeState.USERPAYING.name());
        if (status != 200) return error(Operation.CHARGE, status, body);
        JsonNode tx = parse(body);
        if (tx == null) return Outcome.unknown("WeChat codepay answer is not JSON");
        String mismatch = mismatch(tx, mchid, request.outTradeNo());
        if (mismatch == null && tx.path("amount").has("total") && tx.path("amount").path("total").asLong(-1) != request.amount().fen())
            mismatch = "amount.total " + tx.path("amount").path("total") + " is not the " + request.amount().fen() + " fen asked";
        if (mismatch != null) return Outcome.unknown("WeChat codepay answer does not match the request: " + mismatch);
        return order(tx);
    }

    /** An order answer ({@code GET …/out-trade-no/{out_trade_no}}), code payment or papay deduction. */
    public static Outcome<Charge> query(String mchid, String outTradeNo, int status, String body) {
        if (status != 200) return error(Operation.QUERY, status, body);
        JsonNode tx = parse(body);
        if (tx == null) return Outcome.unknown("WeChat order answer is not JSON");
        String mismatch = mismatch(tx, mchid, outTradeNo);
        if (mismatch != null) return Outcome.unknown("WeChat order answer does not match the query: " + mismatch);
        return order(tx);
    }

    /**
     * The v3 reverse answer: 200 echoing the order (mainland doc) or 204 (global doc). v3 has no
     * {@code recall} flag, and does not say whether money had moved, so a success is
     * {@link Reversal.Effect#REVERSED}; a 5xx is Unknown and the caller reverses again.
     */
    public static Outcome<Reversal> reversal(String outTradeNo, int status, String body) {
        if (status == 204) return Outcome.succeeded(new Reversal(Reversal.Effect.REVERSED));
        if (status == 202) return Outcome.succeeded(new Reversal(Reversal.Effect.CALL_AGAIN));
        if (status != 200) return error(Operation.REVERSE, status, body);
        JsonNode answer = parse(body);
        if (answer != null && answer.has("out_trade_no") && !outTradeNo.equals(answer.path("out_trade_no").asString()))
            return Outcome.unknown("WeChat reverse answer names order " + answer.path("out_trade_no").asString() + ", not " + outTradeNo);
        return Outcome.succeeded(new Reversal(Reversal.Effect.REVERSED));
    }

    public static Outcome<Refund> refund(RefundRequest request, int status, String body) {
        if (status != 200) return error(Operation.REFUND, status, body);
        JsonNode r = parse(body);
        if (r == null) return Outcome.unknown("WeChat refund answer is not JSON");
        String mismatch = refundMismatch(r, request.outTradeNo(), request.outRefundNo());
        if (mismatch == null && r.path("amount").path("refund").asLong(-1) != request.refund().fen())
            mismatch = "amount.refund " + r.path("amount").path("refund") + " is not the " + request.refund().fen() + " fen asked";
        if (mismatch != null) return Outcome.unknown("WeChat refund answer does not match the request: " + mismatch);
        return refundState(r);
    }

    public static Outcome<Refund> refundQuery(String outTradeNo, String outRefundNo, int status, String body) {
        if (status != 200) return error(Operation.REFUND_QUERY, status, body);
        JsonNode r = parse(body);
        if (r == null) return Outcome.unknown("WeChat refund answer is not JSON");
        if (!outRefundNo.equals(r.path("out_refund_no").asString("")))
            return Outcome.unknown("WeChat refund answer names refund " + r.path("out_refund_no").asString("") + ", not " + outRefundNo);
        if (!outTradeNo.equals(r.path("out_trade_no").asString("")))
            return Outcome.declined(DeclineCodes.REFUND_NOT_FOUND, "refund " + outRefundNo + " belongs to order "
                    + r.path("out_trade_no").asString("") + ", not " + outTradeNo, "OUT_TRADE_NO_MISMATCH");
        return refundState(r);
    }

    /**
     * The papay apply answer: 200 means accepted (受理), not paid; the deduction's result is the order's
     * {@code trade_state} afterwards. Succeeds with the accepted order number.
     */
    public static Outcome<String> withholdAccepted(WithholdRequest request, int status, String body) {
        if (status != 200 && status != 202 && status != 204) return error(Operation.WITHHOLD, status, body);
        JsonNode answer = parse(body);
        if (answer != null && answer.has("out_trade_no") && !request.outTradeNo().equals(answer.path("out_trade_no").asString()))
            return Outcome.unknown("WeChat papay answer names order " + answer.path("out_trade_no").asString() + ", not " + request.outTradeNo());
        if (answer != null && answer.path("amount").has("total") && answer.path("amount").path("total").asLong(-1) != request.amount().fen())
            return Outcome.unknown("WeChat papay answer amount " + answer.path("amount").path("total") + " is not the " + request.amount().fen() + " fen asked");
        return Outcome.succeeded(request.outTradeNo());
    }

    /** A contract answer (query or terminate). */
    public static Outcome<WechatPayContract> contract(String mchid, long planId, String outContractCode, int status, String body) {
        if (status != 200) return error(Operation.CONTRACT, status, body);
        JsonNode c = parse(body);
        if (c == null) return Outcome.unknown("WeChat contract answer is not JSON");
        if (c.has("mchid") && !mchid.equals(c.path("mchid").asString()))
            return Outcome.unknown("WeChat contract answer is for merchant " + c.path("mchid").asString());
        if (!outContractCode.equals(c.path("out_contract_code").asString("")) || c.path("plan_id").asLong(-1) != planId)
            return Outcome.unknown("WeChat contract answer names another contract: " + c.path("plan_id") + "/" + c.path("out_contract_code"));
        try {
            return Outcome.succeeded(contract(c));
        } catch (MalformedAnswer e) {
            return Outcome.unknown("WeChat contract answer is malformed: " + e.getMessage());
        }
    }

    /** The {@code /v3/bill/tradebill} answer; {@link #NO_BILL} when WeChat says the day had no trade. */
    public static Outcome<BillLink> billLink(int status, String body) {
        if (status != 200) {
            JsonNode e = parse(body);
            // a day without trades has no bill: that is an answer, not a refusal
            if (status < 500 && e != null && WechatPayErrorCode.of(e.path("code").asString(null)) == WechatPayErrorCode.NO_STATEMENT_EXIST)
                return Outcome.succeeded(NO_BILL);
            return error(Operation.BILL, status, body);
        }
        JsonNode b = parse(body);
        String url = b == null ? "" : b.path("download_url").asString("");
        if (url.isBlank()) return Outcome.unknown("WeChat bill answer has no download_url");
        try {
            return Outcome.succeeded(new BillLink(URI.create(url), b.path("hash_type").asString(""), b.path("hash_value").asString("")));
        } catch (IllegalArgumentException e) {
            return Outcome.unknown("WeChat bill download_url is not a URL: " + url);
        }
    }

    /** The link a day without trades stands for: there is nothing to download. */
    public static final BillLink NO_BILL = new BillLink(URI.create("about:blank"), "", "");

    // ------------------------------------------------------------------ states

    /** An order resource by its {@code trade_state}. */
    static Outcome<Charge> order(JsonNode tx) {
        String raw = tx.path("trade_state").asString(null);
        String desc = tx.path("trade_state_desc").asString("");
        WechatPayTradeState state = WechatPayTradeState.of(raw);
        return switch (state) {
            case SUCCESS, REFUND -> paid(tx);
            case USERPAYING, NOTPAY, ACCEPT -> Outcome.pending(state.name());
            case REVOKED -> Outcome.declined(DeclineCodes.ORDER_REVERSED, orElse(desc, "已撤销"), state.name());
            case CLOSED -> Outcome.declined(DeclineCodes.ORDER_CLOSED, orElse(desc, "已关闭"), state.name());
            case PAYERROR -> Outcome.declined(DeclineCodes.PAYMENT_FAILED, orElse(desc, "支付失败"), state.name());
            case UNRECOGNIZED -> Outcome.unknown("WeChat trade_state " + raw + " is not one we know; query again");
        };
    }

    private static Outcome<Charge> paid(JsonNode tx) {
        try {
            String transactionId = required(tx, "transaction_id");
            long total = tx.path("amount").path("total").asLong(-1);
            if (total <= 0) throw new MalformedAnswer("amount.total missing");
            return Outcome.succeeded(new Charge(transactionId, Money.ofFen(total), time(required(tx, "success_time"))));
        } catch (MalformedAnswer e) {
            return Outcome.unknown("WeChat says paid but the answer is malformed: " + e.getMessage());
        }
    }

    static Outcome<Refund> refundState(JsonNode r) {
        String raw = r.path("status").asString(null);
        WechatPayRefundStatus status = WechatPayRefundStatus.of(raw);
        return switch (status) {
            case SUCCESS -> {
                try {
                    long refund = r.path("amount").path("refund").asLong(-1);
                    if (refund <= 0) throw new MalformedAnswer("amount.refund missing");
                    yield Outcome.succeeded(new Refund(required(r, "out_refund_no"), required(r, "refund_id"),
                            Money.ofFen(refund), time(required(r, "success_time"))));
                } catch (MalformedAnswer e) {
                    yield Outcome.unknown("WeChat says refunded but the answer is malformed: " + e.getMessage());
                }
            }
            case PROCESSING -> Outcome.pending(status.name());
            case CLOSED -> Outcome.declined(DeclineCodes.REFUND_FAILED, "退款关闭", status.name());
            case ABNORMAL -> Outcome.declined(DeclineCodes.REFUND_FAILED, "退款异常: the money could not go back; handle it at the merchant platform", status.name());
            case UNRECOGNIZED -> Outcome.unknown("WeChat refund status " + raw + " is not one we know; query again");
        };
    }

    static WechatPayContract contract(JsonNode c) {
        JsonNode termination = c.path("contract_terminate_info");
        String terminated = termination.path("contract_terminated_time").asString(null);
        String signed = c.path("contract_signed_time").asString(null);
        return new WechatPayContract(required(c, "contract_id"), c.path("plan_id").asLong(0), required(c, "out_contract_code"),
                c.path("openid").asString(null), WechatPayContractState.of(c.path("contract_state").asString(null)),
                signed == null ? null : time(signed), terminated == null ? null : time(terminated),
                termination.path("contract_termination_mode").asString(null));
    }

    // ------------------------------------------------------------------ errors

    /**
     * A non-2xx answer. A 5xx may have been processed: Unknown, whatever its code. Otherwise the
     * {@code code} decides; a body without one falls back to the HTTP status ({@link HttpOutcomes#status}).
     */
    public static <T> Outcome<T> error(Operation op, int status, String body) {
        JsonNode e = parse(body);
        String raw = e == null ? null : e.path("code").asString(null);
        String message = e == null ? "" : e.path("message").asString("");
        if (status >= 500)
            return Outcome.unknown("WeChat answered HTTP " + status + (raw == null ? "" : " " + raw + " " + message)
                    + "; the request may have been processed");
        if (raw == null || raw.isBlank()) return HttpOutcomes.status("WeChat Pay", status, body);
        WechatPayErrorCode code = WechatPayErrorCode.of(raw);
        return switch (code) {
            case SYSTEM_ERROR, SYSTEMERROR, BANK_ERROR, BANKERROR, BIZERR_NEED_RETRY ->
                    Outcome.unknown("WeChat " + raw + " " + message + "; query, then decide");
            case USERPAYING -> Outcome.pending(raw);
            case NOT_ENOUGH, NOTENOUGH -> op == Operation.REFUND
                    // for a refund it is the merchant's balance that is short, not the payer's
                    ? Outcome.declined(DeclineCodes.REFUND_REFUSED, message, raw)
                    : Outcome.declined(DeclineCodes.INSUFFICIENT_FUNDS, message, raw);
            case AUTH_CODE_EXPIRE, AUTHCODEEXPIRE -> Outcome.declined(DeclineCodes.CODE_EXPIRED, message, raw);
            case AUTH_CODE_ERROR -> Outcome.declined(DeclineCodes.CODE_USED, message, raw);
            case AUTH_CODE_INVALID -> Outcome.declined(DeclineCodes.CODE_INVALID, message, raw);
            case NOT_SUPPORT_CARD, NOTSUPORTCARD -> Outcome.declined(DeclineCodes.CARD_NOT_SUPPORTED, message, raw);
            case BUYER_MISMATCH, TRADE_ERROR -> Outcome.declined(DeclineCodes.PAYMENT_FAILED, message, raw);
            case ACCOUNT_ERROR, ACCOUNTERROR, USER_ACCOUNT_ABNORMAL -> op == Operation.REFUND
                    ? Outcome.declined(DeclineCodes.REFUND_REFUSED, message, raw)
                    : Outcome.declined(DeclineCodes.PAYMENT_FAILED, message, raw);
            case RULE_LIMIT, RULELIMIT -> op == Operation.WITHHOLD
                    ? Outcome.declined(DeclineCodes.AGREEMENT_LIMIT, message, raw)
                    : Outcome.declined(DeclineCodes.RISK_REJECTED, message, raw);
            case OUT_TRADE_NO_USED, ORDER_PAID, ORDERPAID -> Outcome.declined(DeclineCodes.ORDER_NUMBER_REUSED, message, raw);
            case ORDER_CLOSED, ORDERCLOSED -> Outcome.declined(DeclineCodes.ORDER_CLOSED, message, raw);
            case ORDER_REVERSED, ORDERREVERSED -> Outcome.declined(DeclineCodes.ORDER_REVERSED, message, raw);
            case ORDER_NOT_EXIST, ORDERNOTEXIST -> Outcome.declined(DeclineCodes.ORDER_NOT_FOUND, message, raw);
            case RESOURCE_NOT_EXISTS -> switch (op) {
                case REFUND_QUERY -> Outcome.declined(DeclineCodes.REFUND_NOT_FOUND, message, raw);
                case CONTRACT, WITHHOLD -> Outcome.declined(DeclineCodes.AGREEMENT_INVALID, message, raw);
                case CHARGE, QUERY, REVERSE, REFUND, BILL -> Outcome.declined(DeclineCodes.ORDER_NOT_FOUND, message, raw);
            };
            case REVERSE_EXPIRE -> Outcome.declined(DeclineCodes.REVERSE_EXPIRED, message, raw);
            case TRADE_OVERDUE -> Outcome.declined(DeclineCodes.REFUND_REFUSED, message, raw);
            case CONTRACT_NOT_EXIST, CONTRACT_ERROR, CONTRACTERROR -> Outcome.declined(DeclineCodes.AGREEMENT_INVALID, message, raw);
            // only billLink() expects it, and answers it before coming here
            case NO_STATEMENT_EXIST -> Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, raw);
            case PARAM_ERROR -> op == Operation.REFUND && refundAmountField(e)
                    ? Outcome.declined(DeclineCodes.REFUND_EXCEEDS_PAID, message, raw)
                    : Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, raw);
            case INVALID_REQUEST -> op == Operation.REFUND
                    ? Outcome.declined(DeclineCodes.REFUND_REFUSED, message, raw)
                    : Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, raw);
            case SIGN_ERROR, SIGNERROR -> Outcome.declined(DeclineCodes.SIGNATURE_REJECTED, message, raw);
            case FREQUENCY_LIMITED -> Outcome.declined(DeclineCodes.CHANNEL_BUSY, message, raw);
            case LACK_PARAMS, NO_AUTH, NOAUTH, APPID_MCHID_NOT_MATCH, MCH_NOT_EXISTS, MCHID_NOT_EXIST, APPID_NOT_EXIST ->
                    Outcome.declined(DeclineCodes.CHANNEL_REJECTED, message, raw);
            case UNRECOGNIZED -> Outcome.unknown("WeChat error code " + raw + " (HTTP " + status + ") is not one we know: " + message);
        };
    }

    /**
     * WeChat reports a refund above what is left to refund as PARAM_ERROR on {@code amount.refund}
     * (v3 {@code detail.field}, written {@code /amount/refund} or {@code amount.refund}); channels/docs/wechat.md.
     */
    private static boolean refundAmountField(JsonNode e) {
        String field = e.path("detail").path("field").asString("");
        return field.replace('/', '.').replaceFirst("^\\.", "").equals("amount.refund");
    }

    // ------------------------------------------------------------------ helpers

    private static String mismatch(JsonNode tx, String mchid, String outTradeNo) {
        if (tx.has("mchid") && !mchid.equals(tx.path("mchid").asString()))
            return "mchid " + tx.path("mchid").asString() + " is not ours";
        if (!outTradeNo.equals(tx.path("out_trade_no").asString("")))
            return "out_trade_no " + tx.path("out_trade_no").asString("") + " is not " + outTradeNo;
        return null;
    }

    private static String refundMismatch(JsonNode r, String outTradeNo, String outRefundNo) {
        if (!outRefundNo.equals(r.path("out_refund_no").asString(""))) return "out_refund_no " + r.path("out_refund_no").asString("");
        if (r.has("out_trade_no") && !outTradeNo.equals(r.path("out_trade_no").asString())) return "out_trade_no " + r.path("out_trade_no").asString();
        return null;
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            JsonNode n = JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String required(JsonNode node, String field) {
        String v = node.path(field).asString(null);
        if (v == null || v.isBlank()) throw new MalformedAnswer(field + " missing");
        return v;
    }

    private static Instant time(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedAnswer("not an RFC 3339 time: " + rfc3339);
        }
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** A field the outcome depends on is missing or unreadable; the answer cannot be trusted as a result. */
    static final class MalformedAnswer extends RuntimeException {
        MalformedAnswer(String message) {
            super(message, null, false, false);
        }
    }
}
