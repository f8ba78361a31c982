package org.hospay.channels.wechat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The recorded WeChat Pay messages under {@code src/test/resources/fixtures/wechat} (see generate.py there). */
final class Fixtures {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The fixtures were signed at 2026-11-24 10:00:00 +08:00; a verifier must read that time. */
    static final Clock SIGNED_AT = Clock.fixed(Instant.parse("2026-11-24T02:00:00Z"), ZoneOffset.UTC);

    /** One recorded message. {@code expect*} are null for callbacks. */
    record Fixture(String name, String kind, String operation, int status, Map<String, String> headers, String body,
                   String expectOutcome, String expectCode, String expectVendorCode) {
        @Override
        public String toString() {
            return name;
        }
    }

    private Fixtures() {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/wechat").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Fixture> all() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.toString().endsWith(".json")).sorted().map(Fixtures::read).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Fixture> answers() {
        return all().filter(f -> f.kind().equals("answer"));
    }

    static Fixture named(String name) {
        return read(dir().resolve(name + ".json"));
    }

    static String text(String file) {
        try {
            return Files.readString(dir().resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Fixture read(Path p) {
        JsonNode n = JSON.readTree(p.toFile());
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        n.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        JsonNode expect = n.path("expect");
        String name = p.getFileName().toString().replace(".json", "");
        return new Fixture(name, n.path("kind").asString(), n.path("operation").asString(null), n.path("status").asInt(0),
                headers, n.path("body").asString(), expect.path("outcome").asString(null), nullable(expect.path("code")),
                nullable(expect.path("vendorCode")));
    }

    private static String nullable(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? null : n.asString();
    }
}
