package org.hospay.gateway.family;

import java.time.Instant;
import java.util.regex.Pattern;
import org.hospay.gateway.web.ApiException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * DEMO ONLY token issuer, present only with {@code hospay.demo.provision=true}: {@code POST /demo/mini/tokens
 * {"subject":"payer-1"}} mints a bearer token for that mini-program user, HS256 under {@link MiniSecurity#DEMO_KEY}.
 * It stands in for the WeChat / Alipay mini-program login a hospital's own issuer would do.
 */
@RestController
@ConditionalOnProperty(name = "hospay.demo.provision", havingValue = "true")
class DemoTokens {

    private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

    private final JwtEncoder encoder = NimbusJwtEncoder.withSecretKey(MiniSecurity.DEMO_KEY).build();
    private final FamilyProperties props;

    DemoTokens(FamilyProperties props) {
        this.props = props;
    }

    record TokenRequest(String subject) {}

    record Token(String accessToken, String tokenType, long expiresIn, String subject) {}

    @PostMapping("/demo/mini/tokens")
    Token mint(@RequestBody TokenRequest request) {
        if (request.subject() == null || !SUBJECT.matcher(request.subject()).matches()) {
            throw ApiException.badRequest("INVALID_SUBJECT", "subject must be 1-64 of [A-Za-z0-9_.@-]");
        }
        // Real time, not the business clock: the decoder checks expiry against real time too.
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(MiniSecurity.DEMO_ISSUER).subject(request.subject())
                .issuedAt(now).expiresAt(now.plus(props.tokens().demoTtl())).claims(c -> c.put("demo", true)).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
        return new Token(token, "Bearer", props.tokens().demoTtl().toSeconds(), request.subject());
    }
}
