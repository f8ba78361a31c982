package org.hospay.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The finance office's check of a cluster run, the one ClusterKillIT makes per payment (the gateway's Books), over the
 * whole of this run's database against the whole of the simulator's ledgers: what the gateway says each leg keeps
 * equals what its counterparty holds under the leg's request id (booked in, minus booked back: refunds, reversals,
 * cancels). First it waits (bounded) until nothing is left running: the killed instance's payments are finished by
 * the others' recovery once their leases run out.
 *
 * <p>One-sided: a leg whose counterparty holds other than the gateway says (money taken and not recorded, or
 * recorded and not taken), a FAILED payment that keeps money, money booked at a counterparty under a request id no
 * leg or family deduction of the gateway knows. Double charges: a bill with more than one payment that is not
 * FAILED, a bill with more than one payment holding money at a counterparty, a request id booked twice.
 */
final class ClusterBooks {

    private static final Set<String> ORIGINAL = Set.of("CHARGE", "SETTLEMENT", "WITHHOLD", "CLAIM");
    private static final Set<String> FINAL = Set.of("SUCCEEDED", "FAILED", "REFUNDED", "PARTIALLY_REFUNDED");

    /** What the check found; {@code examples} are the first few findings in words. */
    record Result(int payments, Map<String, Integer> byStatus, int legs, int unfinished, int openLegs, int openCompensations,
                  int openRefunds, int oneSidedLegs, int failedKeepingMoney, int unknownBookings, int doubleLive, int doubleHeld,
                  int bookedTwice, int notAddingUp, long drainedMillis, List<String> examples) {

        int oneSided() {
            return oneSidedLegs + failedKeepingMoney + unknownBookings;
        }

        int doubleCharges() {
            return doubleLive + doubleHeld + bookedTwice;
        }

        boolean clean() {
            return oneSided() == 0 && doubleCharges() == 0 && unfinished == 0 && openLegs == 0 && openCompensations == 0
                    && openRefunds == 0 && notAddingUp == 0;
        }
    }

    private record Leg(String paymentId, String billNo, String paymentStatus, long total, long paymentRefunded, String kind,
                       String channel, String requestId, long amount, String status, long refunded) {
        long kept() {
            return status.equals("SUCCEEDED") ? amount - refunded : 0;
        }
    }

    private final Map<String, Long> net = new HashMap<>();
    private final Map<String, Integer> originals = new HashMap<>();
    private final List<String> examples = new ArrayList<>();

    private ClusterBooks() {}

    static Result check(String jdbcUrl, String simulatorUrl, Duration drain) {
        try (Connection db = DriverManager.getConnection(jdbcUrl, Stack.PG_USER, Stack.PG_PASSWORD)) {
            return new ClusterBooks().run(db, simulatorUrl, drain);
        } catch (SQLException e) {
            throw new IllegalStateException("books check: " + e.getMessage(), e);
        }
    }

