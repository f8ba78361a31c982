package org.hospay.simulator.wallet;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A customer's wallet at one payment channel: what its payment codes draw on and how the customer
 * behaves when charged (the scripted outcome).
 *
 * @param walletId  the simulator's id ({@code W…})
 * @param channel   WECHAT, ALIPAY or UNIONPAY
 * @param accountId the customer's id at the vendor (WeChat openid, Alipay buyer_user_id, UnionPay payer id)
 * @param behavior  what happens when a code of this wallet is charged
 * @param script    the behaviour's parameters
 */
public record Wallet(String walletId, String channel, String accountId, Behavior behavior, Script script, AtomicLong balance) {

    /** The scripted customer and channel behaviours (docs/api.md §12.1 {@code /sim/wallets}; docs/architecture.md §5). */
    public enum Behavior {
        /** Paid at once. */
        OK,
        /** The customer must type a password: USERPAYING / 10003 / 02, paid after {@code queriesUntilPaid} queries. */
        PASSWORD_REQUIRED,
        /** USERPAYING forever: the customer walks away; only a reversal ends it. */
        PASSWORD_NEVER,
        /** Balance too low: NOTENOUGH / ACQ.BUYER_BALANCE_NOT_ENOUGH, whatever the balance says. */
        INSUFFICIENT,
        /** The vendor's system error (SYSTEMERROR / 20000 / 99) on the charge; the order is then in {@code thenState}. */
        ERROR,
        /** The charge is booked ({@code thenState}) but never answered: the caller times out. */
        HANG,
        /** Answered after {@code slowMs}, paid. */
        SLOW,
        /** The code is expired: AUTHCODEEXPIRE / ACQ.PAYMENT_AUTH_CODE_INVALID. */
        EXPIRED,
        /** HTTP 500 with no business answer; the order is then in {@code thenState}. */
        SERVER_ERROR
    }

    /** Where an ERROR / HANG / SERVER_ERROR order ends up, as a later query shows. */
    public enum Then { SUCCESS, FAILED }

    /**
     * @param queriesUntilPaid PASSWORD_REQUIRED: queries answered USERPAYING before the order shows paid
     * @param thenState        ERROR, HANG, SERVER_ERROR: the order's real state behind the unclear answer
     * @param slowMs           SLOW: the delay before answering
     */
    public record Script(int queriesUntilPaid, Then thenState, long slowMs) {
        public static final Script DEFAULT = new Script(2, Then.SUCCESS, 3000);

        public Script {
            if (queriesUntilPaid < 0) throw new IllegalArgumentException("queriesUntilPaid must be >= 0");
            if (thenState == null) thenState = Then.SUCCESS;
            if (slowMs < 0) throw new IllegalArgumentException("slowMs must be >= 0");
        }
    }

    /** Takes {@code fen} if the balance covers it; false (nothing taken) otherwise. */
    public boolean debit(long fen) {
        while (true) {
            long now = balance.get();
            if (now < fen) return false;
            if (balance.compareAndSet(now, now - fen)) return true;
        }
    }

    public void credit(long fen) {
        balance.addAndGet(fen);
    }
}
