package org.hospay.channels.unionpay;

/**
 * The UnionPay codes the adapter acts on, turned from strings into constants with an explicit
 * {@code UNRECOGNISED}, so that {@link UnionPayMapping} switches over them without {@code default}.
 *
 * <p>{@code respCode}: 00, 02 (用户支付中), 12 and 99 are the partner platform's as used by Jeepay's ysfpay
 * channel; the rest follow UnionPay's ACP (全渠道) response-code table, which 12/99 agree with. The
 * partner guide's own list is not public; channels/docs/unionpay.md says which meanings are confirmed.
 */
public final class UnionPayCodes {

    private UnionPayCodes() {}

    interface Wire {
        String wire();
    }

    static <E extends Enum<E> & Wire> E parse(Class<E> type, String text, E unrecognised) {
        if (text == null) return unrecognised;
        for (E e : type.getEnumConstants()) {
            if (e != unrecognised && e.wire().equals(text)) return e;
        }
        return unrecognised;
    }

    /** {@code respCode}: what happened to this request. */
    public enum RespCode implements Wire {
        SUCCESS("00"),
        /** 交易失败. */
        FAILED("01"),
        /** 用户支付中 (partner platform): the payer must confirm; query. */
        PAYING("02"),
        /** 交易通讯超时，请发起查询交易. */
        TIMED_OUT("03"),
        /** 交易状态未明，请查询对账结果. */
        STATE_UNCLEAR("04"),
        /** 交易已受理，请稍后查询交易结果. */
        ACCEPTED("05"),
        /** 系统繁忙，请稍后再试. */
        BUSY("06"),
        /** 报文格式错误. */
        FORMAT_ERROR("10"),
        /** 验证签名失败. */
        SIGNATURE_INVALID("11"),
        /** 重复交易 / 交易重复: this order number was seen before; query. */
        DUPLICATE("12"),
        /** 报文交易要素缺失. */
        MISSING_FIELDS("13"),
        /** 交易未通过. */
        NOT_PASSED("30"),
        /** 商户状态不正确. */
        MERCHANT_STATE("31"),
        /** 无此交易权限. */
        NO_PERMISSION("32"),
        /** 交易金额超限. */
        AMOUNT_LIMIT("33"),
        /** 查无此交易. */
        NOT_FOUND("34"),
        /** 原交易不存在或状态不正确. */
        ORIGINAL_STATE("35"),
        /** 与原交易信息不符. */
        ORIGINAL_MISMATCH("36"),
        /** 已超过最大查询次数或操作过于频繁. */
        TOO_FREQUENT("37"),
        /** 银联风险受限. */
        RISK("38"),
        /** 交易不在受理时间范围内. */
        OUT_OF_HOURS("39"),
        /** 无此业务权限. */
        NO_BUSINESS_PERMISSION("43"),
        /** 原交易已被成功退货或已被成功撤销. */
        ALREADY_UNDONE("45"),
        /** 交易失败，详情请咨询您的发卡行. */
        ISSUER_DECLINED("60"),
        /** 输入的卡号无效: for a payment code, a code UnionPay did not issue. */
        INVALID_CARD("61"),
        /** 发卡银行不支持该商户. */
        ISSUER_REFUSES_MERCHANT("62"),
        /** 卡状态不正确: for a payment code, one already used for another order. */
        CARD_STATE("63"),
        /** 卡上的余额不足. */
        INSUFFICIENT_BALANCE("64"),
        /** 输入的密码、有效期或CVN2有误. */
        WRONG_PIN("65"),
        /** 密码输入次数超限. */
        PIN_TRIES_EXCEEDED("67"),
        /** 您的银行卡暂不支持该业务. */
        CARD_NOT_SUPPORTED("68"),
        /** 发卡行交易权限受限. */
        ISSUER_RESTRICTED("78"),
        /** 交易失败，Token 已过期: for a payment code, an expired one. */
        TOKEN_EXPIRED("80"),
        /** 月累计交易笔数(金额)超限. */
        MONTHLY_LIMIT("81"),
        /** 发卡行（渠道）处理中. */
        ISSUER_PROCESSING("83"),
        /** 通用错误 (partner platform: query). */
        GENERAL_ERROR("99"),
        UNRECOGNISED("");

        private final String wire;

        RespCode(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static RespCode of(String text) {
            return parse(RespCode.class, text, UNRECOGNISED);
        }
    }

    /** {@code origRespCode} of {@code queryOrder}: the order's state (Jeepay's ysfpay query, from the partner guide). */
    public enum OrderState implements Wire {
        PAID("00"),
        /** 转入退款: paid, refunds followed. */
        REFUNDED("01"),
        /** 未支付. */
        UNPAID("02"),
        /** 已关闭. */
        CLOSED("03"),
        /** 已撤销 (付款码支付). */
        REVERSED("04"),
        /** 用户支付中. */
        PAYING("05"),
        /** 支付失败. */
        FAILED("06"),
        UNRECOGNISED("");

        private final String wire;

        OrderState(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static OrderState of(String text) {
            return parse(OrderState.class, text, UNRECOGNISED);
        }
    }

    /** {@code origRespCode} of {@code refundQuery}: the refund's state (Jeepay's ysfpay refund query). */
    public enum RefundState implements Wire {
        SUCCESS("00"),
        FAILED("01"),
        PROCESSING("02"),
        UNRECOGNISED("");

        private final String wire;

        RefundState(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static RefundState of(String text) {
            return parse(RefundState.class, text, UNRECOGNISED);
        }
    }
}
