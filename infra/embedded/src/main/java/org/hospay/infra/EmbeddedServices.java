package org.hospay.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import redis.embedded.RedisServer;

/**
 * Fallback for machines with neither a running nor an installable PostgreSQL/Redis: a real
 * PostgreSQL (zonky's bundled binaries) and a real Redis (embedded-redis' bundled binary) on the
 * usual ports, until this JVM is stopped. Data lives under /tmp/hospay-embedded.
 */
public final class EmbeddedServices {

    public static void main(String[] args) throws Exception {
        int pgPort = Integer.parseInt(args.length > 0 ? args[0] : "5432");
        int redisPort = Integer.parseInt(args.length > 1 ? args[1] : "6379");
        String password = System.getenv().getOrDefault("HOSPAY_DB_PASSWORD", "postgres");
        Path dir = Files.createDirectories(Path.of("/tmp/hospay-embedded/pg"));

        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setPort(pgPort)
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                .start();
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("ALTER USER postgres PASSWORD '" + password.replace("'", "''") + "'");
            ResultSet rs = c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'hospay'");
            if (!rs.next()) c.createStatement().execute("CREATE DATABASE hospay");
        }
        RedisServer redis = new RedisServer(redisPort);
        redis.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                redis.stop();
                pg.close();
            } catch (Exception ignored) {
                // shutting down anyway
            }
        }));
        System.out.println("embedded PostgreSQL on " + pgPort + ", Redis on " + redisPort);
        Thread.currentThread().join();
    }
}
