package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The finance office's check: for one payment, what the gateway says moved equals what the
 * counterparties' ledgers say moved, leg by leg. Net money per leg is what the counterparty booked
 * under the leg's request id minus what it booked back (cancel, reversal, refund) against it.
 */
public final class Books {

    private Books() {}

    record Leg(String kind, String channel, String requestId, long amountFen, String status) {}

    /** Asserts both sides agree for a payment in a final state; returns the legs for further checks. */
    public static List<Leg> assertAgree(DatabaseClient db, Payments.View pay) {
        List<Leg> legs = legs(db, pay.paymentId());
        long insuranceExpected = 0;
        long selfExpected = 0;
        switch (pay.status()) {
            case "SUCCEEDED" -> {
                insuranceExpected = pay.insurance() == null ? 0 : pay.insurance().fundPayFen() + pay.insurance().accountPayFen();
                selfExpected = pay.selfPay() == null ? 0 : pay.selfPay().amountFen();
            }
            case "FAILED" -> { }
            default -> throw new AssertionError("books are compared only for a final payment, not " + pay.status() + ": " + pay);
        }
        long insuranceNet = 0;
        long selfNet = 0;
        for (Leg leg : legs) {
            long net = leg.channel().equals("FAMILY_PROXY") ? proxyNet(db, leg.requestId()) : net(leg.channel(), leg.requestId());
            if (leg.kind().equals("INSURANCE")) insuranceNet += net;
            else selfNet += net;
        }
        assertThat(insuranceNet).as("insurance money the platform kept for payment %s (%s)", pay.paymentId(), legs).isEqualTo(insuranceExpected);
        assertThat(selfNet).as("self-pay money the channel kept for payment %s (%s)", pay.paymentId(), legs).isEqualTo(selfExpected);
        if (pay.status().equals("SUCCEEDED")) {
            long sum = (pay.insurance() == null ? 0 : pay.insurance().fundPayFen() + pay.insurance().accountPayFen())
                    + (pay.selfPay() == null ? 0 : pay.selfPay().amountFen());
            assertThat(sum).as("legs of a successful payment add up to the bill").isEqualTo(pay.totalFen());
        }
        return legs;
    }

    static List<Leg> legs(DatabaseClient db, UUID paymentId) {
        return db.sql("SELECT kind, channel, request_id, amount_fen, status FROM payment_leg WHERE payment_id = :id")
                .bind("id", paymentId)
                .map(r -> new Leg(r.get("kind", String.class), r.get("channel", String.class), r.get("request_id", String.class),
                        r.get("amount_fen", Long.class), r.get("status", String.class)))
                .all().collectList().block();
    }

    /**
     * A family-proxy leg's money is on the payers' channels, under each deduction's own order number (WITHHOLD
     * entries), not under the leg's request id: the net of every deduction the leg made.
     */
    static long proxyNet(DatabaseClient db, String legRequestId) {
        List<String[]> deductions = db.sql("SELECT channel, out_trade_no FROM family_deduction WHERE leg_request_id = :leg")
                .bind("leg", legRequestId)
                .map(r -> new String[] {r.get("channel", String.class), r.get("out_trade_no", String.class)})
                .all().collectList().block();
        long net = 0;
        for (String[] d : deductions) net += net(d[0], d[1]);
        return net;
    }

    /** What the counterparty holds under {@code requestId}: booked in, minus booked back. */
    public static long net(String channel, String requestId) {
        long net = 0;
        for (Sim.Entry e : Sim.ledger(channel, requestId)) {
            boolean original = requestId.equals(e.requestId()) && (e.type().equals("CHARGE") || e.type().equals("SETTLEMENT")
                    || e.type().equals("WITHHOLD"));
            if (original) net += e.amountFen();
            else if (requestId.equals(e.reference())) net -= e.amountFen();
        }
        return net;
    }
}
