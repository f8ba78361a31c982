package org.hospay.gateway.payment;

/** The plans of docs/architecture.md §4.2: which legs a payment has, decided from what was presented. */
public enum Plan {
    /** Aggregated code: insurance settlement + self-pay on the channel named in the code. */
    INSURANCE_AND_CHANNEL,
    /** E-voucher / ID card: insurance settlement; self-pay needs a payment code presented later. */
    INSURANCE_THEN_CODE,
    /** A WeChat / Alipay / UnionPay payment code alone: a self-pay patient. */
    CHANNEL_ONLY,
    /** A hospital card: insurance when the holder is insured; self-pay by family proxy, else a payment code at the window. */
    CARD,
    /** Paid from the mini-program: mobile insurance (6201/6202) when insured, the rest in the patient's app. */
    PHONE;

    boolean hasInsurance() {
        return this != CHANNEL_ONLY;
    }
}
