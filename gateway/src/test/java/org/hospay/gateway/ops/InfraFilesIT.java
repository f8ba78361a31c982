package org.hospay.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations files of infra/ are valid for the tools that will read them: the Grafana dashboard is JSON with a
 * query in every panel (ObservabilityIT checks that its meters exist), the alert rules and the Prometheus config
 * pass {@code promtool}, the Kubernetes manifests render with {@code kubectl kustomize} and hold no secret value,
 * every YAML file passes {@code yamllint}, both HAProxy configs (compose's and the one infra/cluster.sh writes) pass
 * {@code haproxy -c} and forward the client's address to gateways that trust that proxy alone, and the gateway's jar
 * splits into the layers the Dockerfile copies. A tool that is not installed skips its check with a message saying which
 * Debian package brings it.
 */
class InfraFilesIT {

    private static final Path INFRA = Path.of("..", "infra").toAbsolutePath().normalize();

    @Test
    void theMorningRushDashboardIsJsonWithAPrometheusQueryInEveryPanel() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(INFRA.resolve("observability/grafana-morning-rush.json")));
        assertThat(dashboard.path("uid").asString()).isEqualTo("hospay-morning-rush");
        List<String> titles = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asString());
            assertThat(panel.path("targets").size()).as("queries of %s", panel.path("title")).isPositive();
            for (JsonNode target : panel.path("targets")) assertThat(target.path("expr").asString()).isNotBlank();
        }
        assertThat(String.join("\n", titles)).contains("latency per flow", "per channel", "Circuit", "Unknown outcomes", "backlog", "CPU", "Heap");
    }

    @Test
    void theAlertRulesAndThePrometheusConfigPassPromtool() throws Exception {
        assumeTrue(onPath("promtool"), "promtool not installed (Debian package prometheus): alert rules not checked");
        Run rules = run(INFRA.resolve("observability"), "promtool", "check", "rules", "alert-rules.yml");
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: 6 rules found");
        Run config = run(INFRA.resolve("observability"), "promtool", "check", "config", "prometheus.yml");
        assertThat(config.exit()).as(config.output()).isZero();
    }

    @Test
    void theKubernetesManifestsRenderWithProbesGracefulShutdownScalingAndNoSecretValues() throws Exception {
        assumeTrue(onPath("kubectl"), "kubectl not installed (Debian package kubernetes-client): manifests not rendered");
        for (String kustomization : List.of("k8s/base", "k8s/overlays/demo")) {
            Run render = run(INFRA, "kubectl", "kustomize", kustomization);
            assertThat(render.exit()).as(render.output()).isZero();
            String yaml = render.output();
            assertThat(yaml).contains("kind: Deployment", "kind: Service", "kind: HorizontalPodAutoscaler", "kind: PodDisruptionBudget",
                    "kind: ConfigMap", "readinessProbe:", "livenessProbe:", "preStop:", "terminationGracePeriodSeconds: 30",
                    "secretKeyRef:", "HOSPAY_SHUTDOWN_GRACE: 20s");
            assertThat(yaml).as("secrets are referenced, never written").doesNotContain("kind: Secret");
        }
    }

    @Test
    void everyYamlFileOfInfraPassesYamllint() throws Exception {
        assumeTrue(onPath("yamllint"), "yamllint not installed (Debian package yamllint): YAML not linted");
        Run lint = run(INFRA, "yamllint", "-c", ".yamllint.yml", "k8s", "compose.yaml", "observability", "haproxy");
        assertThat(lint.exit()).as(lint.output()).isZero();
    }

    @Test
    void theHaproxyConfigOfTheComposeFilePassesHaproxyCheck() throws Exception {
        assumeTrue(onPath("haproxy"), "haproxy not installed (Debian package haproxy): its config not checked");
        Run check = run(INFRA, "haproxy", "-c", "-f", "haproxy/haproxy.cfg");
        assertThat(check.exit()).as(check.output()).isZero();
    }

    @Test
    void theHaproxyConfigOfTheLoopbackClusterPassesHaproxyCheck() throws Exception {
        assumeTrue(onPath("haproxy"), "haproxy not installed (Debian package haproxy): its config not checked");
        Path cfg = Files.createTempFile("cluster-haproxy", ".cfg");
        try {
            Files.writeString(cfg, clusterHaproxyConfig());
            Run check = run(INFRA, "haproxy", "-c", "-f", cfg.toString());
            assertThat(check.exit()).as(check.output()).isZero();
        } finally {
            Files.deleteIfExists(cfg);
        }
    }

    /**
     * Without {@code option forwardfor} every terminal reaches the gateways from the balancer's address and shares one
     * failed-authentication budget; without the balancer among the trusted proxies the gateways ignore the header.
     */
    @Test
    void bothBalancersForwardTheClientAddressToGatewaysThatTrustThemAlone() throws Exception {
        assertThat(Files.readString(INFRA.resolve("haproxy/haproxy.cfg"))).contains("\n    option forwardfor\n");
        assertThat(clusterHaproxyConfig()).contains("\n    option forwardfor\n").contains("bind 127.0.0.1:");
        assertThat(Files.readString(INFRA.resolve("cluster.sh"))).contains("HOSPAY_TRUSTED_PROXIES=127.0.0.1 ");

        Map<String, Object> services = yaml(yaml(Files.readString(INFRA.resolve("compose.yaml"))).get("services"));
        Object haproxyAddress = yaml(yaml(yaml(services.get("haproxy")).get("networks")).get("default")).get("ipv4_address");
        assertThat(haproxyAddress).as("HAProxy's fixed address in compose.yaml").isNotNull();
        for (String gateway : List.of("gateway-1", "gateway-2")) {
            assertThat(yaml(yaml(services.get(gateway)).get("environment")).get("HOSPAY_TRUSTED_PROXIES")).as(gateway).isEqualTo(haproxyAddress);
        }
    }

    private static String clusterHaproxyConfig() throws Exception {
        Run print = run(INFRA.getParent(), "bash", "infra/cluster.sh", "haproxy-config", "3");
        assertThat(print.exit()).as(print.output()).isZero();
        return print.output();
    }

    /** A YAML document's text, or a mapping of one already loaded, as a map (the anchors of compose.yaml resolved). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Object textOrMapping) {
        return (Map<String, Object>) (textOrMapping instanceof String text ? new Yaml().load(text) : textOrMapping);
    }

    @Test
    void theGatewayJarSplitsIntoTheLayersTheDockerfileCopies() throws Exception {
        String jar = System.getProperty("hospay.gateway.jar");
        assumeTrue(jar != null && new File(jar).isFile(), "gateway exec jar not built: layers not checked");
        Run layers = run(INFRA, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djarmode=tools", "-jar", jar, "list-layers");
        assertThat(layers.exit()).as(layers.output()).isZero();
        String dockerfile = Files.readString(INFRA.resolve("docker/Dockerfile"));
        for (String layer : layers.output().strip().split("\\s+")) {
            assertThat(dockerfile).as("the Dockerfile copies layer %s", layer).contains("/build/extracted/" + layer + "/");
        }
        assertThat(dockerfile).contains("USER 10001", "HEALTHCHECK");
    }

    private record Run(int exit, String output) {}

    private static Run run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 120 s");
        }
        return new Run(p.exitValue(), output);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        }
        return false;
    }
}
