package org.hospay.simulator.tamper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes the last exchange a {@link TamperProxy} saw as a fixture of the adapters' mapping tests:
 * {@code {"status","headers":{…},"body":"…"}} for an answer (the headers the signature covers kept),
 * and the same with {@code method} and {@code path} for a request.
 */
public final class ExchangeFixtures {

    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path dir;
    private final String headerPrefix;
    private final AtomicReference<TamperProxy.Exchange> last = new AtomicReference<>();

    /** @param headerPrefix lower-case prefix of the headers worth keeping, e.g. {@code x-hic-} */
    public ExchangeFixtures(Path dir, String headerPrefix) {
        this.dir = dir;
        this.headerPrefix = headerPrefix;
    }

    public void seen(TamperProxy.Exchange e) {
        last.set(e);
    }

    public void save(String name, boolean withRequest, Runnable call) {
        call.run();
        TamperProxy.Exchange e = last.get();
        ObjectNode answer = PRETTY.createObjectNode().put("status", e.status());
        answer.putPOJO("headers", kept(e.answerHeaders()));
        answer.put("body", new String(e.answerBody(), StandardCharsets.UTF_8));
        write(name + ".json", answer);
        if (withRequest) {
            ObjectNode request = PRETTY.createObjectNode().put("method", e.method()).put("path", e.uri());
            request.putPOJO("headers", kept(e.requestHeaders()));
            request.put("body", new String(e.requestBody(), StandardCharsets.UTF_8));
            write(name + ".request.json", request);
        }
    }

    private Map<String, String> kept(Map<String, String> headers) {
        Map<String, String> kept = new TreeMap<>();
        headers.forEach((k, v) -> {
            if (k.startsWith(headerPrefix) || k.equals("content-type")) kept.put(k, v);
        });
        return kept;
    }

    private void write(String file, ObjectNode node) {
        try {
            Files.writeString(dir.resolve(file), PRETTY.writeValueAsString(node) + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
