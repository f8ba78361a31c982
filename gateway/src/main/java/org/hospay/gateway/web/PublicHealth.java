package org.hospay.gateway.web;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.actuate.endpoint.ApiVersion;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.ReactiveHealthEndpointWebExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * {@code GET /actuator/health} and {@code /actuator/health/readiness} on the API port (docs/api.md §2): load
 * balancers, the run command and outside tools ask them there. They answer the status the actuator computes and
 * nothing else: the health is 503 DOWN while PostgreSQL or Redis does not answer; readiness, what load balancers
 * check, stays 200 UP without Redis (payments go on with PostgreSQL, docs/operations.md §8) and turns 503 without
 * PostgreSQL or while the instance drains. Which components exist and their details are which components exist and their details are
 * for the management port, like every other actuator endpoint. Boot's own additional health paths
 * cannot serve this path (one segment only), hence this route. Should the management port be configured
 * equal to the API port, the actuator's own mapping answers first (it is ordered before routes).
 */
@Configuration(proxyBeanMethods = false)
class PublicHealth {

    @Bean
    RouterFunction<ServerResponse> publicHealthRoute(ReactiveHealthEndpointWebExtension health) {
        return RouterFunctions.route(GET("/actuator/health"), request -> bare(health
                        .health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE)))
                .andRoute(GET("/actuator/health/readiness"), request -> bare(health
                        .health(ApiVersion.LATEST, WebServerNamespace.SERVER, SecurityContext.NONE, "readiness")));
    }

    private static reactor.core.publisher.Mono<ServerResponse> bare(
            reactor.core.publisher.Mono<? extends org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<?
                    extends org.springframework.boot.health.actuate.endpoint.HealthDescriptor>> health) {
        return health.flatMap(answer -> ServerResponse.status(answer.getStatus())
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .bodyValue(Map.of("status", answer.getBody() == null ? "UNKNOWN" : answer.getBody().getStatus().getCode())));
    }

    /** Only when the admin surface has a port of its own: configured onto the API port, it stays there. */
    @Bean
    @ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
    AdminSurfaceOffTheApiPort adminSurfaceOffTheApiPort() {
        return new AdminSurfaceOffTheApiPort();
    }
}
