package org.hospay.gateway.terminal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.support.MeterCache;
import org.hospay.gateway.limits.RateLimits;
import org.hospay.gateway.web.ApiErrors;
import org.hospay.gateway.web.ApiErrors.ApiError;
import org.hospay.gateway.web.ApiException;
import org.hospay.gateway.web.ClientAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The authentication step of the terminals' security chain ({@link TerminalSecurity}): verifies docs/api.md §3 on
 * every signed request: known active terminal, timestamp within the skew, HMAC over method, path, timestamp,
 * nonce, the body's SHA-256 and, when sent, the operator id; then a single-use nonce. The nonce is claimed last
 * so a forged request cannot burn a real terminal's nonce; the very same signed POST sent again with its
 * Idempotency-Key passes ({@link #resendable}). The body is read once (bounded), hashed, and handed on.
 *
 * <p>Every refusal answers the same 401 whatever its cause, so a caller learns nothing about which terminal ids
 * exist or which check failed; the log keeps the cause. Each refusal counts against the claimed terminal id
 * and the source address ({@link RateLimits#authFailure}); past either limit it is a 429 instead. The source address
 * is the client's as {@link ClientAddresses} tells it: behind a trusted load balancer, the address the balancer
 * forwarded, so one misconfigured window does not spend the budget of every window behind the same balancer.
 *
 * <p>Not a bean: a {@link WebFilter} bean would also run outside the security chain, on every path.
 */
final class TerminalAuthentication implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(TerminalAuthentication.class);
    private static final Pattern NONCE = Pattern.compile("^[\\x21-\\x7E]{1,64}$");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{1,12}$");
    /** A staff number: letters, digits, '.', '_', '-'; nothing that could break a log line or the signed string. */
    static final Pattern OPERATOR = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
    /** The terminals' commands that answer by Idempotency-Key (docs/api.md): pay, present a code, refund, HIS bill, deposits. */
    static final Pattern IDEMPOTENT_COMMANDS = Pattern.compile(
            "^/api/v1/(payments|payments/[^/]+/(refunds|codes)|his/bills|inpatient/stays/[^/]+/(deposits|deposit-refunds|discharge/payments))$");
    static final String UNAUTHENTICATED_MESSAGE =
            "the request is not signed by an active terminal (X-Terminal-Id, X-Timestamp, X-Nonce, X-Signature; docs/api.md §3)";

    private final TerminalRegistry terminals;
    private final NonceGuard nonces;
    private final RateLimits limits;
    private final ApiErrors errors;
    private final Clock clock;
    private final GatewayProperties.Auth auth;
    private final MeterCache<Counter> refusals;
    private final ClientAddresses addresses;

    TerminalAuthentication(TerminalRegistry terminals, NonceGuard nonces, RateLimits limits, ApiErrors errors, Clock clock,
                           GatewayProperties properties, MeterCache<Counter> refusals, ClientAddresses addresses) {
        this.refusals = refusals;
        this.addresses = addresses;
        this.terminals = terminals;
        this.nonces = nonces;
        this.limits = limits;
        this.errors = errors;
        this.clock = clock;
        this.auth = properties.auth();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        var headers = exchange.getRequest().getHeaders();
        String terminalId = headers.getFirst("X-Terminal-Id");
        String timestamp = headers.getFirst("X-Timestamp");
        String nonce = headers.getFirst("X-Nonce");
        String signature = headers.getFirst("X-Signature");
        String operator = headers.getFirst("X-Operator-Id");
        if (terminalId == null || timestamp == null || nonce == null || signature == null) {
            return reject(exchange, "missing X-Terminal-Id, X-Timestamp, X-Nonce or X-Signature");
        }
        if (terminalId.length() > 64) return reject(exchange, "terminal id longer than 64 characters");
        if (!NONCE.matcher(nonce).matches()) return reject(exchange, "X-Nonce is not 1-64 visible ASCII characters");
        if (!TIMESTAMP.matcher(timestamp).matches()) return reject(exchange, "X-Timestamp is not unix seconds");
        if (operator != null && !OPERATOR.matcher(operator).matches()) return reject(exchange, "X-Operator-Id is not 1-64 of A-Z a-z 0-9 . _ -");
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        if (skew > auth.maxSkew().toSeconds()) return reject(exchange, "X-Timestamp is " + skew + " s from the gateway's clock");

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
                            String expected = RequestSignature.sign(entry.secret(), method, path, timestamp, nonce, body, operator);
                            if (!RequestSignature.matches(expected, signature)) {
                                return reject(exchange, operator == null ? "bad signature" : "bad signature (with X-Operator-Id " + operator + ")");
                            }
                            // The Idempotency-Key is not signed: a resend passes only with the key the first one had.
                            String fingerprint = signature + "\n" + java.util.Objects.toString(headers.getFirst("Idempotency-Key"), "");
                            return nonces.claim(terminalId, nonce, fingerprint).flatMap(claim -> {
                                if (claim == NonceGuard.Claim.REPLAYED) return reject(exchange, "nonce already used");
                                if (claim == NonceGuard.Claim.RESENT) {
                                    if (!resendable(exchange)) return reject(exchange, "nonce already used (the same request sent again)");
                                    log.info("the same signed {} {} from terminal {} sent again (nonce {}): its Idempotency-Key answers it",
                                            method, path, terminalId, nonce);
                                }
                                Terminal caller = entry.terminal().withOperator(operator);
                                exchange.getAttributes().put(Terminal.ATTRIBUTE, caller);
                                var authentication = UsernamePasswordAuthenticationToken.authenticated(caller, null,
                                        List.of(new SimpleGrantedAuthority(authority(caller.kind()))));
                                return chain.filter(exchange.mutate().request(withBody(exchange, body)).build())
                                        .contextWrite(ReactiveSecurityContextHolder.withAuthentication(authentication));
                            });
                        }))
                .onErrorResume(DataBufferLimitException.class, e -> errors.write(exchange,
                        new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "request body exceeds " + auth.maxBodyBytes() + " bytes", Map.of())));
    }

    /**
     * Whether the very same signed request may pass a second time: only a POST with an Idempotency-Key to a command
     * that honours it, which the command edge answers with what the first did (a replay, 409 while it runs, or the first run if the first never
     * got that far) and never runs twice. An HTTP client or a load balancer resends a request whose connection dropped
     * with the same headers; refusing it would answer a cashier's payment with a bare 401.
     */
    static boolean resendable(ServerWebExchange exchange) {
        return exchange.getRequest().getMethod() == org.springframework.http.HttpMethod.POST
                && exchange.getRequest().getHeaders().getFirst("Idempotency-Key") != null
                && IDEMPOTENT_COMMANDS.matcher(exchange.getRequest().getPath().pathWithinApplication().value()).matches();
    }

    /** {@code hospay.auth.refusals} by cause: a 401 cause ({@link #causeOf}) or a 403 denial code of {@link TerminalRules}. */
    static MeterCache<Counter> refusalCounters(MeterRegistry registry) {
        return new MeterCache<>((cause, unused, unused2) -> Counter.builder("hospay.auth.refusals")
                .description("Terminal requests refused: 401 by cause, 403 by denial code").tag("cause", cause).register(registry));
    }

    /** A refusal's cause as a small fixed set of tag values (the log keeps the full text). */
    static String causeOf(String cause) {
        if (cause.startsWith("missing")) return "MISSING_HEADERS";
        if (cause.startsWith("unknown terminal")) return "UNKNOWN_TERMINAL";
        if (cause.startsWith("terminal is deactivated")) return "DEACTIVATED";
        if (cause.startsWith("bad signature")) return "BAD_SIGNATURE";
        if (cause.startsWith("nonce already used")) return "NONCE_REPLAYED";
        if (cause.startsWith("X-Timestamp is ") && cause.endsWith("clock")) return "CLOCK_SKEW";
        return "MALFORMED_HEADERS";
    }

    /** The authority a terminal of this kind holds in the security context: {@code TERMINAL_WINDOW}, ... */
    static String authority(Terminal.Kind kind) {
        return "TERMINAL_" + kind.name();
    }

    private static ServerHttpRequestDecorator withBody(ServerWebExchange exchange, byte[] body) {
        return new ServerHttpRequestDecorator(exchange.getRequest()) {
            @Override
            public Flux<DataBuffer> getBody() {
                return Flux.defer(() -> Flux.just(exchange.getResponse().bufferFactory().wrap(body)));
            }
        };
    }

    private Mono<Void> reject(ServerWebExchange exchange, String cause) {
        String claimed = exchange.getRequest().getHeaders().getFirst("X-Terminal-Id");
        ClientAddresses.ClientAddress address = addresses.of(exchange.getRequest());
        refusals.get(causeOf(cause)).increment();
        log.info("refused {} {} from terminal {} at {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                claimed == null ? "-" : claimed.length() > 64 ? claimed.substring(0, 64) + "…" : claimed, address, cause);
        return limits.authFailure(claimed, address.budget()).flatMap(over -> over.isPresent()
                ? errors.write(exchange, tooMany(over.get()))
                : errors.write(exchange, new ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED", UNAUTHENTICATED_MESSAGE, Map.of())));
    }

    private static ApiError tooMany(Duration retryAfter) {
        ApiException e = ApiException.rateLimited("too many failed authentications; try again later", retryAfter);
        return new ApiError(e.status(), e.code(), e.getMessage(), e.details());
    }
}
