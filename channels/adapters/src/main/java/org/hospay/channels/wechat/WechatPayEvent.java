package org.hospay.channels.wechat;

import java.time.Instant;
import org.hospay.channels.Charge;
import org.hospay.channels.Outcome;

/**
 * A WeChat Pay v3 callback, verified and decrypted by {@link WechatPayNotifications}. The same event can
 * arrive more than once (WeChat retries until it gets a 2xx): de-duplicate by {@link #id()}.
 */
public sealed interface WechatPayEvent {

    /** The notification id ({@code id}, e.g. {@code EV-…}), the same on every retry. */
    String id();

    /** {@code PAPAY.SIGN}: the payer signed a withholding contract in the WeChat app. */
    record ContractSigned(String id, WechatPayContract contract) implements WechatPayEvent {}

    /** {@code PAPAY.TERMINATE}: the contract ended (payer revoked in the app, merchant API, …); deduct no more. */
    record ContractTerminated(String id, WechatPayContract contract) implements WechatPayEvent {}

    /**
     * {@code TRANSACTION.*}: the result of an order, in practice a papay deduction ({@code trade_type} PAP),
     * as its {@code trade_state} maps ({@link WechatPayMapping#order}).
     *
     * @param contractId the contract deducted from, for PAP orders
     */
    record TransactionResult(String id, String outTradeNo, String tradeType, String contractId, Outcome<Charge> outcome)
            implements WechatPayEvent {}

    /** Authentic, but of a type this code does not handle; acknowledge it and look at it by hand. */
    record Unrecognized(String id, String eventType, Instant createdAt) implements WechatPayEvent {}
}
