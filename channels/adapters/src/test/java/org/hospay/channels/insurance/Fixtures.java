package org.hospay.channels.insurance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;

/** Recorded (and a few hand-written, marked {@code .handmade}) envelopes under {@code fixtures/insurance}. */
final class Fixtures {

    private Fixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/insurance/" + name + ".json")) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode envelope(String name) {
        return Envelope.JSON.readTree(bytes(name));
    }
}
