package org.hospay.gateway.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Migrations whose comments were edited after they shipped. Flyway checksums a whole script, comments included, and
 * refuses to start when an applied script's checksum changed; so before migrating, a database that applied exactly
 * the old text of one of these has its recorded checksum moved to the new text's. Nothing else is touched: a
 * checksum that matches neither still fails validation, as it should (docs/operations.md, "Migrations").
 */
@Configuration(proxyBeanMethods = false)
public class EditedMigrations {

    private static final Logger log = LoggerFactory.getLogger(EditedMigrations.class);

    /** A script's version, its checksum as first shipped and as it reads now. */
    record Edit(String version, int shipped, int now, String what) {}

    /** V2 and V3 named design notes outside the repository in their first comment line; they name docs/ now. */
    static final List<Edit> EDITS = List.of(
            new Edit("2", 1461162564, 819021158, "first comment line cites docs/architecture.md"),
            new Edit("3", -906175728, 642260448, "first comment line cites docs/family.md"));

    public static int checksumShipped(String version) {
        return EDITS.stream().filter(e -> e.version().equals(version)).findFirst().orElseThrow().shipped();
    }

    public static int checksumNow(String version) {
        return EDITS.stream().filter(e -> e.version().equals(version)).findFirst().orElseThrow().now();
    }

    @Bean
    FlywayMigrationStrategy realignEditedThenMigrate() {
        return flyway -> {
            realign(flyway);
            flyway.migrate();
        };
    }

    /** Moves the recorded checksum of each edited script from its shipped text's to its current text's. */
    public static void realign(Flyway flyway) {
        DataSource ds = flyway.getConfiguration().getDataSource();
        String table = flyway.getConfiguration().getTable();
        try (Connection c = ds.getConnection()) {
            if (!c.getMetaData().getTables(null, null, table, null).next()) return; // a new database
            try (PreparedStatement update = c.prepareStatement(
                    "UPDATE \"" + table + "\" SET checksum = ? WHERE version = ? AND checksum = ? AND success")) {
                for (Edit e : EDITS) {
                    update.setInt(1, e.now());
                    update.setString(2, e.version());
                    update.setInt(3, e.shipped());
                    if (update.executeUpdate() > 0) log.info("migration V{}: recorded checksum moved to its edited text ({})", e.version(), e.what());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the migration history: " + e.getMessage(), e);
        }
    }
}
