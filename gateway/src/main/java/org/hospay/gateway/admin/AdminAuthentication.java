package org.hospay.gateway.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.hospay.gateway.web.ApiErrors;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The administration endpoints ({@link #PATHS}, on the management port only: the API port answers 404 for
 * every {@code /actuator/**} path but health) want {@code Authorization: Bearer <hospay.admin.token>};
 * anything else is 401, and every request is refused while no token of 32+ characters is configured.
 * The management port's context inherits this filter, like the API port's filters.
 */
@Component
class AdminAuthentication implements WebFilter, Ordered {

    static final String[] PATHS = {"/actuator/terminals", "/actuator/reseal"};

    private final AdminProperties props;
    private final ApiErrors errors;

    AdminAuthentication(AdminProperties props, ApiErrors errors) {
        this.props = props;
        this.errors = errors;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!isAdminPath(exchange.getRequest().getPath().pathWithinApplication().value())) return chain.filter(exchange);
        if (!props.configured()) {
            return errors.write(exchange, new ApiErrors.ApiError(HttpStatus.FORBIDDEN, "ADMIN_DISABLED",
                    "administration is off: set hospay.admin.token (HOSPAY_ADMIN_TOKEN, 32+ characters)", Map.of()));
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String given = header != null && header.startsWith("Bearer ") ? header.substring(7).strip() : "";
        if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), props.token().getBytes(StandardCharsets.UTF_8))) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return errors.write(exchange, new ApiErrors.ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "the administration endpoints want Authorization: Bearer <admin token>", Map.of()));
        }
        return chain.filter(exchange);
    }

    static boolean isAdminPath(String path) {
        for (String p : PATHS) if (path.equals(p) || path.startsWith(p + "/")) return true;
        return false;
    }
}
