package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.hospay.code.DemoKeys;
import org.hospay.code.Sm2;
import org.hospay.gateway.config.DemoKeyGuard;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.json.JsonCompareMode;

/**
 * Issue 17, secure by default (docs/security.md). Outside demo mode a gateway JVM refuses to start while a
 * published DEMO credential is configured, naming the property, one case per kind. The admin surface
 * (actuator, OpenAPI, Swagger UI) is on the management port only; the API port keeps a bare health status.
 */
class SecurityIT extends GatewayIntegrationTest {

    private static String realMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String refusal(Map<String, String> properties) {
        String output = GatewayProcess.refusedStart(TestServices.DATABASE, properties);
        assertThat(output).as("Boot's failure report").contains("APPLICATION FAILED TO START").contains("not in demo mode");
        return output;
    }

    @Test
    void theDemoMasterKeyOutsideDemoModeStopsTheGatewayByName() {
        String output = refusal(Map.of("hospay.security.master-key", DemoKeyGuard.DEMO_MASTER_KEY));
        assertThat(output).contains("- hospay.security.master-key: the DEMO master key");
    }

    @Test
    void aChannelsDemoKeysOutsideDemoModeStopTheGatewayByName() {
        String output = refusal(Map.of("hospay.security.master-key", realMasterKey(), "hospay.channels.wechat.demo-keys", "true"));
        assertThat(output).contains("- hospay.channels.wechat.demo-keys: true")
                .doesNotContain("- hospay.security.master-key").doesNotContain("- hospay.channels.alipay.demo-keys");
    }

    @Test
    void aDemoPlatformKeyBesideARealOneStopsTheGatewayNamingOnlyTheDemoOne() {
        String real = Sm2.publicKeyHex(Sm2.generateKeyPair().getPublic());
        String output = refusal(Map.of("hospay.security.master-key", realMasterKey(),
                "hospay.codes.platform-public-keys.sd-2026", real,
                "hospay.codes.platform-public-keys.old-2025", DemoKeys.platformPublicKeyHex(DemoKeys.PREVIOUS)));
        assertThat(output).contains("- hospay.codes.platform-public-keys.old-2025: a DEMO insurance-platform key")
                .doesNotContain("platform-public-keys.sd-2026");
    }

    @Test
    void theApiPortAnswersHealthWithTheStatusAlone() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().json("{\"status\":\"UP\"}", JsonCompareMode.STRICT);
    }

    @Test
    void theAdminSurfaceIsNotOnTheApiPort() {
        for (String path : new String[] {"/actuator/prometheus", "/actuator/info", "/actuator/health/redis", "/actuator",
                "/actuator/openapi", "/actuator/swagger-ui", "/actuator/swagger-ui/index.html", "/v3/api-docs", "/swagger-ui.html",
                "/swagger-ui/index.html", "/webjars/swagger-ui/index.html"}) {
            http.get().uri(path).exchange().expectStatus().isNotFound().expectBody().jsonPath("$.error.code").isEqualTo("NOT_FOUND");
        }
    }

    @Test
    void theAdminSurfaceIsOnTheManagementPort() {
        management.get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.r2dbc.status").isEqualTo("UP")
                .jsonPath("$.components.redis.status").isEqualTo("UP");
        String metrics = management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(metrics).contains("jvm_memory_used_bytes");
        management.get().uri("/actuator/openapi").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.openapi").isNotEmpty().jsonPath("$.paths['/api/v1/payments']").exists();
        management.get().uri("/actuator/swagger-ui").exchange().expectStatus().is3xxRedirection();
    }

    @Autowired
    Environment environment;

    @Test
    void theManagementPortListensOnTheLoopbackInterfaceByDefault() throws Exception {
        assertThat(InetAddress.getByName(environment.getProperty("management.server.address")).isLoopbackAddress()).isTrue();
    }
}
