package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The monthly partitions of channel attempts and payment transitions (V22) and of payments and legs (V23), on a
 * database of their own: what was written before the migrations keeps its ids and rows, new rows land in this month's
 * partition, months are made ahead, old months are detached (not deleted) for the archive, and the guards that must
 * hold across months (one live payment per bill, a request id used once) still hold, across a detached month too.
 */
class MonthlyPartitionsIT {

    private static Flyway flyway(String database, String target) {
        var config = Flyway.configure().dataSource(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD)
                .locations("classpath:db/migration").placeholders(Map.of("app_user", TestServices.PG_USER));
        return (target == null ? config : config.target(target)).load();
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD);
    }

    private static List<String> column(Statement s, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) values.add(rs.getString(1));
        }
        return values;
    }

    private static String one(Statement s, String sql) throws SQLException {
        List<String> values = column(s, sql);
        assertThat(values).as(sql).hasSize(1);
        return values.getFirst();
    }

    private static List<String> partitions(Statement s, String parent) throws SQLException {
        return column(s, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '"
                + parent + "'::regclass ORDER BY c.relname");
    }

    private static String month(Statement s, int months) throws SQLException {
        return one(s, "SELECT to_char(hospay_month_start(now(), " + months + ") AT TIME ZONE 'Asia/Shanghai', 'YYYY_MM')");
    }

    @Test
    void rowsWrittenBeforeTheMigrationKeepTheirIdsAndNewAttemptsLandInThisMonthsPartition() throws SQLException {
        String database = TestServices.newDatabase("partitions_legacy");
        flyway(database, "21").migrate();
        UUID payment = UUID.randomUUID();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.executeUpdate("""
                    INSERT INTO payment (payment_id, hospital_id, terminal_id, bill_no, med_type, items, total_fen, source_kind,
                        plan, status, stage, self_pay_fen, created_at, updated_at)
                    VALUES ('%s', 'H1', 'T1', 'B1', '11', '[]', 100, 'PAYMENT_CODE', 'CHANNEL_ONLY', 'SUCCEEDED', 'DONE', 100,
                        now() - interval '40 days', now())""".formatted(payment));
            s.executeUpdate("INSERT INTO channel_attempt (payment_id, channel, operation, request_id, sent_at) VALUES ('%s', 'WECHAT', 'CHARGE', 'R1', now())"
                    .formatted(payment));
            s.executeUpdate("INSERT INTO payment_transition (payment_id, at, to_status, stage) VALUES ('%1$s', now() - interval '40 days', 'RECEIVED', 'ADMITTED'),"
                    .formatted(payment) + " ('%1$s', now(), 'SUCCEEDED', 'DONE')".formatted(payment));
        }
        long legacyAttempt;
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            legacyAttempt = Long.parseLong(one(s, "SELECT attempt_id FROM channel_attempt"));
        }

        flyway(database, null).migrate();

        try (Connection c = connect(database); Statement s = c.createStatement()) {
            assertThat(one(s, "SELECT relkind FROM pg_class WHERE relname = 'channel_attempt'")).as("partitioned").isEqualTo("p");
            String thisMonth = month(s, 0);
            List<String> ahead = List.of(thisMonth, month(s, 1), month(s, 2), month(s, 3));
            assertThat(partitions(s, "channel_attempt")).containsExactlyElementsOf(
                    concat(ahead.stream().map(m -> "channel_attempt_" + m).toList(), "channel_attempt_before"));
            assertThat(partitions(s, "payment_transition")).containsExactlyElementsOf(
                    concat(ahead.stream().map(m -> "payment_transition_" + m).toList(), "payment_transition_before"));

            assertThat(column(s, "SELECT attempt_id || ' ' || tableoid::regclass FROM channel_attempt"))
                    .as("the attempt written before keeps its id").containsExactly(legacyAttempt + " channel_attempt_before");
            assertThat(column(s, "SELECT to_status || ' ' || tableoid::regclass FROM payment_transition ORDER BY at"))
                    .as("transitions go by their time").containsExactly("RECEIVED payment_transition_before",
                            "SUCCEEDED payment_transition_" + thisMonth);

            s.executeUpdate("INSERT INTO channel_attempt (payment_id, channel, operation, request_id, sent_at) VALUES ('%s', 'WECHAT', 'QUERY', 'R1', now())"
                    .formatted(payment));
            List<String> fresh = column(s, "SELECT attempt_id || ' ' || tableoid::regclass FROM channel_attempt WHERE operation = 'QUERY'");
            assertThat(fresh).singleElement().asString().endsWith("channel_attempt_" + thisMonth);
            assertThat(Long.parseLong(fresh.getFirst().split(" ")[0])).as("ids keep increasing").isGreaterThan(legacyAttempt);
            assertThat(s.executeUpdate("UPDATE channel_attempt SET outcome = 'SUCCEEDED' WHERE attempt_id = " + fresh.getFirst().split(" ")[0]))
                    .isEqualTo(1);
        }
    }

    @Test
    void monthsAreMadeAheadAndOldMonthsDetachedForTheArchiveNotDeleted() throws SQLException {
        String database = TestServices.newDatabase("partitions_months");
        flyway(database, null).migrate();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            UUID payment = UUID.randomUUID();
            s.executeUpdate("""
                    INSERT INTO payment (payment_id, hospital_id, terminal_id, bill_no, med_type, items, total_fen, source_kind,
                        plan, status, stage, self_pay_fen, created_at, updated_at)
                    VALUES ('%s', 'H1', 'T1', 'B1', '11', '[]', 100, 'PAYMENT_CODE', 'CHANNEL_ONLY', 'SUCCEEDED', 'DONE', 100, now(), now())"""
                    .formatted(payment));
            s.executeUpdate("INSERT INTO payment_transition (payment_id, at, to_status, stage) VALUES ('%s', now(), 'SUCCEEDED', 'DONE')".formatted(payment));
            String thisMonth = month(s, 0);
            assertThat(one(s, "SELECT created || ' ' || detached || ' ' || ahead FROM hospay_partition_months(3, 0)"))
                    .as("nothing to do twice").isEqualTo("0 0 3");
            assertThat(one(s, "SELECT created || ' ' || detached || ' ' || ahead FROM hospay_partition_months(6, 0)"))
                    .as("three more months of four tables").isEqualTo("12 0 6");

            // Four months on, keeping two: this month's and the "before" partitions are wholly older, so detached.
            assertThat(one(s, "SELECT detached || ' ' || ahead FROM hospay_partition_months(3, 2, now() + interval '4 months')"))
                    .isEqualTo("6 3");
            assertThat(partitions(s, "payment_transition")).doesNotContain("payment_transition_" + thisMonth, "payment_transition_before")
                    .contains("payment_transition_" + month(s, 2));
            assertThat(one(s, "SELECT count(*) FROM payment_transition")).as("no longer the live table's").isEqualTo("0");
            assertThat(one(s, "SELECT count(*) FROM payment_transition_" + thisMonth)).as("kept for the archive").isEqualTo("1");
            assertThat(partitions(s, "payment")).as("payments are kept by their own setting, all by default")
                    .contains("payment_" + thisMonth, "payment_before");
        }
    }

    @Test
    void paymentsAndLegsWrittenBeforeTheMigrationKeepTheirIdsAndTheirGuardsHoldAcrossMonths() throws SQLException {
        String database = TestServices.newDatabase("partitions_payments");
        flyway(database, "22").migrate();
        UUID old = UUID.randomUUID(), oldLeg = UUID.randomUUID(), failed = UUID.randomUUID();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.executeUpdate(payment(old, "B1", "SUCCEEDED", "now() - interval '40 days'") + ", " + values(failed, "B2", "FAILED", "now()"));
            s.executeUpdate(leg(oldLeg, old, "R1", "now() - interval '40 days'"));
            s.executeUpdate("INSERT INTO refund (refund_id, payment_id, amount_fen, insurance_refund_fen, self_pay_refund_fen, status, created_at)"
                    + " VALUES (gen_random_uuid(), '%s', 10, 0, 10, 'SUCCEEDED', now())".formatted(old));
        }

        flyway(database, null).migrate();

        try (Connection c = connect(database); Statement s = c.createStatement()) {
            String thisMonth = month(s, 0);
            assertThat(one(s, "SELECT relkind FROM pg_class WHERE relname = 'payment'")).as("partitioned").isEqualTo("p");
            assertThat(column(s, "SELECT payment_id || ' ' || tableoid::regclass FROM payment ORDER BY created_at")).containsExactly(
                    old + " payment_before", failed + " payment_" + thisMonth);
            assertThat(column(s, "SELECT leg_id || ' ' || tableoid::regclass FROM payment_leg")).containsExactly(oldLeg + " payment_leg_before");
            assertThat(column(s, "SELECT payment_id::text FROM payment_key ORDER BY created_at")).containsExactly(old.toString(), failed.toString());
            assertThat(column(s, "SELECT bill_no FROM payment_live_bill")).as("a failed payment holds no bill").containsExactly("B1");
            assertThat(column(s, """
                    SELECT DISTINCT confrelid::regclass::text FROM pg_constraint
                    WHERE contype = 'f' AND conrelid IN ('refund'::regclass, 'compensation'::regclass, 'channel_attempt'::regclass, 'payment_leg'::regclass)"""))
                    .as("foreign keys point at the keys").containsExactlyInAnyOrder("payment_key", "payment_leg_key");

            // The bill paid 40 days ago (another partition) cannot be paid again this month; a request id is never reused.
            assertThatThrownBy(() -> s.executeUpdate(payment(UUID.randomUUID(), "B1", "RECEIVED", "now()")))
                    .hasMessageContaining("payment_one_live_per_bill");
            UUID fresh = UUID.randomUUID();
            s.executeUpdate(payment(fresh, "B2", "RECEIVED", "now()"));
            assertThatThrownBy(() -> s.executeUpdate(leg(UUID.randomUUID(), fresh, "R1", "now()")))
                    .hasMessageContaining("payment_leg_channel_request_id_key");
            UUID freshLeg = UUID.randomUUID();
            s.executeUpdate(leg(freshLeg, fresh, "R2", "now()"));
            assertThat(one(s, "SELECT tableoid::regclass FROM payment_leg WHERE leg_id = '%s'".formatted(freshLeg))).isEqualTo("payment_leg_" + thisMonth);
            assertThatThrownBy(() -> s.executeUpdate("UPDATE payment_leg SET request_id = 'R1' WHERE leg_id = '%s'".formatted(freshLeg)))
                    .as("nor by a change of request id").hasMessageContaining("payment_leg_channel_request_id_key");

            // Failing frees the bill; a payment may not leave FAILED onto a bill that is live again.
            s.executeUpdate("UPDATE payment SET status = 'FAILED' WHERE payment_id = '%s'".formatted(fresh));
            assertThat(column(s, "SELECT bill_no FROM payment_live_bill ORDER BY bill_no")).containsExactly("B1");
            s.executeUpdate(payment(UUID.randomUUID(), "B2", "RECEIVED", "now()"));
            assertThatThrownBy(() -> s.executeUpdate("UPDATE payment SET status = 'PENDING' WHERE payment_id = '%s'".formatted(fresh)))
                    .hasMessageContaining("payment_one_live_per_bill");
        }
    }

    @Test
    void aMonthOfPaymentsIsDetachedOnlyOnceNothingInItIsOpenAndItsBillStaysPaid() throws SQLException {
        String database = TestServices.newDatabase("partitions_payment_months");
        flyway(database, null).migrate();
        UUID open = UUID.randomUUID();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            String thisMonth = month(s, 0);
            s.executeUpdate(payment(open, "B1", "PROCESSING", "now()"));
            s.executeUpdate(leg(UUID.randomUUID(), open, "R1", "now()"));
            String later = "now() + interval '4 months'";
            assertThat(one(s, "SELECT detached FROM hospay_partition_months(3, 0, " + later + ")")).as("payments kept by default").isEqualTo("0");

            // Keeping two months of payments, four months on: the months before and after this one go; this one holds
            // an open payment (and its open leg), so it stays until the payment is finished.
            assertThat(one(s, "SELECT detached FROM hospay_partition_months(3, 0, " + later + ", 2)")).isEqualTo("4");
            assertThat(partitions(s, "payment")).contains("payment_" + thisMonth).doesNotContain("payment_before", "payment_" + month(s, 1));
            s.executeUpdate("UPDATE payment SET status = 'SUCCEEDED', stage = 'DONE', self_pay_fen = 100 WHERE payment_id = '%s'".formatted(open));
            s.executeUpdate("UPDATE payment_leg SET status = 'SUCCEEDED' WHERE payment_id = '%s'".formatted(open));
            assertThat(one(s, "SELECT detached FROM hospay_partition_months(3, 0, " + later + ", 2)")).isEqualTo("2");
            assertThat(one(s, "SELECT count(*) FROM payment")).isEqualTo("0");
            assertThat(one(s, "SELECT count(*) FROM payment_" + thisMonth)).as("kept for the archive").isEqualTo("1");

            assertThatThrownBy(() -> s.executeUpdate(payment(UUID.randomUUID(), "B1", "RECEIVED", later)))
                    .as("an archived bill is still paid").hasMessageContaining("payment_one_live_per_bill");
        }
    }

    private static String payment(UUID id, String bill, String status, String createdAt) {
        return """
                INSERT INTO payment (payment_id, hospital_id, terminal_id, bill_no, med_type, items, total_fen, source_kind,
                    plan, status, stage, self_pay_fen, created_at, updated_at) VALUES\s""" + values(id, bill, status, createdAt);
    }

    private static String values(UUID id, String bill, String status, String createdAt) {
        return "('%s', 'H1', 'T1', '%s', '11', '[]', 100, 'PAYMENT_CODE', 'CHANNEL_ONLY', '%s', 'DONE', 100, %s, now())"
                .formatted(id, bill, status, createdAt);
    }

    private static String leg(UUID leg, UUID payment, String requestId, String createdAt) {
        return """
                INSERT INTO payment_leg (leg_id, payment_id, kind, channel, amount_fen, request_id, status, created_at, updated_at)
                VALUES ('%s', '%s', 'SELF_PAY', 'WECHAT', 100, '%s', 'SENT', %s, now())""".formatted(leg, payment, requestId, createdAt);
    }

    private static List<String> concat(List<String> months, String before) {
        List<String> all = new ArrayList<>(months);
        all.add(before);
        return all.stream().sorted().toList();
    }
}
