package org.hospay.channels.alipay;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Alipay codes the adapter acts on, one enum per field and API (Alipay documents an error list per
 * API). Strings are turned into constants here, with an explicit {@code UNRECOGNISED} for anything
 * else, so that {@link AlipayMapping} can switch over them without a {@code default}: a new constant
 * is a compile error there, not a silent fallback. Sources: channels/docs/alipay.md.
 */
public final class AlipayCodes {

    private AlipayCodes() {}

    /** A constant with the vendor's spelling. */
    public interface Wire {
        String wire();
    }

    static <E extends Enum<E> & Wire> E parse(Class<E> type, String text, E unrecognised) {
        if (text == null) return unrecognised;
        for (E e : type.getEnumConstants()) {
            if (e != unrecognised && e.wire().equals(text)) return e;
        }
        return unrecognised;
    }

    /** The public {@code code}. */
    public enum Code implements Wire {
        SUCCESS("10000"),
        /** 用户支付中: the buyer must confirm (password); query. */
        PAYING("10003"),
        /** 服务不可用 (isp.unknow-error): the outcome is unknown; query. */
        UNAVAILABLE("20000"),
        /** 授权权限不足. */
        INSUFFICIENT_AUTHORITY("20001"),
        MISSING_ARGUMENTS("40001"),
        INVALID_ARGUMENTS("40002"),
        BUSINESS_FAILED("40004"),
        /** 权限不足. */
        FORBIDDEN("40006"),
        UNRECOGNISED("");

        private final String wire;

