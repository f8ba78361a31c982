package org.hospay.gateway.payment;

/**
 * The kinds of leg the engine can move, one {@link LegDriver} each. COMMERCIAL_CLAIM and CREDIT are
 * the slots commercial direct pay and credit care fill: until a driver for them is registered, a leg
 * of that type is refused before anything is sent.
 */
enum LegType {
    INSURANCE_SETTLEMENT, CODE_CHARGE, WITHHOLDING, COMMERCIAL_CLAIM, CREDIT,
    /** The mobile insurance settlement of a phone payment (6202, docs/architecture.md §15). */
    MOBILE_SETTLEMENT,
    /** The self-pay part of a phone payment, paid in the patient's app. */
    IN_APP;

    /** The insurance leg's channel for a phone payment's mobile settlement (also its query schedule's name). */
    static final String INSURANCE_MOBILE = "INSURANCE_MOBILE";

    static LegType of(LegRow leg) {
        return switch (leg.kind()) {
            case INSURANCE -> INSURANCE_MOBILE.equals(leg.channel()) ? MOBILE_SETTLEMENT : INSURANCE_SETTLEMENT;
            case COMMERCIAL -> COMMERCIAL_CLAIM;
            case SELF_PAY -> switch (SelfPayMethod.valueOf(leg.channel())) {
                case WECHAT, ALIPAY, UNIONPAY -> CODE_CHARGE;
                case FAMILY_PROXY -> WITHHOLDING;
                case CREDIT -> CREDIT;
                case WECHAT_APP -> IN_APP;
            };
        };
    }
}
