package org.hospay.gateway.terminal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.limits.RateLimits;
import org.hospay.gateway.web.ApiErrors;
import org.hospay.gateway.web.ClientAddresses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * The terminals' security filter chain: every {@code /api/v1/**} path except the mini-program's (which has its
 * own chain of bearer tokens). Authentication is the HMAC request signature ({@link TerminalAuthentication}),
 * unchanged on the wire; it puts the terminal in the security context with the authority of its kind
 * ({@code TERMINAL_WINDOW}, ...). Authorization is {@link TerminalRules}: a request the terminal's kind may not
 * send is 403 before any handler runs, with the rule's code ({@code FORBIDDEN}, or the older specific
 * {@code NOT_AN_NFC_READER} / {@code HIS_ONLY}).
 */
@Configuration(proxyBeanMethods = false)
class TerminalSecurity {

    private static final Logger log = LoggerFactory.getLogger(TerminalSecurity.class);
    private static final String DENIAL = TerminalSecurity.class.getName() + ".denial";

    @Bean
    SecurityWebFilterChain terminalChain(ServerHttpSecurity http, TerminalRegistry terminals, NonceGuard nonces, RateLimits limits,
                                         ApiErrors errors, Clock clock, GatewayProperties properties,
                                         io.micrometer.core.instrument.MeterRegistry registry, ClientAddresses addresses) {
        var refusals = TerminalAuthentication.refusalCounters(registry);
        var authentication = new TerminalAuthentication(terminals, nonces, limits, errors, clock, properties, refusals, addresses);
        ServerAccessDeniedHandler denied = (exchange, e) -> {
            TerminalRules.Denial d = exchange.getAttribute(DENIAL);
            if (d == null) d = new TerminalRules.Denial("FORBIDDEN", "this terminal may not do that");
            refusals.get(d.code()).increment();
            return errors.write(exchange, new ApiErrors.ApiError(HttpStatus.FORBIDDEN, d.code(), d.message(), Map.of()));
        };
        return http
                .securityMatcher(new AndServerWebExchangeMatcher(
                        ServerWebExchangeMatchers.pathMatchers("/api/v1/**"),
                        new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/api/v1/mini/**"))))
                .addFilterAt(authentication, SecurityWebFiltersOrder.AUTHENTICATION)
                .authorizeExchange(a -> a.anyExchange().access(rules()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((exchange, ex) -> errors.write(exchange, new ApiErrors.ApiError(HttpStatus.UNAUTHORIZED,
                                "UNAUTHENTICATED", TerminalAuthentication.UNAUTHENTICATED_MESSAGE, Map.of())))
                        .accessDeniedHandler(denied))
                .build();
    }

    /** {@link TerminalRules} as Spring Security's authorization step; a refusal leaves its reason for the 403. */
    private static ReactiveAuthorizationManager<AuthorizationContext> rules() {
        return (authentication, context) -> authentication
                .map(a -> {
                    if (!(a.getPrincipal() instanceof Terminal t)) return new AuthorizationDecision(false);
                    var request = context.getExchange().getRequest();
                    Optional<TerminalRules.Denial> denial = TerminalRules.check(t, request.getMethod(),
                            request.getPath().pathWithinApplication().value(), request.getQueryParams().getFirst("windowId"));
                    denial.ifPresent(d -> {
                        context.getExchange().getAttributes().put(DENIAL, d);
                        log.info("forbidden {} {} to terminal {} ({}, operator {}): {}", request.getMethod(), request.getPath(),
                                t.terminalId(), t.kind(), t.operatorId() == null ? "-" : t.operatorId(), d.code());
                    });
                    return new AuthorizationDecision(denial.isEmpty());
                })
                .defaultIfEmpty(new AuthorizationDecision(false))
                .cast(org.springframework.security.authorization.AuthorizationResult.class);
    }
}