        Code(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static Code of(String text) {
            return parse(Code.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of the gateway's own refusals (40001, 40002, 20000): the request was not processed. */
    public enum GatewaySubCode implements Wire {
        INVALID_SIGNATURE("isv.invalid-signature"),
        INVALID_SIGNATURE_TYPE("isv.invalid-signature-type"),
        MISSING_SIGNATURE("isv.missing-signature"),
        INVALID_APP_ID("isv.invalid-app-id"),
        INVALID_METHOD("isv.invalid-method"),
        INVALID_TIMESTAMP("isv.invalid-timestamp"),
        INVALID_PARAMETER("isv.invalid-parameter"),
        UNRECOGNISED("");

        private final String wire;

        GatewaySubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static GatewaySubCode of(String text) {
            return parse(GatewaySubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.trade.pay} (bar code and agreement withholding) under 40004. */
    public enum PaySubCode implements Wire {
        SYSTEM_ERROR("ACQ.SYSTEM_ERROR"),
        INVALID_PARAMETER("ACQ.INVALID_PARAMETER"),
        ACCESS_FORBIDDEN("ACQ.ACCESS_FORBIDDEN"),
        TOTAL_FEE_EXCEED("ACQ.TOTAL_FEE_EXCEED"),
        INVALID_STORE_ID("ACQ.INVALID_STORE_ID"),
        PAYMENT_AUTH_CODE_INVALID("ACQ.PAYMENT_AUTH_CODE_INVALID"),
        CONTEXT_INCONSISTENT("ACQ.CONTEXT_INCONSISTENT"),
        TRADE_HAS_SUCCESS("ACQ.TRADE_HAS_SUCCESS"),
        TRADE_HAS_CLOSE("ACQ.TRADE_HAS_CLOSE"),
        TRADE_BUYER_NOT_MATCH("ACQ.TRADE_BUYER_NOT_MATCH"),
        BUYER_BALANCE_NOT_ENOUGH("ACQ.BUYER_BALANCE_NOT_ENOUGH"),
        BUYER_BANKCARD_BALANCE_NOT_ENOUGH("ACQ.BUYER_BANKCARD_BALANCE_NOT_ENOUGH"),
        ERROR_BALANCE_PAYMENT_DISABLE("ACQ.ERROR_BALANCE_PAYMENT_DISABLE"),
        NO_PAYMENT_INSTRUMENTS_AVAILABLE("ACQ.NO_PAYMENT_INSTRUMENTS_AVAILABLE"),
        PAYMENT_FAIL("ACQ.PAYMENT_FAIL"),
        PAYMENT_REQUEST_HAS_RISK("ACQ.PAYMENT_REQUEST_HAS_RISK"),
        BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR("ACQ.BUYER_PAYMENT_AMOUNT_DAY_LIMIT_ERROR"),
        BEYOND_PAY_RESTRICTION("ACQ.BEYOND_PAY_RESTRICTION"),
        AGREEMENT_NOT_EXIST("ACQ.AGREEMENT_NOT_EXIST"),
        AGREEMENT_INVALID("ACQ.AGREEMENT_INVALID"),
        AGREEMENT_STATUS_NOT_NORMAL("ACQ.AGREEMENT_STATUS_NOT_NORMAL"),
        AGREEMENT_ERROR("ACQ.AGREEMENT_ERROR"),
        CYCLE_PAY_SINGLE_FEE_EXCEED("ACQ.CYCLE_PAY_SINGLE_FEE_EXCEED"),
        CYCLE_PAY_TOTAL_FEE_EXCEED("ACQ.CYCLE_PAY_TOTAL_FEE_EXCEED"),
        CYCLE_PAY_TOTAL_TIMES_EXCEED("ACQ.CYCLE_PAY_TOTAL_TIMES_EXCEED"),
        CYCLE_PAY_DATE_NOT_MATCH("ACQ.CYCLE_PAY_DATE_NOT_MATCH"),
        UNRECOGNISED("");

        private final String wire;

        PaySubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static PaySubCode of(String text) {
            return parse(PaySubCode.class, text, UNRECOGNISED);
        }
    }

    /**
     * Why {@code ACQ.PAYMENT_AUTH_CODE_INVALID}: Alipay uses that one sub_code for a code that is
     * misread, already used or expired, and appends its internal reason to {@code sub_msg} in
     * brackets ({@code …[SOUNDWAVE_PARSER_FAIL]}). Only SOUNDWAVE_PARSER_FAIL is seen in published
     * answers; the two others are what the simulator appends (channels/docs/alipay.md).
     */
    public enum AuthCodeProblem implements Wire {
        SOUNDWAVE_PARSER_FAIL("SOUNDWAVE_PARSER_FAIL"),
        AUTH_CODE_EXPIRED("AUTH_CODE_EXPIRED"),
        AUTH_CODE_USED("AUTH_CODE_USED"),
        /** No bracketed reason, or another one. */
        UNRECOGNISED("");

        private static final Pattern TRAILING_REASON = Pattern.compile("\\[([A-Z_]+)]\\s*$");

        private final String wire;

        AuthCodeProblem(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static AuthCodeProblem ofSubMsg(String subMsg) {
            if (subMsg == null) return UNRECOGNISED;
            Matcher m = TRAILING_REASON.matcher(subMsg);
            return m.find() ? parse(AuthCodeProblem.class, m.group(1), UNRECOGNISED) : UNRECOGNISED;
        }
    }

    /** {@code trade_status} of {@code alipay.trade.query}. */
    public enum TradeStatus implements Wire {
        WAIT_BUYER_PAY("WAIT_BUYER_PAY"),
        TRADE_SUCCESS("TRADE_SUCCESS"),
        /** Paid and no longer refundable. */
        TRADE_FINISHED("TRADE_FINISHED"),
        /** Closed unpaid, cancelled, or fully refunded: Alipay does not say which. */
        TRADE_CLOSED("TRADE_CLOSED"),
        UNRECOGNISED("");

        private final String wire;

        TradeStatus(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static TradeStatus of(String text) {
            return parse(TradeStatus.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.trade.query} under 40004. */
    public enum QuerySubCode implements Wire {
        SYSTEM_ERROR("ACQ.SYSTEM_ERROR"),
        INVALID_PARAMETER("ACQ.INVALID_PARAMETER"),
        TRADE_NOT_EXIST("ACQ.TRADE_NOT_EXIST"),
        UNRECOGNISED("");

        private final String wire;

        QuerySubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static QuerySubCode of(String text) {
            return parse(QuerySubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.trade.cancel} under 40004. */
    public enum CancelSubCode implements Wire {
        SYSTEM_ERROR("ACQ.SYSTEM_ERROR"),
        INVALID_PARAMETER("ACQ.INVALID_PARAMETER"),
        TRADE_NOT_EXIST("ACQ.TRADE_NOT_EXIST"),
        SELLER_BALANCE_NOT_ENOUGH("ACQ.SELLER_BALANCE_NOT_ENOUGH"),
        REASON_TRADE_BEEN_FREEZEN("ACQ.REASON_TRADE_BEEN_FREEZEN"),
        TRADE_CANCEL_TIME_OUT("ACQ.TRADE_CANCEL_TIME_OUT"),
        REASON_TRADE_REFUND_FEE_ERR("ACQ.REASON_TRADE_REFUND_FEE_ERR"),
        CANCEL_NOT_ALLOWED("ACQ.CANCEL_NOT_ALLOWED"),
        UNRECOGNISED("");

        private final String wire;

        CancelSubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static CancelSubCode of(String text) {
            return parse(CancelSubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code action} of a successful {@code alipay.trade.cancel}. */
    public enum CancelAction implements Wire {
        /** Closed before the buyer paid. */
        CLOSE("close"),
        /** The buyer had paid; the money went back. */
        REFUND("refund"),
        UNRECOGNISED("");

        private final String wire;

        CancelAction(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static CancelAction of(String text) {
            return parse(CancelAction.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.trade.refund} under 40004. */
    public enum RefundSubCode implements Wire {
        SYSTEM_ERROR("ACQ.SYSTEM_ERROR"),
        INVALID_PARAMETER("ACQ.INVALID_PARAMETER"),
        TRADE_NOT_EXIST("ACQ.TRADE_NOT_EXIST"),
        TRADE_STATUS_ERROR("ACQ.TRADE_STATUS_ERROR"),
        TRADE_HAS_CLOSE("ACQ.TRADE_HAS_CLOSE"),
        REFUND_AMT_NOT_EQUAL_TOTAL("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"),
        DISCORDANT_REPEAT_REQUEST("ACQ.DISCORDANT_REPEAT_REQUEST"),
        SELLER_BALANCE_NOT_ENOUGH("ACQ.SELLER_BALANCE_NOT_ENOUGH"),
        REASON_TRADE_BEEN_FREEZEN("ACQ.REASON_TRADE_BEEN_FREEZEN"),
        TRADE_NOT_ALLOW_REFUND("ACQ.TRADE_NOT_ALLOW_REFUND"),
        REFUND_FEE_ERROR("ACQ.REFUND_FEE_ERROR"),
        UNRECOGNISED("");

        private final String wire;

        RefundSubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static RefundSubCode of(String text) {
            return parse(RefundSubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.trade.fastpay.refund.query} under 40004. */
    public enum RefundQuerySubCode implements Wire {
        SYSTEM_ERROR("ACQ.SYSTEM_ERROR"),
        INVALID_PARAMETER("ACQ.INVALID_PARAMETER"),
        TRADE_NOT_EXIST("ACQ.TRADE_NOT_EXIST"),
        UNRECOGNISED("");

        private final String wire;

        RefundQuerySubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static RefundQuerySubCode of(String text) {
            return parse(RefundQuerySubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code refund_status} of a refund query; absent means the refund was never received or failed. */
    public enum RefundStatus implements Wire {
        REFUND_SUCCESS("REFUND_SUCCESS"),
        ABSENT(""),
        UNRECOGNISED("");

        private final String wire;

        RefundStatus(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static RefundStatus of(String text) {
            return text == null || text.isEmpty() ? ABSENT : parse(RefundStatus.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.user.agreement.query} / {@code .unsign} under 40004. */
    public enum AgreementSubCode implements Wire {
        SYSTEM_ERROR("SYSTEM_ERROR"),
        INVALID_PARAMETER("INVALID_PARAMETER"),
        USER_AGREEMENT_NOT_EXIST("USER_AGREEMENT_NOT_EXIST"),
        AGREEMENT_HAS_UNSIGNED("AGREEMENT_HAS_UNSIGNED"),
        UNRECOGNISED("");

        private final String wire;

        AgreementSubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static AgreementSubCode of(String text) {
            return parse(AgreementSubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code status} of a withholding agreement (query answer and notifications). */
    public enum AgreementStatus implements Wire {
        NORMAL("NORMAL"),
        /** Created, never took effect. */
        TEMP("TEMP"),
        /** Paused. */
        STOP("STOP"),
        UNSIGN("UNSIGN"),
        UNRECOGNISED("");

        private final String wire;

        AgreementStatus(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static AgreementStatus of(String text) {
            return parse(AgreementStatus.class, text, UNRECOGNISED);
        }
    }

    /** {@code sub_code} of {@code alipay.data.dataservice.bill.downloadurl.query} under 40004. */
    public enum BillSubCode implements Wire {
        BILL_NOT_EXIST("isp.bill_not_exist"),
        INVALID_PARAMETER("isv.invalid-parameter"),
        UNRECOGNISED("");

        private final String wire;

        BillSubCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static BillSubCode of(String text) {
            return parse(BillSubCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code notify_type} of an asynchronous notification. */
    public enum NotifyType implements Wire {
        AGREEMENT_SIGNED("dut_user_sign"),
        AGREEMENT_UNSIGNED("dut_user_unsign"),
        TRADE_STATUS("trade_status_sync"),
        UNRECOGNISED("");

        private final String wire;

        NotifyType(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static NotifyType of(String text) {
            return parse(NotifyType.class, text, UNRECOGNISED);
        }
    }
}
