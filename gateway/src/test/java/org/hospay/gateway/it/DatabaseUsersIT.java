package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Least privilege: the migrations run as the schema owner and grant the application's user data rights
 * only. Connected as that user, the data can be read and written, but no table can be dropped, altered,
 * created or truncated, the audit trail only grows, and the migration history is out of reach.
 */
class DatabaseUsersIT {

    private static final String ROLE = "hospay_it_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static String database;

    @BeforeAll
    static void migrateAsOwnerGrantingTheAppUser() throws SQLException {
        database = TestServices.newDatabase("users");
        try (Connection owner = DriverManager.getConnection(TestServices.jdbcUrl("postgres"), TestServices.PG_USER, TestServices.PG_PASSWORD)) {
            owner.createStatement().execute("CREATE ROLE " + ROLE + " LOGIN PASSWORD '" + PASSWORD + "'");
        }
        Flyway.configure().dataSource(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD)
                .locations("classpath:db/migration").placeholders(Map.of("app_user", ROLE)).load().migrate();
    }

    @AfterAll
    static void dropTheRole() throws SQLException {
        try (Connection owner = DriverManager.getConnection(TestServices.jdbcUrl("postgres"), TestServices.PG_USER, TestServices.PG_PASSWORD)) {
            owner.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            owner.createStatement().execute("DROP DATABASE IF EXISTS " + TestServices.DATABASE + "_appuser WITH (FORCE)");
            owner.createStatement().execute("DROP ROLE IF EXISTS " + ROLE);
        }
    }

    private static Connection app() throws SQLException {
        return DriverManager.getConnection(TestServices.jdbcUrl(database), ROLE, PASSWORD);
    }

    private static Connection owner() throws SQLException {
        return DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD);
    }

    @Test
    void theApplicationUserReadsAndWritesData() throws SQLException {
        try (Connection c = app(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO terminal (terminal_id, secret_enc, kind, hospital_id) VALUES ('t-app', '\\x00'::bytea, 'WINDOW', 'h')");
            assertThat(s.executeUpdate("UPDATE terminal SET active = FALSE WHERE terminal_id = 't-app'")).isEqualTo(1);
            s.execute("INSERT INTO audit_event (terminal_id, action, outcome) VALUES ('t-app', 'TEST', 'OK')");
            var r = s.executeQuery("SELECT count(*) FROM audit_event WHERE terminal_id = 't-app'");
            r.next();
            assertThat(r.getLong(1)).isEqualTo(1);
            assertThat(s.executeUpdate("DELETE FROM terminal WHERE terminal_id = 't-app'")).isEqualTo(1);
        }
    }

    @Test
    void theApplicationUserCannotChangeTheSchemaNorTheAuditTrail() throws SQLException {
        try (Connection c = app(); Statement s = c.createStatement()) {
            for (String sql : new String[] {
                    "DROP TABLE payment",
                    "ALTER TABLE terminal ADD COLUMN backdoor TEXT",
                    "CREATE TABLE loot (x TEXT)",
                    "TRUNCATE terminal",
                    "UPDATE audit_event SET outcome = 'FORGED'",
                    "DELETE FROM audit_event",
                    "SELECT * FROM flyway_schema_history",
                    "DROP TRIGGER audit_event_no_update_or_delete ON audit_event"}) {
                assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).as(sql).isEqualTo("42501"))
                        // Refused for want of the right, not by the audit trigger (which the owner also meets).
                        .hasMessageNotContaining("append-only");
            }
        }
    }

    @Test
    void theGatewayMigratesAsTheOwnerAndServesPaymentsAsTheApplicationUser() {
        String own = TestServices.newDatabase("appuser");
        try (GatewayProcess gateway = GatewayProcess.start(own, Map.of(
                "spring.r2dbc.username", ROLE, "spring.r2dbc.password", PASSWORD,
                "spring.flyway.placeholders.app_user", ROLE))) {
            WebTestClient client = WebTestClient.bindToServer().baseUrl(gateway.url()).responseTimeout(Duration.ofSeconds(60)).build();
            SignedClient window = new SignedClient(client, "demo-window-01", "demo-window-01-secret");
            Payments.View paid = Payments.pay(window, Bills.bill(Bills.newBillNo(), Sim.wallet("UNIONPAY", 100_000).authCode()));
            assertThat(paid.status()).isEqualTo("SUCCEEDED");
        }
        try (Connection c = DriverManager.getConnection(TestServices.jdbcUrl(own), ROLE, PASSWORD); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute("DROP TABLE payment")).isInstanceOf(SQLException.class);
            var r = s.executeQuery("SELECT count(*) FROM audit_event WHERE action = 'PAYMENT_CREATE'");
            r.next();
            assertThat(r.getLong(1)).as("the payment was audited by the application's user").isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tablesOfLaterMigrationsAreTheApplicationUsersToo() throws SQLException {
        try (Connection o = owner()) {
            o.createStatement().execute("CREATE TABLE later_feature (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note TEXT)");
        }
        try (Connection c = app(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO later_feature (note) VALUES ('works')");
            assertThatThrownBy(() -> s.execute("DROP TABLE later_feature")).isInstanceOf(SQLException.class);
        }
    }
}
