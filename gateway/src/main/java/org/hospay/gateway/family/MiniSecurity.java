package org.hospay.gateway.family;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.web.ApiErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import reactor.core.publisher.Mono;

/**
 * Mini-program users (payers and patients) carry bearer tokens (JWT) on {@code /api/v1/mini/**}, and only
 * there: this is the one security filter chain, matched to those paths, so every other path keeps exactly
 * what it had (terminals' HMAC filter on the rest of {@code /api/v1}, actuator, OpenAPI and the channels'
 * callbacks open) instead of Spring Security's lock-everything default.
 *
 * <p>Who issues tokens: a real deployment names its issuer's JWK set ({@code hospay.family.tokens.jwk-set-uri})
 * and must name the {@code iss} and an {@code aud} its tokens carry (the gateway refuses to start without them,
 * so a token minted by the same issuer for another application is not accepted here). With {@code hospay.demo.provision=true} and no JWK set, tokens of the
 * gateway's DEMO issuer ({@link DemoTokens}, HS256 under a key in git) are accepted. With neither, every
 * mini-program request is refused.
 */
@Configuration(proxyBeanMethods = false)
class MiniSecurity {

    private static final Logger log = LoggerFactory.getLogger(MiniSecurity.class);

    static final String PATHS = "/api/v1/mini/**";
    static final String DEMO_ISSUER = "hospay-demo";
    static final String DEMO_AUDIENCE = "hospay-demo-mini";
    /** DEMO ONLY: the HS256 key of the demo token issuer; it is public, so tokens under it prove nothing outside a demo. */
    static final SecretKey DEMO_KEY = new SecretKeySpec(
            "hospay-DEMO-ONLY-mini-program-token-key-not-a-secret".getBytes(StandardCharsets.US_ASCII), "HmacSHA256");

    @Bean
    SecurityWebFilterChain miniProgramChain(ServerHttpSecurity http, FamilyProperties family, GatewayProperties gateway, ApiErrors errors) {
        ReactiveJwtDecoder decoder = decoder(family.tokens(), gateway.demo().provision());
        ServerAuthenticationEntryPoint unauthenticated = (exchange, e) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return errors.write(exchange, new ApiErrors.ApiError(HttpStatus.UNAUTHORIZED, "UNAUTHENTICATED",
                    "a valid bearer token is required: " + e.getMessage(), Map.of()));
        };
        ServerAccessDeniedHandler denied = (exchange, e) -> errors.write(exchange,
                new ApiErrors.ApiError(HttpStatus.FORBIDDEN, "FORBIDDEN", "this token may not do that", Map.of()));
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers(PATHS))
                .authorizeExchange(a -> a.anyExchange().authenticated())
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtDecoder(decoder))
                        .authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(denied))
                .build();
    }

    /** docs/api.md §10: mini-program endpoints are documented in OpenAPI as taking bearer tokens. */
    @Bean
    OpenApiCustomizer miniProgramBearerTokens() {
        return api -> {
            if (api.getComponents() == null) api.setComponents(new Components());
            api.getComponents().addSecuritySchemes("miniProgramBearer", new SecurityScheme().type(SecurityScheme.Type.HTTP)
                    .scheme("bearer").bearerFormat("JWT").description("a mini-program user's token (DEMO: POST /demo/mini/tokens)"));
            if (api.getPaths() == null) return;
            api.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/v1/mini/")) {
                    item.readOperations().forEach(op -> op.addSecurityItem(new SecurityRequirement().addList("miniProgramBearer")));
                }
            });
        };
    }

    static ReactiveJwtDecoder decoder(FamilyProperties.Tokens tokens, boolean demo) {
        if (tokens.jwkSetUri() != null && !tokens.jwkSetUri().toString().isBlank()) {
            List<String> missing = new ArrayList<>();
            if (blank(tokens.issuer())) missing.add("hospay.family.tokens.issuer (HOSPAY_MINI_ISSUER)");
            if (blank(tokens.audience())) missing.add("hospay.family.tokens.audience (HOSPAY_MINI_AUDIENCE)");
            if (!missing.isEmpty()) {
                throw new IllegalStateException("mini-program tokens: with a token issuer (hospay.family.tokens.jwk-set-uri) "
                        + "the gateway needs the issuer and audience its tokens must carry; set " + String.join(" and ", missing));
            }
            NimbusReactiveJwtDecoder real = NimbusReactiveJwtDecoder.withJwkSetUri(tokens.jwkSetUri().toString()).build();
            real.setJwtValidator(validator(tokens.issuer(), tokens.audience()));
            return real;
        }
        if (demo) {
            log.warn("mini-program: accepting DEMO bearer tokens (HS256, issuer {}); never in production", DEMO_ISSUER);
            NimbusReactiveJwtDecoder d = NimbusReactiveJwtDecoder.withSecretKey(DEMO_KEY).macAlgorithm(MacAlgorithm.HS256).build();
            d.setJwtValidator(validator(DEMO_ISSUER, DEMO_AUDIENCE));
            return d;
        }
        log.warn("mini-program: no token issuer configured (hospay.family.tokens.jwk-set-uri); every {} request is refused", PATHS);
        return token -> Mono.error(new BadJwtException("no token issuer is configured on this gateway"));
    }

    /** Expiry and not-before (default), the issuer, and our audience among the token's {@code aud}. */
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        return JwtValidators.createDefaultWithValidators(new JwtIssuerValidator(issuer), new JwtAudienceValidator(audience));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
