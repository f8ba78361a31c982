package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The monthly partitions of channel attempts and payment transitions (V22), on a database of their own: what was
 * written before the migration keeps its ids and rows, new attempts get ids ranged by month and land in this month's
 * partition, months are made ahead, and old months are detached (not deleted) for the archive.
 */
class LogPartitionsIT {

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
            assertThat(one(s, "SELECT created || ' ' || detached || ' ' || ahead FROM hospay_partition_months(6, 0)")).isEqualTo("6 0 6");

            // Four months on, keeping two: this month's and the "before" partitions are wholly older, so detached.
            assertThat(one(s, "SELECT detached || ' ' || ahead FROM hospay_partition_months(3, 2, now() + interval '4 months')"))
                    .isEqualTo("6 3");
            assertThat(partitions(s, "payment_transition")).doesNotContain("payment_transition_" + thisMonth, "payment_transition_before")
                    .contains("payment_transition_" + month(s, 2));
            assertThat(one(s, "SELECT count(*) FROM payment_transition")).as("no longer the live table's").isEqualTo("0");
            assertThat(one(s, "SELECT count(*) FROM payment_transition_" + thisMonth)).as("kept for the archive").isEqualTo("1");
        }
    }

    private static List<String> concat(List<String> months, String before) {
        List<String> all = new ArrayList<>(months);
        all.add(before);
        return all.stream().sorted().toList();
    }
}
