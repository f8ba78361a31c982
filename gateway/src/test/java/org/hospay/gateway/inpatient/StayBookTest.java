package org.hospay.gateway.inpatient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StayBookTest {

    private static final UUID STAY = UUID.randomUUID();
    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private static Deposit deposit(int minute, long fen, String status) {
        return new Deposit(UUID.randomUUID(), STAY, "ZYD" + minute, Deposit.Kind.DEPOSIT, fen, "t", T0.plusSeconds(60L * minute),
                UUID.randomUUID(), status, "WECHAT");
    }

    private static RefundRow refund(Deposit d, long fen, RefundRow.Status status) {
        return new RefundRow(UUID.randomUUID(), STAY, d.depositId(), d.paymentId(), fen, "WITHDRAWAL", 0, status, 0, null, null, T0,
                "t", "BEDSIDE", "5A", "h");
    }

    @Test
    void aRefundComesFromTheNewestDepositsFirstEachGivingAtMostWhatIsLeftOfIt() {
        Deposit old = deposit(0, 50_000, "SUCCEEDED");
        Deposit mid = deposit(5, 20_000, "SUCCEEDED");
        Deposit newest = deposit(9, 30_000, "SUCCEEDED");
        var book = new StayBook(List.of(old, mid, newest), List.of(refund(newest, 10_000, RefundRow.Status.SUCCEEDED)), null);

        List<StayBook.Share> shares = book.split(45_000);

        assertThat(shares).extracting(s -> s.deposit().depositId(), StayBook.Share::fen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(newest.depositId(), 20_000L),
                        org.assertj.core.groups.Tuple.tuple(mid.depositId(), 20_000L),
                        org.assertj.core.groups.Tuple.tuple(old.depositId(), 5_000L));
        assertThat(shares.stream().mapToLong(StayBook.Share::fen).sum()).isEqualTo(45_000);
    }

    @Test
    void onlyPaidDepositsCountAndEveryRefundDecidedIsAlreadyPromised() {
        Deposit paid = deposit(0, 50_000, "SUCCEEDED");
        Deposit failed = deposit(1, 40_000, "FAILED");
        Deposit running = deposit(2, 30_000, "PROCESSING");
        var book = new StayBook(List.of(paid, failed, running), List.of(refund(paid, 5_000, RefundRow.Status.SUCCEEDED),
                refund(paid, 7_000, RefundRow.Status.PENDING), refund(paid, 1_000, RefundRow.Status.NEEDS_REVIEW)), 30_000L);

        assertThat(book.paidFen()).isEqualTo(50_000);
        assertThat(book.refundedFen()).isEqualTo(5_000);
        assertThat(book.refundingFen()).isEqualTo(8_000);
        assertThat(book.heldFen()).isEqualTo(37_000);
        assertThat(book.balanceFen()).isEqualTo(7_000);
        assertThat(book.anyInProgress(T0)).isTrue();
        assertThatThrownBy(() -> book.split(37_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesAreMaskedToTheirFirstAndLastCharacters() {
        assertThat(Stays.maskName("王秀英")).isEqualTo("王*英");
        assertThat(Stays.maskName("李四")).isEqualTo("李*");
        assertThat(Stays.maskName("欧阳娜娜")).isEqualTo("欧**娜");
    }
}
