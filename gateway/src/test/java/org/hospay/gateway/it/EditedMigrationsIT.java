package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.hospay.gateway.ops.EditedMigrations;
import org.junit.jupiter.api.Test;

/**
 * A database that applied V2 and V3 as first shipped (their comments named notes outside the repository) still
 * validates after the edit, and only that: a checksum that matches neither text still fails, as Flyway should.
 */
class EditedMigrationsIT {

    private static Flyway flyway(String database) {
        return Flyway.configure().dataSource(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD)
                .locations("classpath:db/migration").placeholders(Map.of("app_user", TestServices.PG_USER)).load();
    }

    private static void recordChecksum(String database, String version, int checksum) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD)) {
            c.createStatement().executeUpdate("UPDATE flyway_schema_history SET checksum = " + checksum + " WHERE version = '" + version + "'");
        }
    }

    private static int recordedChecksum(String database, String version) throws SQLException {
        try (Connection c = DriverManager.getConnection(TestServices.jdbcUrl(database), TestServices.PG_USER, TestServices.PG_PASSWORD)) {
            var rs = c.createStatement().executeQuery("SELECT checksum FROM flyway_schema_history WHERE version = '" + version + "'");
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aDatabaseThatAppliedTheShippedTextsValidatesAfterTheirChecksumsAreMoved() throws SQLException {
        String database = TestServices.newDatabase("edited");
        Flyway flyway = flyway(database);
        flyway.migrate();
        assertThat(recordedChecksum(database, "2")).as("V2 as it reads now").isEqualTo(EditedMigrations.checksumNow("2"));
        assertThat(recordedChecksum(database, "3")).as("V3 as it reads now").isEqualTo(EditedMigrations.checksumNow("3"));
        recordChecksum(database, "2", EditedMigrations.checksumShipped("2"));
        recordChecksum(database, "3", EditedMigrations.checksumShipped("3"));
        assertThat(flyway.validateWithResult().validationSuccessful).as("the shipped texts' checksums fail as they are").isFalse();

        EditedMigrations.realign(flyway);

        assertThat(flyway.validateWithResult().validationSuccessful).isTrue();
        assertThat(flyway.migrate().migrationsExecuted).isZero();
    }

    @Test
    void aChecksumThatMatchesNeitherTextStillFailsValidation() throws SQLException {
        String database = TestServices.newDatabase("tampered");
        Flyway flyway = flyway(database);
        flyway.migrate();
        recordChecksum(database, "2", 12345);

        EditedMigrations.realign(flyway);

        assertThat(recordedChecksum(database, "2")).isEqualTo(12345);
        assertThat(flyway.validateWithResult().validationSuccessful).isFalse();
    }
}
