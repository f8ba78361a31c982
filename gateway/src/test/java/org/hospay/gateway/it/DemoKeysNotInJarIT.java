package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import org.junit.jupiter.api.Test;

/**
 * The jar production runs holds no DEMO key: no {@code demo-keys/} entry, no demo key class, no
 * channels-demo-keys jar, at its top level nor in any library it nests. Demo mode adds them with
 * LOADER_PATH (every {@link GatewayProcess} test starts the jar that way).
 */
class DemoKeysNotInJarIT {

    private static boolean isDemoKeyMaterial(String entry) {
        return entry.contains("demo-keys/") || entry.contains("channels-demo-keys")
                || entry.endsWith("/DemoKeys.class") || entry.endsWith("/DemoOnlyHospitalSm2Key.class") || entry.endsWith("/DemoKeyFiles.class");
    }

    @Test
    void theGatewayExecJarHoldsNoDemoKeyMaterial() throws IOException {
        List<String> entries = entries(System.getProperty("hospay.gateway.jar"));
        assertThat(entries).as("the jar and its libraries were read").anyMatch(e -> e.endsWith("/Pem.class"));
        assertThat(entries).filteredOn(DemoKeysNotInJarIT::isDemoKeyMaterial).isEmpty();
    }

    @Test
    void theDemoKeysJarThatDemoModeAddsHoldsThem() throws IOException {
        assertThat(entries(GatewayProcess.demoKeysJar())).filteredOn(DemoKeysNotInJarIT::isDemoKeyMaterial)
                .contains("demo-keys/wechat-merchant-demo-private.pem", "org/hospay/channels/demo/DemoKeys.class",
                        "org/hospay/channels/insurance/DemoOnlyHospitalSm2Key.class", "org/hospay/code/DemoKeys.class");
    }

    @Test
    void theProjectsOwnLibrariesInItHoldNoDemoSecretEither() throws IOException {
        // The shared secrets are strings, not files: javac would copy a public constant into every class using it.
        List<String> leaking = new ArrayList<>();
        int read = 0;
        try (JarFile jar = new JarFile(System.getProperty("hospay.gateway.jar"))) {
            for (JarEntry e : jar.stream().toList()) {
                if (!e.getName().matches(".*/(channels-adapters|aggregated-code)-[^/]*\\.jar")) continue;
                try (InputStream in = jar.getInputStream(e); JarInputStream nested = new JarInputStream(in)) {
                    for (JarEntry n = nested.getNextJarEntry(); n != null; n = nested.getNextJarEntry()) {
                        if (!n.getName().endsWith(".class")) continue;
                        read++;
                        String bytes = new String(nested.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
                        if (bytes.contains("DEMO-ONLY-") || bytes.contains("DEMOONLY")) leaking.add(e.getName() + "!/" + n.getName());
                    }
                }
            }
        }
        assertThat(read).as("classes of the adapters and aggregated-code read").isGreaterThan(50);
        assertThat(leaking).isEmpty();
    }

    /** Every entry name; a nested jar's entries as {@code nested.jar!/name}. */
    private static List<String> entries(String path) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(path)) {
            for (JarEntry e : jar.stream().toList()) {
                names.add(e.getName());
                if (!e.getName().endsWith(".jar")) continue;
                try (InputStream in = jar.getInputStream(e); JarInputStream nested = new JarInputStream(in)) {
                    for (JarEntry n = nested.getNextJarEntry(); n != null; n = nested.getNextJarEntry()) {
                        names.add(e.getName() + "!/" + n.getName());
                    }
                }
            }
        }
        return names;
    }
}
