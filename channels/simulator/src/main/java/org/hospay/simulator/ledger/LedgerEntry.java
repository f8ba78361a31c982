package org.hospay.simulator.ledger;

import java.time.Instant;

/**
 * One booking on a channel's side of the money: a charge, refund, reversal, settlement, cancel...
 *
 * @param channel     INSURANCE, WECHAT, ALIPAY, UNIONPAY, BANK or COMMERCIAL
 * @param type        CHARGE, REFUND, REVERSAL, CANCEL, SETTLEMENT, SETTLEMENT_CANCEL, WITHHOLD, CLAIM ...
 * @param requestId   the caller's idempotency key at the vendor (out_trade_no, msgid, out_refund_no ...)
 * @param reference   the original request id this entry refers to (for refunds/reversals), else null
 * @param amountFen   money moved by this entry (0 for a reversal of an unpaid order)
 * @param state       the entry's current state (SUCCESS, USERPAYING, CLOSED, REVERSED, FAILED ...)
 * @param receivedAt  when the simulator received the request (proves concurrency in gateway tests)
 * @param answeredAt  when it answered (null while still open)
 */
public record LedgerEntry(
        long seq,
        String channel,
        String type,
        String requestId,
        String reference,
        long amountFen,
        String state,
        String account,
        Instant receivedAt,
        Instant answeredAt) {

    public LedgerEntry withState(String newState, Instant answered) {
        return new LedgerEntry(seq, channel, type, requestId, reference, amountFen, newState, account, receivedAt, answered);
    }

    public LedgerEntry withAmount(long newAmountFen) {
        return new LedgerEntry(seq, channel, type, requestId, reference, newAmountFen, state, account, receivedAt, answeredAt);
    }
}
