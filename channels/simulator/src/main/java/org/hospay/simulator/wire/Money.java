package org.hospay.simulator.wire;

import java.math.BigDecimal;

/**
 * An amount in fen, and the vendors' yuan strings ({@code "23.50"}: Alipay {@code total_amount}, the
 * insurance platform's amounts, the WeChat bill). The simulator's own reading: a yuan string with more
 * than two decimals is refused, never rounded; output always carries exactly two decimals.
 */
public record Money(long fen) {

    public static final Money ZERO = new Money(0);

    public Money {
        if (fen < 0) throw new IllegalArgumentException("negative amount: " + fen + " fen");
    }

    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    public static Money ofYuan(String yuan) {
        BigDecimal v = new BigDecimal(yuan.strip()); // NumberFormatException (an IllegalArgumentException) when not a number
        if (v.stripTrailingZeros().scale() > 2) throw new IllegalArgumentException("more than two decimals: " + yuan);
        try {
            return new Money(v.movePointRight(2).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("out of range: " + yuan, e);
        }
    }

    public String toYuan() {
        return new BigDecimal(fen).movePointLeft(2).setScale(2).toPlainString();
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    public boolean isPositive() {
        return fen > 0;
    }
}
