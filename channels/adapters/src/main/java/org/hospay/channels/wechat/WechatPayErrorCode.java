package org.hospay.channels.wechat;

/**
 * The {@code code} of a WeChat Pay v3 error answer ({@code {"code":"…","message":"…","detail":{…}}}).
 * WeChat publishes no single v3 list for code payment; the v3 spellings come from the v3 API pages
 * (PARAM_ERROR, INVALID_REQUEST, SIGN_ERROR, SYSTEM_ERROR, NOT_ENOUGH, ORDER_NOT_EXIST, RESOURCE_NOT_EXISTS,
 * RULE_LIMIT, …) and the v2 spellings (NOTENOUGH, AUTHCODEEXPIRE, …) from the v2 error tables that
 * channels/docs/wechat.md cites. Both are recognised, because the two generations are in use side by side.
 * Anything else is {@link #UNRECOGNIZED} and is never taken as a failure (see {@link WechatPayMapping}).
 */
public enum WechatPayErrorCode {
    // unclear: the order may or may not have been charged
    SYSTEM_ERROR, SYSTEMERROR, BANK_ERROR, BANKERROR, BIZERR_NEED_RETRY,
    // waiting for the customer
    USERPAYING,
    // the payer's side
    NOT_ENOUGH, NOTENOUGH,
    AUTH_CODE_EXPIRE, AUTHCODEEXPIRE,
    /** v2 meaning kept: "每个二维码仅限使用一次" (the code was already used). */
    AUTH_CODE_ERROR,
    AUTH_CODE_INVALID,
    NOT_SUPPORT_CARD, NOTSUPORTCARD,
    BUYER_MISMATCH,
    ACCOUNT_ERROR, ACCOUNTERROR, USER_ACCOUNT_ABNORMAL,
    TRADE_ERROR,
    RULE_LIMIT, RULELIMIT,
    // the order
    OUT_TRADE_NO_USED, ORDER_PAID, ORDERPAID,
    ORDER_CLOSED, ORDERCLOSED,
    ORDER_REVERSED, ORDERREVERSED,
    ORDER_NOT_EXIST, ORDERNOTEXIST, RESOURCE_NOT_EXISTS,
    REVERSE_EXPIRE,
    TRADE_OVERDUE,
    // withholding
    CONTRACT_NOT_EXIST, CONTRACT_ERROR, CONTRACTERROR,
    // bills
    NO_STATEMENT_EXIST,
    // our request
    PARAM_ERROR, INVALID_REQUEST, LACK_PARAMS,
    SIGN_ERROR, SIGNERROR,
    NO_AUTH, NOAUTH,
    APPID_MCHID_NOT_MATCH, MCH_NOT_EXISTS, MCHID_NOT_EXIST, APPID_NOT_EXIST,
    FREQUENCY_LIMITED,
    UNRECOGNIZED;

    public static WechatPayErrorCode of(String code) {
        if (code == null) return UNRECOGNIZED;
        for (WechatPayErrorCode c : values()) if (c != UNRECOGNIZED && c.name().equals(code.strip())) return c;
        return UNRECOGNIZED;
    }
}
