package org.hospay.gateway.it;

import java.time.Duration;
import java.util.UUID;

/**
 * A cashier window paying through a dependency outage: one bill under one Idempotency-Key, sent again every 0.5 s
 * while the gateway refuses it for now (503, 409, 429), as the docs tell windows to; shared by the Redis drills.
 */
final class RetryingWindow {

    /** One bill's end: its payment as the gateway last answered (null if none), timings, refusals, or what went wrong. */
    record Done(String billNo, Payments.View view, long startedNanos, long endedNanos, int refusals, String problem) {}

    private RetryingWindow() {}

    /** Pays the i-th bill: an aggregated code on even i, a UnionPay payment code on odd i. */
    static Done payOnce(SignedClient window, int i) {
        long started = System.nanoTime();
        String billNo = Bills.newBillNo();
        String code = i % 2 == 0 ? Sim.voucher(Sim.employee(2_000), "WECHAT").code() : Sim.wallet("UNIONPAY", 100_000).authCode();
        String bill = Bills.bill(billNo, code);
        String key = UUID.randomUUID().toString();
        int refusals = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            var r = window.postWithKey("/api/v1/payments", bill, key).expectBody(String.class).returnResult();
            int status = r.getStatus().value();
            if (status == 200 || status == 202) {
                Payments.View v = Payments.JSON.readValue(r.getResponseBody(), Payments.View.class);
                if (status == 202) v = Payments.awaitFinal(window, v.paymentId(), Duration.ofSeconds(30));
                return new Done(billNo, v, started, System.nanoTime(), refusals, null);
            }
            if (status != 503 && status != 409 && status != 429) {
                return new Done(billNo, null, started, System.nanoTime(), refusals, status + " " + r.getResponseBody());
            }
            refusals++;
            Payments.pause(500);
        }
        return new Done(billNo, null, started, System.nanoTime(), refusals, "still refused after 60 tries");
    }
}
