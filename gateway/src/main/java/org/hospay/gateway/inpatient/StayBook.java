package org.hospay.gateway.inpatient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * A stay's money in integer fen, from its deposits and refund rows (pure: unit-tested in {@code StayBookTest}).
 * Held = deposits paid − every refund decided (a refund not yet confirmed is already promised). After the
 * discharge settles, the self-pay part is consumed too: balance = held − self-pay, 0 once the discharge is done.
 */
record StayBook(List<Deposit> deposits, List<RefundRow> refunds, Long selfPayFen) {

    /** One refund to make: {@code fen} of deposit {@code deposit} back on its channel. */
    record Share(Deposit deposit, long fen) {}

    static StayBook of(Stay stay, List<Deposit> deposits, List<RefundRow> refunds) {
        return new StayBook(deposits, refunds, stay.setlSelfPayFen());
    }

    long paidFen() {
        return deposits.stream().filter(Deposit::paid).mapToLong(Deposit::amountFen).sum();
    }

    long refundedFen() {
        return refunds.stream().filter(r -> r.status() == RefundRow.Status.SUCCEEDED).mapToLong(RefundRow::amountFen).sum();
    }

    long refundingFen() {
        return refunds.stream().filter(r -> r.status() != RefundRow.Status.SUCCEEDED).mapToLong(RefundRow::amountFen).sum();
    }

    long heldFen() {
        return paidFen() - refundedFen() - refundingFen();
    }

    long balanceFen() {
        return heldFen() - (selfPayFen == null ? 0 : selfPayFen);
    }

    boolean anyInProgress(Instant abandonedBefore) {
        return deposits.stream().anyMatch(d -> d.inProgress(abandonedBefore));
    }

    /**
     * Splits a refund of {@code fen} over the paid deposits, newest first, each giving at most what is left of it;
     * empty when {@code fen} is 0. The caller has checked {@code fen <= heldFen()}.
     */
    List<Share> split(long fen) {
        if (fen < 0 || fen > heldFen()) throw new IllegalArgumentException("cannot refund " + fen + " fen of " + heldFen());
        List<Deposit> newestFirst = deposits.stream().filter(Deposit::paid)
                .sorted(Comparator.comparing(Deposit::createdAt).thenComparing(Deposit::depositId).reversed()).toList();
        List<Share> shares = new ArrayList<>();
        long left = fen;
        for (Deposit d : newestFirst) {
            if (left == 0) break;
            long take = Math.min(left, leftOf(d.depositId(), d.amountFen()));
            if (take > 0) shares.add(new Share(d, take));
            left -= take;
        }
        if (left != 0) throw new IllegalStateException("deposits do not cover " + fen + " fen: " + left + " fen short");
        return shares;
    }

    private long leftOf(UUID depositId, long amount) {
        return amount - refunds.stream().filter(r -> r.depositId().equals(depositId)).mapToLong(RefundRow::amountFen).sum();
    }
}
