package org.hospay.gateway.family;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.code.Masking;

/**
 * What payers are told, as outbox payloads: a title and text for the message, and the facts as fields.
 * Patients appear only as a masked name and card; identity numbers never.
 */
final class PayerMessages {

    static final String DEDUCTED = "DEDUCTED";
    static final String DEDUCTION_FAILED = "DEDUCTION_FAILED";
    static final String REFUNDED = "REFUNDED";
    static final String AGREEMENT_SIGNED = "AGREEMENT_SIGNED";
    static final String AGREEMENT_ENDED = "AGREEMENT_ENDED";
    static final String BINDING_REVOKED = "BINDING_REVOKED";
    static final String CONSENT_GIVEN = "CONSENT_GIVEN";
    static final String DEPOSIT_LOW = "DEPOSIT_LOW";

    private PayerMessages() {}

    static Map<String, Object> deducted(Binding b, String billNo, long fen, String channelTradeNo, Instant at) {
        Map<String, Object> m = base(b, "亲情代付扣款成功",
                "已为" + Identities.maskName(b.patientName()) + "支付医院账单 " + billNo + "，金额 " + yuan(fen) + " 元", at);
        m.put("billNo", billNo);
        m.put("amountFen", fen);
        m.put("channelTradeNo", channelTradeNo);
        return m;
    }

    static Map<String, Object> failed(Binding b, String billNo, long fen, String reason, Instant at) {
        Map<String, Object> m = base(b, "亲情代付未能扣款",
                Identities.maskName(b.patientName()) + "的医院账单 " + billNo + "（" + yuan(fen) + " 元）未能从您的账户扣款：" + reason
                        + "；将尝试下一位代付人，否则请在窗口缴费", at);
        m.put("billNo", billNo);
        m.put("amountFen", fen);
        m.put("reason", reason);
        return m;
    }

    static Map<String, Object> refunded(Binding b, String billNo, long fen, String outRefundNo, Instant at) {
        Map<String, Object> m = base(b, "亲情代付退款",
                Identities.maskName(b.patientName()) + "的医院账单 " + billNo + " 退款 " + yuan(fen) + " 元，已退回您的账户", at);
        m.put("billNo", billNo);
        m.put("amountFen", fen);
        m.put("outRefundNo", outRefundNo);
        return m;
    }

    static Map<String, Object> consentGiven(Binding b, Instant at) {
        return base(b, "就诊人已同意代付", Identities.maskName(b.patientName()) + "已同意由您代付医院账单，请签署代扣协议以开通", at);
    }

    static Map<String, Object> agreementSigned(Binding b, Instant at) {
        return base(b, "亲情代付已开通", "您已为" + Identities.maskName(b.patientName()) + "开通亲情代付（" + b.channel() + "）", at);
    }

    static Map<String, Object> agreementEnded(Binding b, Instant at) {
        return base(b, "代扣协议已解约", "您为" + Identities.maskName(b.patientName()) + "签署的代扣协议已解约，不再自动扣款", at);
    }

    static Map<String, Object> revoked(Binding b, String by, Instant at) {
        Map<String, Object> m = base(b, "亲情代付已解除",
                "您与" + Identities.maskName(b.patientName()) + "的亲情代付已由" + ("PATIENT".equals(by) ? "就诊人" : "您") + "解除", at);
        m.put("revokedBy", by);
        return m;
    }

    /** The ward's reminder that an inpatient's deposits run low (to the patient, or to a payer bound to their card). */
    static Map<String, Object> depositLow(Binding b, boolean toPatient, String admissionNo, String reminderNo, long balanceFen,
                                          long suggestedFen, Instant at) {
        String who = toPatient ? "您" : Identities.maskName(b.patientName());
        Map<String, Object> m = base(b, "住院预交金不足提醒", who + "的住院预交金余额 " + yuan(balanceFen) + " 元，病区提醒续交 "
                + yuan(suggestedFen) + " 元，可在床旁扫码或由亲情代付人缴纳", at);
        m.put("admissionNo", admissionNo);
        m.put("reminderNo", reminderNo);
        m.put("balanceFen", balanceFen);
        m.put("suggestedFen", suggestedFen);
        m.put("to", toPatient ? "PATIENT" : "PAYER");
        return m;
    }

    private static Map<String, Object> base(Binding b, String title, String text, Instant at) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", title);
        m.put("text", text);
        m.put("bindingId", b.bindingId().toString());
        m.put("patient", Identities.maskName(b.patientName()));
        m.put("card", Masking.mask(b.cardNo()));
        m.put("channel", b.channel() == null ? null : b.channel().name());
        m.put("at", at.toString());
        return m;
    }

    static String yuan(long fen) {
        return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
