package org.hospay.channels.wechat;

/** {@code contract_state} of a papay (委托代扣) contract, v3 contract query. */
public enum WechatPayContractState {
    /** 签约生效中. */
    SIGNED,
    /** 已解约 (payer, merchant API, merchant platform, expiry or account closure). */
    TERMINATED,
    /** The payer agreed but a business rule failed the signing. */
    SIGN_FAILED,
    /** A renewable plan waiting for the merchant to renew. */
    TO_BE_RENEWED,
    /** 未签约. */
    NOT_SIGNED,
    UNRECOGNIZED;

    public static WechatPayContractState of(String value) {
        if (value == null) return UNRECOGNIZED;
        for (WechatPayContractState s : values()) if (s != UNRECOGNIZED && s.name().equals(value.strip())) return s;
        return UNRECOGNIZED;
    }

    /** Whether deductions may be made under a contract in this state. */
    public boolean deductible() {
        return switch (this) {
            case SIGNED -> true;
            case TERMINATED, SIGN_FAILED, TO_BE_RENEWED, NOT_SIGNED, UNRECOGNIZED -> false;
        };
    }
}
