package org.hospay.gateway.console;

import java.net.URI;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.WebFilter;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The cashier console: static files under {@code static/console/} (no build step), served at
 * {@code /console/}. Its API calls are signed in the page like any terminal's; the gateway serves
 * only the files, with headers that keep them from being framed or mixed with other origins' code.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleRoutes {

    private static final Resource INDEX = new ClassPathResource("static/console/index.html");

    @Bean
    RouterFunction<ServerResponse> consoleIndex() {
        return RouterFunctions.route(GET("/console/"), request -> ServerResponse.ok()
                        .contentType(MediaType.TEXT_HTML).header("Cache-Control", "no-cache").bodyValue(INDEX))
                .andRoute(GET("/console"), request -> ServerResponse.permanentRedirect(URI.create("/console/")).build());
    }

    /**
     * Only the console's own scripts and styles, and calls back to this gateway. The Date header lets
     * the console sign with the gateway's clock: a cashier PC whose clock drifted past the signature
     * skew would otherwise be refused on every call.
     */
    @Bean
    WebFilter consoleHeaders(Clock clock) {
        return (exchange, chain) -> {
            if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/console")) {
                var headers = exchange.getResponse().getHeaders();
                headers.setDate(clock.millis());
                headers.set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
                headers.set("X-Content-Type-Options", "nosniff");
                headers.set("Referrer-Policy", "no-referrer");
            }
            return chain.filter(exchange);
        };
    }
}