    private Result run(Connection db, String simulatorUrl, Duration drain) throws SQLException {
        long t0 = System.currentTimeMillis();
        while (running(db) > 0 && System.currentTimeMillis() - t0 < drain.toMillis()) Stack.pause(1000);
        long drained = System.currentTimeMillis() - t0;
        int unfinished = count(db, "SELECT count(*) FROM payment WHERE status IN ('RECEIVED', 'PROCESSING', 'PENDING')");
        int openCompensations = count(db, "SELECT count(*) FROM compensation WHERE status <> 'DONE'");
        int openRefunds = count(db, "SELECT count(*) FROM refund WHERE status NOT IN ('SUCCEEDED', 'FAILED')");
        Map<String, Integer> byStatus = new TreeMap<>();
        query(db, "SELECT status, count(*) FROM payment GROUP BY status", r -> byStatus.put(r.getString(1), r.getInt(2)));
        int payments = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        int doubleLive = count(db, "SELECT count(*) FROM (SELECT 1 FROM payment GROUP BY hospital_id, bill_no"
                + " HAVING count(*) FILTER (WHERE status <> 'FAILED') > 1) x");
        if (doubleLive > 0) example("bills with more than one payment that is not FAILED: " + doubleLive);

        ledger(simulatorUrl);
        List<Leg> legs = new ArrayList<>();
        query(db, """
                SELECT p.payment_id, p.bill_no, p.status, p.total_fen, p.refunded_fen, l.kind, l.channel, l.request_id, l.amount_fen,
                       l.status, l.refunded_fen
                FROM payment p JOIN payment_leg l ON l.payment_id = p.payment_id""", r -> legs.add(new Leg(r.getString(1), r.getString(2),
                r.getString(3), r.getLong(4), r.getLong(5), r.getString(6), r.getString(7), r.getString(8), r.getLong(9), r.getString(10),
                r.getLong(11))));
        Map<String, List<String[]>> deductions = new HashMap<>();
        Set<String> known = new HashSet<>();
        query(db, "SELECT leg_request_id, channel, out_trade_no FROM family_deduction", r -> {
            deductions.computeIfAbsent(r.getString(1), k -> new ArrayList<>()).add(new String[] {r.getString(2), r.getString(3)});
            known.add(r.getString(2) + "/" + r.getString(3));
        });
        Map<String, Long> credit = new HashMap<>();
        query(db, "SELECT consumption_id, amount_fen, refunded_fen, status FROM credit_consumption",
                r -> credit.put(r.getString(1), r.getString(4).equals("RELEASED") ? 0 : r.getLong(2) - r.getLong(3)));

        int openLegs = 0, oneSided = 0, failedKeeping = 0, notAddingUp = 0;
        Map<String, Set<String>> holdingByBill = new HashMap<>();
        Map<String, long[]> byPayment = new HashMap<>();
        for (Leg l : legs) {
            known.add(l.channel() + "/" + l.requestId());
            long held = switch (l.channel()) {
                case "FAMILY_PROXY" -> deductions.getOrDefault(l.requestId(), List.of()).stream().mapToLong(d -> net(d[0], d[1])).sum();
                case "CREDIT" -> credit.getOrDefault(l.requestId(), 0L);
                default -> net(l.channel(), l.requestId());
            };
            if (held > 0) holdingByBill.computeIfAbsent(l.billNo(), k -> new HashSet<>()).add(l.paymentId());
            if (FINAL.contains(l.paymentStatus()) && Set.of("SENT", "PENDING", "UNKNOWN", "NEEDS_REVIEW").contains(l.status())) {
                openLegs++;
                example("leg left " + l.status() + " on a " + l.paymentStatus() + " payment: " + describe(l));
            }
            if (held != l.kept()) {
                oneSided++;
                example("one-sided: the gateway says it keeps " + l.kept() + " fen, " + l.channel() + " holds " + held + " fen: " + describe(l));
            }
            if (l.paymentStatus().equals("FAILED") && l.kept() > 0) {
                failedKeeping++;
                example("a FAILED payment keeps " + l.kept() + " fen (leg not compensated): " + describe(l));
            }
            long[] sums = byPayment.computeIfAbsent(l.paymentId(), k -> new long[] {l.total(), 0, l.paymentRefunded(), 0});
            if (l.status().equals("SUCCEEDED")) sums[1] += l.amount();
            sums[3] += l.refunded();
            if (!FINAL.contains(l.paymentStatus()) || l.paymentStatus().equals("FAILED")) sums[0] = -1;
        }
        for (Map.Entry<String, long[]> e : byPayment.entrySet()) {
            long[] s = e.getValue();
            if (s[0] >= 0 && (s[1] != s[0] || s[3] != s[2])) {
                notAddingUp++;
                example("payment " + e.getKey() + ": succeeded legs " + s[1] + " fen of a " + s[0] + " fen bill, legs refunded " + s[3]
                        + " fen of the payment's " + s[2]);
            }
        }
        int doubleHeld = (int) holdingByBill.values().stream().filter(p -> p.size() > 1).count();
        if (doubleHeld > 0) example("bills paid by more than one payment at the counterparties: " + doubleHeld);
        int unknown = 0;
        for (Map.Entry<String, Long> e : net.entrySet()) {
            if (originals.containsKey(e.getKey()) && e.getValue() > 0 && !known.contains(e.getKey())) {
                unknown++;
                example("booked at a counterparty under a request id no leg knows: " + e.getKey() + " holds " + e.getValue() + " fen");
            }
        }
        int twice = (int) originals.values().stream().filter(n -> n > 1).count();
        if (twice > 0) example("request ids booked more than once: " + twice);
        return new Result(payments, byStatus, legs.size(), unfinished, openLegs, openCompensations, openRefunds, oneSided, failedKeeping,
                unknown, doubleLive, doubleHeld, twice, notAddingUp, drained, List.copyOf(examples));
    }

    /** Payments, legs, compensations and refunds still being worked on. */
    private static int running(Connection db) throws SQLException {
        return count(db, "SELECT (SELECT count(*) FROM payment WHERE status IN ('RECEIVED', 'PROCESSING', 'PENDING'))"
                + " + (SELECT count(*) FROM payment_leg WHERE status IN ('SENT', 'PENDING', 'UNKNOWN'))"
                + " + (SELECT count(*) FROM compensation WHERE status = 'PENDING')"
                + " + (SELECT count(*) FROM refund WHERE status = 'PENDING')");
    }

    /** Every booking of every channel: per (channel, request id), money booked in minus money booked back against it. */
    private void ledger(String simulatorUrl) {
        JsonNode entries;
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(simulatorUrl + "/sim/ledger"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("GET /sim/ledger answered " + r.statusCode());
            entries = TestData.JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("books check: the simulator's ledger: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        for (JsonNode e : entries) {
            String channel = e.path("channel").asString();
            long amount = e.path("amountFen").asLong();
            String requestId = e.path("requestId").isNull() ? null : e.path("requestId").asString();
            String reference = e.path("reference").isNull() ? null : e.path("reference").asString();
            if (ORIGINAL.contains(e.path("type").asString()) && requestId != null) {
                net.merge(channel + "/" + requestId, amount, Long::sum);
                if (amount > 0) originals.merge(channel + "/" + requestId, 1, Integer::sum);
            } else if (reference != null) {
                net.merge(channel + "/" + reference, -amount, Long::sum);
            }
        }
    }

    private long net(String channel, String requestId) {
        return net.getOrDefault(channel + "/" + requestId, 0L);
    }

    private static String describe(Leg l) {
        return "payment " + l.paymentId() + " (" + l.paymentStatus() + ", bill " + l.billNo() + "), " + l.kind() + " leg on " + l.channel()
                + " " + l.requestId() + " " + l.status() + " " + l.amount() + " fen";
    }

    private void example(String s) {
        if (examples.size() < 20) examples.add(s);
    }

    interface Row {
        void accept(ResultSet r) throws SQLException;
    }

    private static void query(Connection db, String sql, Row row) throws SQLException {
        try (Statement st = db.createStatement(); ResultSet r = st.executeQuery(sql)) {
            while (r.next()) row.accept(r);
        }
    }

    private static int count(Connection db, String sql) throws SQLException {
        int[] n = {0};
        query(db, sql, r -> n[0] = r.getInt(1));
        return n[0];
    }
}
