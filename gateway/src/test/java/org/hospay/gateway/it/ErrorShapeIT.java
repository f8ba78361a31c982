package org.hospay.gateway.it;

import org.junit.jupiter.api.Test;

class ErrorShapeIT extends GatewayIntegrationTest {

    @Test
    void anUnknownApiPathIsA404InTheErrorShape() {
        window.get("/api/v1/no-such-thing").expectStatus().isNotFound()
                .expectBody().jsonPath("$.error.code").isEqualTo("NOT_FOUND");
    }

    @Test
    void anOversizedBodyIsA413AndNeverReachesAHandler() {
        String big = "{\"raw\":\"" + "1".repeat(70_000) + "\"}";
        window.post("/api/v1/codes/classify", big).expectStatus().isEqualTo(413)
                .expectBody().jsonPath("$.error.code").isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void openApiIsPublishedOnTheManagementPort() {
        management.get().uri("/actuator/openapi").exchange().expectStatus().isOk().expectBody().jsonPath("$.openapi").isNotEmpty();
    }
}
