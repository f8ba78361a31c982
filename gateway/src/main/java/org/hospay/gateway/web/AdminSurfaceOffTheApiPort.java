package org.hospay.gateway.web;

import java.net.InetSocketAddress;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * With a management port of its own, the admin surface is served there only (docs/api.md §2). Moving the
 * actuator is not all of it: the Swagger UI's static files are resource handlers that every context of the
 * application shares ({@code /actuator/swagger-ui/**}, the webjar under {@code /webjars/**}), so on the API
 * port they answer too unless refused. This filter (which the management port's context inherits as well)
 * answers 404 on the API port for every admin path but the bare health status ({@link PublicHealth}).
 */
class AdminSurfaceOffTheApiPort implements WebFilter, Ordered, ApplicationListener<WebServerInitializedEvent> {

    /** The API server's port, known once it listens; the management server's context has namespace "management". */
    private volatile int apiPort;

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) apiPort = event.getWebServer().getPort();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 5;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        InetSocketAddress local = exchange.getRequest().getLocalAddress();
        if (local == null || local.getPort() != apiPort) return chain.filter(exchange);
        if (isAdminPath(exchange.getRequest().getPath().pathWithinApplication().value())) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND));
        }
        return chain.filter(exchange);
    }

    static boolean isAdminPath(String path) {
        return (path.equals("/actuator") || path.startsWith("/actuator/")) && !path.equals("/actuator/health")
                && !path.equals("/actuator/health/readiness")
                || path.startsWith("/webjars/swagger-ui")
                || path.startsWith("/swagger-ui")
                || path.startsWith("/v3/api-docs");
    }
}
