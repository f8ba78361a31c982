package org.hospay.gateway.payment;

import java.time.Instant;

/** What the patient presented, resolved from the raw scan into what the engine can pay with. */
public sealed interface PaymentSource {

    /** Kind reported in the payment (the code kinds of docs/api.md §5) and the masked rendering safe to store and show. */
    String kind();

    String masked();

    /** A WeChat / Alipay / UnionPay payment code: self-pay on that channel. */
    record ChannelCode(String kind, SelfPayMethod method, String authCode, String masked) implements PaymentSource {}

    /**
     * Something the insurance platform identifies (e-voucher token, ID number), optionally with a
     * payment authorisation for the self-pay part (the aggregated code). {@code nonce*} is the
     * code's single-use nonce, claimed before any work starts (null for an ID card).
     */
    record Insured(String kind, InsurancePort.CertType certType, String certNo, String masked,
                   SelfPayMethod method, String authCode,
                   String nonceKeyId, String nonce, Instant expiresAt) implements PaymentSource {

        boolean authorisesSelfPay() {
            return method != null && authCode != null;
        }
    }

    /**
     * A hospital card (at the window as {@code cardNo}, or named by an HIS bill): the holder is known from
     * the card's family-proxy bindings, so insurance is looked up by their ID number and the self-pay part
     * is deducted from the payers bound to the card ({@link ProxyPort}), then put on the card's credit line when
     * it is enrolled in credit care ({@link CreditPort}), else paid with a code at the window. {@code method}
     * is what is tried first: FAMILY_PROXY, or CREDIT when the patient showed a dynamic credit code.
     */
    record Card(String hospitalId, String cardNo, String idNo, String masked, SelfPayMethod method) implements PaymentSource {

        public Card(String hospitalId, String cardNo, String idNo, String masked) {
            this(hospitalId, cardNo, idNo, masked, SelfPayMethod.FAMILY_PROXY);
        }

        @Override
        public String kind() {
            return method == SelfPayMethod.CREDIT ? "CREDIT_CODE" : "HOSPITAL_CARD";
        }

        /** The holder as the insurance platform knows them; the self-pay part is authorised by the card's bindings. */
        Insured insured() {
            return new Insured(kind(), InsurancePort.CertType.ID_NUMBER, idNo, masked, method, cardNo,
                    null, null, null);
        }

        @Override
        public String toString() {
            return "Card[" + masked + "]";
        }
    }

    /**
     * A verified mini-program user paying their own bill from the phone: who they are comes from their token's verified
     * claims ({@code idNo}, never typed); the self-pay part is an in-app order on {@code method} for {@code payerId}
     * (the user's account at that channel: WeChat openid).
     */
    record Phone(String idNo, String masked, SelfPayMethod method, String payerId) implements PaymentSource {

        @Override
        public String kind() {
            return "MINI_PROGRAM";
        }

        Insured insured() {
            return new Insured(kind(), InsurancePort.CertType.ID_NUMBER, idNo, masked, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Phone[" + masked + ", " + method + "]";
        }
    }
}
