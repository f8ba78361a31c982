package org.hospay.channels.bank;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Exchanges recorded from the bank simulator under {@code fixtures/bank}: {@code {"status","headers","body"}}. */
final class BankFixtures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private BankFixtures() {}

    static String text(String file) {
        try (InputStream in = BankFixtures.class.getResourceAsStream("/fixtures/bank/" + file)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode exchange(String name) {
        return JSON.readTree(text(name + ".json"));
    }

    static byte[] body(JsonNode exchange) {
        return exchange.path("body").asString().getBytes(StandardCharsets.UTF_8);
    }
}
