package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import io.r2dbc.spi.Readable;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionsTest {

    /** A row that returned {@code tableoid::regclass::text} as {@link Partitions#COLUMN}. */
    private static Readable row(String partition) {
        return new Readable() {
            @Override
            public <T> T get(int index, Class<T> type) {
                throw new UnsupportedOperationException();
            }

            @Override
            public <T> T get(String name, Class<T> type) {
                return name.equals(Partitions.COLUMN) ? type.cast(partition) : null;
            }
        };
    }

    private final Partitions partitions = new Partitions();
    private final UUID id = UUID.randomUUID();

    @Test
    void anUnknownRowIsAddressedThroughThePartitionedTable() {
        assertThat(partitions.payment(id)).isEqualTo("payment");
        assertThat(partitions.leg(id)).isEqualTo("payment_leg");
    }

    @Test
    void anOpenRowIsAddressedInItsPartitionUntilItIsFinished() {
        partitions.notePayment(row("payment_2026_12"), id, PaymentStatus.PROCESSING);
        assertThat(partitions.payment(id)).isEqualTo("payment_2026_12");
        partitions.notePayment(row("payment_2026_12"), id, PaymentStatus.SUCCEEDED);
        assertThat(partitions.payment(id)).isEqualTo("payment");

        partitions.noteLeg(row("payment_leg_before"), id, LegStatus.SENT);
        assertThat(partitions.leg(id)).isEqualTo("payment_leg_before");
        partitions.noteLeg(row("payment_leg_before"), id, LegStatus.DECLINED);
        assertThat(partitions.leg(id)).isEqualTo("payment_leg");
    }

    @Test
    void onlyAPlainNameOfTheRightTablesPartitionIsEverPutInAStatement() {
        for (String odd : new String[] {"payment_leg_2026_12", "\"payment_2026_12\"; DROP TABLE payment", "public.payment_2026_12",
                "refund_2026_12", "Payment_2026_12", ""}) {
            partitions.notePayment(row(odd), id, PaymentStatus.PROCESSING);
            assertThat(partitions.payment(id)).as(odd).isEqualTo("payment");
        }
        partitions.noteLeg(id, "payment_2026_12");
        assertThat(partitions.leg(id)).isEqualTo("payment_leg");
        partitions.notePayment(row(null), id, PaymentStatus.PROCESSING);
        assertThat(partitions.payment(id)).isEqualTo("payment");
    }

    @Test
    void pastTheLimitEverythingIsForgottenAtOnce() {
        for (int i = 0; i < Partitions.LIMIT; i++) partitions.noteLeg(UUID.randomUUID(), "payment_leg_2026_12");
        assertThat(partitions.remembered()).isEqualTo(Partitions.LIMIT);
        partitions.noteLeg(id, "payment_leg_2026_12");
        assertThat(partitions.remembered()).isEqualTo(1);
        assertThat(partitions.leg(id)).isEqualTo("payment_leg_2026_12");
        partitions.forgetAll();
        assertThat(partitions.remembered()).isZero();
    }
}
