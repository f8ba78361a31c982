package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The finance office's check: for one payment, what the gateway says each leg holds equals what the
 * counterparty's ledger says it holds. A counterparty holds what it booked under the leg's request id
 * minus what it booked back against it (cancel, reversal, refund).
 */
public final class Books {

    private Books() {}

    public record Leg(String kind, String channel, String requestId, long amountFen, String status, long refundedFen) {

        /** What the gateway says the counterparty keeps for this leg. */
        long kept() {
            return status.equals("SUCCEEDED") ? amountFen - refundedFen : 0;
        }
    }

    /** Asserts both sides agree for a payment in a final state; returns the legs for further checks. */
    public static List<Leg> assertAgree(DatabaseClient db, Payments.View pay) {
        assertThat(pay.status()).as("books are compared for final payments: %s", pay)
                .isIn("SUCCEEDED", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED");
        List<Leg> legs = legs(db, pay.paymentId());
        for (Leg leg : legs) {
            assertThat(leg.status()).as("no leg of a final payment is left open or for review: %s", legs)
                    .isIn("SUCCEEDED", "DECLINED", "COMPENSATED", "PLANNED");
            long net = leg.channel().equals("FAMILY_PROXY") ? proxyNet(db, leg.requestId()) : net(leg.channel(), leg.requestId());
            assertThat(net)
                    .as("money %s holds for %s leg %s of payment %s", leg.channel(), leg.kind(), leg.requestId(), pay.paymentId())
                    .isEqualTo(leg.kept());
        }
        if (pay.status().equals("FAILED")) {
            assertThat(legs).allSatisfy(l -> assertThat(l.kept()).as("a failed payment keeps nothing: %s", l).isZero());
        } else {
            long insurance = legs.stream().filter(l -> l.kind().equals("INSURANCE") && l.status().equals("SUCCEEDED"))
                    .mapToLong(Leg::amountFen).sum();
            long self = legs.stream().filter(l -> l.kind().equals("SELF_PAY") && l.status().equals("SUCCEEDED"))
                    .mapToLong(Leg::amountFen).sum();
            long claimed = legs.stream().filter(l -> l.kind().equals("COMMERCIAL") && l.status().equals("SUCCEEDED"))
                    .mapToLong(Leg::amountFen).sum();
            long fund = pay.insurance() == null ? 0 : pay.insurance().fundPayFen() + pay.insurance().accountPayFen();
            long selfPay = pay.selfPay() == null ? 0 : pay.selfPay().amountFen();
            long commercial = pay.commercial() == null ? 0 : pay.commercial().amountFen();
            assertThat(insurance).as("insurance leg vs the payment's fund + account").isEqualTo(fund);
            assertThat(self).as("self-pay leg vs the payment's self-pay").isEqualTo(selfPay);
            assertThat(claimed).as("commercial leg vs the payment's commercial part").isEqualTo(commercial);
            assertThat(fund + commercial + selfPay).as("legs of a successful payment add up to the bill").isEqualTo(pay.totalFen());
            long refunded = legs.stream().mapToLong(Leg::refundedFen).sum();
            assertThat(refunded).as("refunds per leg add up to the payment's refunded amount").isEqualTo(pay.refundedFen());
        }
        return legs;
    }

    /**
     * The refunds' side of the books, for a payment whose refunds all finished: each succeeded refund's parts add up
     * (fund + account = insurance; insurance + commercial + self-pay = amount), per leg they add up to what the leg
     * says came back of it, in all to the payment's refunded amount; and every settlement and claim an item refund
     * replaced holds nothing any more at the counterparty.
     */
    public static void assertRefundsAgree(DatabaseClient db, Payments.View pay) {
        record R(String status, long amount, long ins, long com, long self, long fund, long account, String priorMsgid,
                 String priorClaim, String claimNo, String claimRef) {}
        List<R> refunds = db.sql("""
                        SELECT status, amount_fen, insurance_refund_fen, commercial_refund_fen, self_pay_refund_fen, fund_refund_fen,
                               account_refund_fen, prior_settle_msgid, prior_claim_no, claim_no, claim_ref
                        FROM refund WHERE payment_id = :id""")
                .bind("id", pay.paymentId())
                .map(r -> new R(r.get("status", String.class), r.get("amount_fen", Long.class), r.get("insurance_refund_fen", Long.class),
                        r.get("commercial_refund_fen", Long.class), r.get("self_pay_refund_fen", Long.class), r.get("fund_refund_fen", Long.class),
                        r.get("account_refund_fen", Long.class), r.get("prior_settle_msgid", String.class), r.get("prior_claim_no", String.class),
                        r.get("claim_no", String.class), r.get("claim_ref", String.class)))
                .all().collectList().block();
        assertThat(refunds).extracting(R::status).as("all refunds finished: %s", refunds).doesNotContain("PENDING", "NEEDS_REVIEW");
        List<R> done = refunds.stream().filter(r -> r.status().equals("SUCCEEDED")).toList();
        for (R r : done) {
            assertThat(r.ins() + r.com() + r.self()).as("refund parts add up: %s", r).isEqualTo(r.amount());
            if (r.fund() + r.account() > 0 || r.priorMsgid() != null) {
                assertThat(r.fund() + r.account()).as("fund + account = insurance part: %s", r).isEqualTo(r.ins());
            }
            if (r.priorMsgid() != null) {
                assertThat(net("INSURANCE", r.priorMsgid())).as("the settlement item refund %s replaced was cancelled", r).isZero();
            }
            if (r.priorClaim() != null) {
                assertThat(net("COMMERCIAL", r.priorClaim())).as("the claim item refund %s replaced was cancelled", r).isZero();
            }
        }
        List<Leg> legs = legs(db, pay.paymentId());
        for (String kind : List.of("INSURANCE", "COMMERCIAL", "SELF_PAY")) {
            long byRefunds = done.stream().mapToLong(r -> switch (kind) {
                case "INSURANCE" -> r.ins();
                case "COMMERCIAL" -> r.com();
                default -> r.self();
            }).sum();
            long byLegs = legs.stream().filter(l -> l.kind().equals(kind)).mapToLong(Leg::refundedFen).sum();
            assertThat(byRefunds).as("%s refunds vs the leg's refunded amount", kind).isEqualTo(byLegs);
        }
        assertThat(done.stream().mapToLong(R::amount).sum()).as("refunds add up to the payment's refunded amount")
                .isEqualTo(pay.refundedFen());
    }

    static List<Leg> legs(DatabaseClient db, UUID paymentId) {
        return db.sql("SELECT kind, channel, request_id, amount_fen, status, refunded_fen FROM payment_leg WHERE payment_id = :id")
                .bind("id", paymentId)
                .map(r -> new Leg(r.get("kind", String.class), r.get("channel", String.class), r.get("request_id", String.class),
                        r.get("amount_fen", Long.class), r.get("status", String.class), r.get("refunded_fen", Long.class)))
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
                    || e.type().equals("WITHHOLD") || e.type().equals("CLAIM"));
            if (original) net += e.amountFen();
            else if (requestId.equals(e.reference())) net -= e.amountFen();
        }
        return net;
    }
}
