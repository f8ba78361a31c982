package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** A window that retries too eagerly, and many windows paying one bill at once: one charge, always. */
class DuplicateStormIT extends GatewayIntegrationTest {

    record Reply(int status, String body) {}

    private List<Reply> storm(int n, java.util.function.IntFunction<Supplier<Reply>> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Supplier<Reply> call = request.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.get();
                }));
            }
            start.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) replies.add(f.get());
            return replies;
        } finally {
            pool.shutdownNow();
        }
    }

    private Reply send(String body, String key) {
        var r = window.postWithKey("/api/v1/payments", body, key).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    @Test
    void fiftyIdenticalRequestsWithOneKeyChargeOnceAndAnswerAlike() throws Exception {
        Sim.Wallet w = Sim.wallet("WECHAT", 100_000);
        String bill = Bills.bill(Bills.newBillNo(), w.authCode());
        String key = UUID.randomUUID().toString();

        List<Reply> replies = storm(50, i -> () -> send(bill, key));

        assertThat(replies).extracting(Reply::status).allSatisfy(s -> assertThat(s).isIn(200, 409));
        List<String> answered = replies.stream().filter(r -> r.status() == 200).map(Reply::body).distinct().toList();
        assertThat(answered).as("every 200 is the same payment, byte for byte").hasSize(1);
        replies.stream().filter(r -> r.status() == 409)
                .forEach(r -> assertThat(r.body()).contains("REQUEST_IN_PROGRESS"));
        Reply replay = send(bill, key);
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(answered.getFirst());

        Payments.View pay = tools.jackson.databind.json.JsonMapper.builder().build().readValue(replay.body(), Payments.View.class);
        assertThat(Sim.balance(w.walletId())).isEqualTo(100_000 - Bills.TOTAL);
        assertThat(Sim.ledger("WECHAT", Payments.outTradeNo(pay.paymentId()))).hasSize(1);
        assertThat(db.sql("SELECT count(*) AS n FROM payment WHERE bill_no = :b").bind("b", pay.billNo())
                .map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void twentyWindowsPayingOneBillAtOnceChargeOneOfThem() throws Exception {
        String billNo = Bills.newBillNo();
        List<Sim.Wallet> wallets = new ArrayList<>();
        for (int i = 0; i < 20; i++) wallets.add(Sim.wallet("ALIPAY", 100_000));

        List<Reply> replies = storm(20, i -> () -> send(Bills.bill(billNo, wallets.get(i).authCode()), UUID.randomUUID().toString()));

        assertThat(replies.stream().filter(r -> r.status() == 200 && r.body().contains("\"SUCCEEDED\""))).hasSize(1);
        assertThat(replies.stream().filter(r -> r.status() == 409))
                .hasSize(19)
                .allSatisfy(r -> assertThat(r.body()).contains("BILL_ALREADY_PAID"));
        long debited = wallets.stream().filter(w -> Sim.balance(w.walletId()) != 100_000).count();
        assertThat(debited).as("exactly one patient's wallet was charged").isEqualTo(1);
        assertThat(Sim.ledger("ALIPAY").stream().filter(e -> e.type().equals("CHARGE")
                && wallets.stream().anyMatch(w -> w.accountId().equals(e.account())))).hasSize(1);
    }

    @Test
    void aFailedPaymentFreesTheBillForTheNextCode() {
        String billNo = Bills.newBillNo();
        Payments.View failed = Payments.pay(window, Bills.bill(billNo, Sim.wallet("WECHAT", 100, "OK", Map.of()).authCode()));
        assertThat(failed.status()).isEqualTo("FAILED");

        Payments.View paid = Payments.pay(window, Bills.bill(billNo, Sim.wallet("WECHAT", 100_000).authCode()));

        assertThat(paid.status()).isEqualTo("SUCCEEDED");
        assertThat(Payments.byBill(window, billNo)).extracting(Payments.View::status).containsExactly("FAILED", "SUCCEEDED");
    }
}
