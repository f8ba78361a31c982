package org.hospay.gateway.inpatient;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.hospay.gateway.it.GatewayIntegrationTest;
import org.hospay.gateway.it.Inpatients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The shortfall's deposit row is written by every scan of that discharge round (the bedside and the window at the same
 * moment): all but one must find it written, never fail on the table's second unique key (stay, bill). Seen in CI as
 * one of two racing scans answering 500 where 409 was due.
 */
class DepositRowRaceIT extends GatewayIntegrationTest {

    private static final int ROUNDS = 300;
    private static final int WRITERS = 6;

    @Autowired
    StayStore store;

    @Test
    void writersRacingForOneDepositRowAllSucceedAndLeaveOneRow() {
        UUID stayId = Inpatients.admit(window).stayId();
        long failed = Flux.range(0, ROUNDS).concatMap(round -> {
            String billNo = "ZYS" + stayId.toString().replace("-", "") + "-race" + round;
            UUID depositId = UUID.nameUUIDFromBytes(billNo.getBytes(StandardCharsets.UTF_8));
            return Flux.range(0, WRITERS)
                    .flatMap(w -> store.insertDeposit(depositId, stayId, billNo, Deposit.Kind.SHORTFALL, 5_000, WINDOW_ID)
                            .subscribeOn(Schedulers.parallel())
                            .thenReturn(0L)
                            .onErrorReturn(1L))
                    .reduce(0L, Long::sum);
        }).reduce(0L, Long::sum).block(Duration.ofMinutes(2));

        assertThat(failed).as("writes that failed instead of finding the row written").isZero();
        assertThat(store.deposits(stayId).count().block(Duration.ofSeconds(10))).isEqualTo(ROUNDS);
    }
}
