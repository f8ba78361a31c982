package org.hospay.channels;

import java.util.Objects;

/**
 * What the vendor said to a reversal (WeChat 撤销 reverse, Alipay {@code alipay.trade.cancel}, UnionPay reverse).
 * A reversal closes an order whatever its state: unpaid, it can no longer be paid; paid, the money goes back.
 *
 * @param effect what happened, as far as the vendor tells
 */
public record Reversal(Effect effect) {

    public enum Effect {
        /** Not finished: the vendor asks to call reverse again (WeChat {@code recall=Y}, Alipay {@code retry_flag=Y}). */
        CALL_AGAIN,
        /** Closed before any money moved (Alipay {@code action=close}, UnionPay original not paid). */
        CLOSED,
        /** The customer had paid and the vendor returned the money (Alipay {@code action=refund}, UnionPay original paid). */
        MONEY_RETURNED,
        /** Reversed; the vendor does not say whether money had moved (WeChat v3 answers 204 with no body). */
        REVERSED
    }

    public Reversal {
        Objects.requireNonNull(effect, "effect");
    }

    /** The vendor's {@code recall} / {@code retry_flag}: the caller must call reverse again. */
    public boolean retry() {
        return effect == Effect.CALL_AGAIN;
    }

    /** Whether the vendor confirmed that money the customer had paid was returned. */
    public boolean moneyReturned() {
        return effect == Effect.MONEY_RETURNED;
    }
}
