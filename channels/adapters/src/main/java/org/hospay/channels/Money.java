package org.hospay.channels;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * An amount of CNY in integer fen. Never negative, never floating point. Vendors that speak yuan
 * strings (Alipay {@code total_amount}) convert through {@link #ofYuan(String)} / {@link #toYuan()},
 * which reject anything that is not exactly representable in fen.
 */
public record Money(long fen) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public Money {
        if (fen < 0) throw new IllegalArgumentException("money cannot be negative: " + fen + " fen");
    }

    public static Money ofFen(long fen) {
        return new Money(fen);
    }

    /** Exact conversion of a yuan string such as {@code "23.50"}; more than two decimals is an error, not a rounding. */
    public static Money ofYuan(String yuan) {
        BigDecimal value = new BigDecimal(yuan.trim());
        try {
            return new Money(value.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY).longValueExact());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("not an exact fen amount: " + yuan, e);
        }
    }

    public String toYuan() {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(fen, other.fen));
    }

    /** Subtraction that refuses to go below zero: a negative balance is a bug, not a value. */
    public Money minus(Money other) {
        return new Money(Math.subtractExact(fen, other.fen));
    }

    public Money min(Money other) {
        return fen <= other.fen ? this : other;
    }

    public boolean isZero() {
        return fen == 0;
    }

    public boolean isPositive() {
        return fen > 0;
    }

    @Override
    public int compareTo(Money o) {
        return Long.compare(fen, o.fen);
    }

    @Override
    public String toString() {
        return fen + " fen";
    }
}
