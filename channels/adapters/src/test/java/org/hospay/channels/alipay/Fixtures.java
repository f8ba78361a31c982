package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import tools.jackson.databind.JsonNode;

/**
 * Alipay answers as recorded in the vendor's shape under {@code fixtures/alipay/}, signed with the DEMO
 * platform key: a fixture is read the way the adapter reads an answer (cut out, verified, parsed).
 */
final class Fixtures {

    private static final RsaVerifier PLATFORM = new RsaVerifier(DemoKeys.alipayPlatform().publicKey());

    private Fixtures() {}

    static String text(String path) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream("fixtures/alipay/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The verified response object of the answer for {@code method} in fixture {@code path}. */
    static JsonNode answer(String path, String method) {
        AlipayProtocol.SignedAnswer a = AlipayProtocol.signedAnswer(text(path), AlipayProtocol.responseKey(method))
                .orElseThrow(() -> new AssertionError(path + " is not an Alipay answer"));
        assertThat(PLATFORM.verifyBase64(a.content(), a.sign())).as("signature of fixture %s", path).isTrue();
        return AlipayProtocol.JSON.readTree(a.content());
    }

    /** The fixture file names in a directory. */
    static List<String> names(String dir) {
        try {
            Path p = Path.of(Fixtures.class.getClassLoader().getResource("fixtures/alipay/" + dir).toURI());
            try (Stream<Path> files = Files.list(p)) {
                return files.map(f -> f.getFileName().toString()).sorted().toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
