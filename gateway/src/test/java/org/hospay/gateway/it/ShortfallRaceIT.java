package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md §13.4: the shortfall of a discharge is one bill, so the bedside and the window scanning two codes at the
 * same moment charge once — the engine's one-live-payment-per-bill guard, as for an outpatient bill.
 */
class ShortfallRaceIT extends GatewayIntegrationTest {

    @Test
    void theBedsideAndTheWindowPayingOneShortfallAtTheSameMomentChargeOnce() throws Exception {
        terminals.upsert(new Terminal("it-bedside-03", Terminal.Kind.BEDSIDE, "it-hospital", "7C"), "it-bedside-03-secret").block();
        SignedClient bedside = new SignedClient(http, "it-bedside-03", "it-bedside-03-secret");
        Inpatients.Stay stay = Inpatients.admit(bedside);
        Inpatients.deposit(bedside, stay.stayId(), 10_000, Sim.wallet("WECHAT", 1_000_000).authCode());
        Inpatients.fees(bedside, stay.stayId(), "F1", 15_000);
        assertThat(Inpatients.discharge(bedside, stay.stayId()).status()).isEqualTo(202);
        Sim.Wallet atBed = Sim.wallet("ALIPAY", 1_000_000);
        Sim.Wallet atWindow = Sim.wallet("UNIONPAY", 1_000_000);
        String path = "/api/v1/inpatient/stays/" + stay.stayId() + "/discharge/payments";
        CountDownLatch go = new CountDownLatch(1);
        var pool = Executors.newFixedThreadPool(2);

        List<CompletableFuture<Inpatients.Reply>> calls = List.of(
                CompletableFuture.supplyAsync(() -> race(go, bedside, path, atBed.authCode()), pool),
                CompletableFuture.supplyAsync(() -> race(go, window, path, atWindow.authCode()), pool));
        go.countDown();
        List<Inpatients.Reply> replies = List.of(calls.get(0).get(), calls.get(1).get());
        pool.shutdown();

        assertThat(replies).extracting(Inpatients.Reply::status).as("%s", replies).containsExactlyInAnyOrder(200, 409);
        Inpatients.Reply refused = replies.stream().filter(r -> r.status() == 409).findFirst().orElseThrow();
        assertThat(refused.body()).containsAnyOf("BILL_ALREADY_PAID", "BILL_PAYMENT_IN_PROGRESS", "STAY_NOT_COLLECTING");
        long charged = (1_000_000 - Sim.balance(atBed.walletId())) + (1_000_000 - Sim.balance(atWindow.walletId()));
        assertThat(charged).isEqualTo(5_000);
        Inpatients.Stay done = Inpatients.get(bedside, stay.stayId());
        assertThat(done.status()).isEqualTo("DISCHARGED");
        assertThat(done.balanceFen()).isZero();
    }

    private static Inpatients.Reply race(CountDownLatch go, SignedClient terminal, String path, String code) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Inpatients.call(terminal, path, "{\"scannedCode\":\"" + code + "\"}", UUID.randomUUID().toString());
    }
}
