package org.hospay.gateway.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

/** Mini-program tokens of a real issuer are accepted only for our audience and from the configured issuer. */
class MiniSecurityTest {

    private static final URI JWKS = URI.create("https://login.example-hospital.cn/.well-known/jwks.json");

    @Test
    void aRealIssuerWithoutIssuerOrAudienceStopsTheStartNamingWhatIsMissing() {
        assertThatThrownBy(() -> MiniSecurity.decoder(new FamilyProperties.Tokens(JWKS, null, null, Duration.ofHours(1)), false))
                .hasMessageContaining("hospay.family.tokens.issuer").hasMessageContaining("hospay.family.tokens.audience");
        assertThatThrownBy(() -> MiniSecurity.decoder(new FamilyProperties.Tokens(JWKS, "https://login.example-hospital.cn", " ",
                Duration.ofHours(1)), false)).hasMessageContaining("hospay.family.tokens.audience")
                .hasMessageNotContaining("hospay.family.tokens.issuer");
        assertThat(MiniSecurity.decoder(new FamilyProperties.Tokens(JWKS, "https://login.example-hospital.cn", "hospay-gateway",
                Duration.ofHours(1)), false)).isNotNull();
    }

    @Test
    void tokensForAnotherAudienceOrFromAnotherIssuerAreRefused() {
        var validator = MiniSecurity.validator("https://login.example-hospital.cn", "hospay-gateway");
        assertThat(validator.validate(jwt("https://login.example-hospital.cn", List.of("hospay-gateway", "other"))).hasErrors()).isFalse();
        assertThat(validator.validate(jwt("https://login.example-hospital.cn", List.of("hospital-shop"))).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("https://login.example-hospital.cn", List.of())).hasErrors()).isTrue();
        assertThat(validator.validate(jwt("https://evil.example", List.of("hospay-gateway"))).hasErrors()).isTrue();
    }

    @Test
    void onlyAnIssuerAssertedRealNameCheckGivesAnIdentity() {
        Jwt verified = Jwt.withTokenValue("t").header("alg", "RS256").subject("u1").claim(MiniUser.NAME, "张三")
                .claim(MiniUser.ID_NUMBER, "11010519491231002X").claim(MiniUser.VERIFIED, true).build();
        Jwt unasserted = Jwt.withTokenValue("t").header("alg", "RS256").subject("u1").claim(MiniUser.NAME, "张三")
                .claim(MiniUser.ID_NUMBER, "11010519491231002X").build();
        assertThat(MiniUser.of(verified)).isEqualTo(new MiniUser("u1", "张三", "11010519491231002X"));
        assertThat(MiniUser.of(unasserted).verified()).isFalse();
    }

    private static Jwt jwt(String issuer, List<String> audience) {
        Instant now = Instant.now();
        var b = Jwt.withTokenValue("t").header("alg", "RS256").subject("u1").issuer(issuer).issuedAt(now).expiresAt(now.plusSeconds(60));
        if (!audience.isEmpty()) b.audience(audience);
        return b.build();
    }
}
