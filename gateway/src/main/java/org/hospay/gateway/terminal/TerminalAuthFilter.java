package org.hospay.gateway.terminal;

import java.time.Clock;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.web.ApiErrors;
import org.hospay.gateway.web.ApiErrors.ApiError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Verifies docs/api.md §3 on every {@code /api/v1/**} request: known active terminal, timestamp within
 * the skew, HMAC over method, path, timestamp, nonce and the body's SHA-256, then a single-use nonce.
 * The nonce is claimed last so a forged request cannot burn a real terminal's nonce. The body is
 * read once (bounded), hashed, and handed on to the handler.
 */
@Component
class TerminalAuthFilter implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(TerminalAuthFilter.class);
    private static final Pattern NONCE = Pattern.compile("^[\\x21-\\x7E]{1,64}$");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{1,12}$");

    private final TerminalRegistry terminals;
    private final NonceGuard nonces;
    private final ApiErrors errors;
    private final Clock clock;
    private final GatewayProperties.Auth auth;

    TerminalAuthFilter(TerminalRegistry terminals, NonceGuard nonces, ApiErrors errors, Clock clock, GatewayProperties properties) {
        this.terminals = terminals;
        this.nonces = nonces;
        this.errors = errors;
        this.clock = clock;
        this.auth = properties.auth();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        // Mini-program users carry bearer tokens instead, checked by the security chain on those paths.
        if (!path.startsWith("/api/v1/") || path.startsWith("/api/v1/mini/")) return chain.filter(exchange);

        var headers = exchange.getRequest().getHeaders();
        String terminalId = headers.getFirst("X-Terminal-Id");
        String timestamp = headers.getFirst("X-Timestamp");
        String nonce = headers.getFirst("X-Nonce");
        String signature = headers.getFirst("X-Signature");
        if (terminalId == null || timestamp == null || nonce == null || signature == null) {
            return reject(exchange, "missing X-Terminal-Id, X-Timestamp, X-Nonce or X-Signature");
        }
        if (terminalId.length() > 64) return reject(exchange, "unknown terminal");
        if (!NONCE.matcher(nonce).matches()) return reject(exchange, "X-Nonce must be 1-64 visible ASCII characters");
        if (!TIMESTAMP.matcher(timestamp).matches()) return reject(exchange, "X-Timestamp must be unix seconds");
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > auth.maxSkew().toSeconds()) return reject(exchange, "X-Timestamp is more than " + auth.maxSkew().toSeconds() + " s from the gateway's clock");

        return DataBufferUtils.join(exchange.getRequest().getBody(), auth.maxBodyBytes())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                // The look-up is resolved to present/absent first: the chain's own Mono<Void> completes empty,
                // and an empty-means-unknown operator after it would refuse a request already answered.
                .flatMap(body -> terminals.find(terminalId).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .flatMap(found -> {
                            if (found.isEmpty()) return reject(exchange, "unknown terminal");
                            TerminalRegistry.Entry entry = found.get();
                            if (!entry.active()) return reject(exchange, "terminal is deactivated");
                            String method = exchange.getRequest().getMethod().name();
                            String expected = RequestSignature.sign(entry.secret(), method, path, timestamp, nonce, body);
                            if (!RequestSignature.matches(expected, signature)) return reject(exchange, "bad signature");
                            return nonces.claim(terminalId, nonce).flatMap(first -> {
                                if (!first) return reject(exchange, "nonce already used");
                                exchange.getAttributes().put(Terminal.ATTRIBUTE, entry.terminal());
                                return chain.filter(exchange.mutate().request(withBody(exchange, body)).build());
                            });
                        }))
                .onErrorResume(DataBufferLimitException.class, e -> errors.write(exchange,
                        new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "request body exceeds " + auth.maxBodyBytes() + " bytes", java.util.Map.of())));
    }

    private static ServerHttpRequestDecorator withBody(ServerWebExchange exchange, byte[] body) {
        return new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
    }

    private Mono<Void> reject(ServerWebExchange exchange, String why) {
        log.info("refused {} {} from terminal {}: {}", exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), exchange.getRequest().getHeaders().getFirst("X-Terminal-Id"), why);
        return errors.write(exchange, new ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", why, java.util.Map.of()));
    }
}
