package org.hospay.gateway.family;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.InsurancePort;
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
import reactor.core.publisher.Mono;

/**
 * DEMO ONLY token issuer, present only with {@code hospay.demo.provision=true}: {@code POST /demo/mini/tokens
 * {"subject":"payer-1","name":"张三","idNo":"…"}} mints a bearer token for that mini-program user, HS256 under
 * {@link MiniSecurity#DEMO_KEY}, issuer {@link MiniSecurity#DEMO_ISSUER}, audience {@link MiniSecurity#DEMO_AUDIENCE}.
 * It stands in for the WeChat / Alipay mini-program login and its real-name check a hospital's own issuer does.
 *
 * <p>With a name and identity number, it runs the DEMO real-name check and, when that passes, puts them in the
 * token as verified claims ({@link MiniUser}): the number must be a valid resident identity number (GB 11643),
 * and when the insurance platform (the simulator) knows the person, under the same name. The simulator has no
 * real-name service of its own; a person it does not know passes on the format checks alone, which is what
 * makes this a DEMO check. Without them the token carries no identity: enough to verify a patient, not to bind
 * or to act as a patient.
 */
@RestController
@ConditionalOnProperty(name = "hospay.demo.provision", havingValue = "true")
class DemoTokens {

    private static final Pattern SUBJECT = Pattern.compile("^[A-Za-z0-9_.@-]{1,64}$");

    private final JwtEncoder encoder = NimbusJwtEncoder.withSecretKey(MiniSecurity.DEMO_KEY).build();
    private final FamilyProperties props;
    private final Identities identities;
    private final InsurancePort insurance;

    DemoTokens(FamilyProperties props, Identities identities, InsurancePort insurance) {
        this.props = props;
        this.identities = identities;
        this.insurance = insurance;
    }

    record TokenRequest(String subject, String name, String idNo) {}

    record Token(String accessToken, String tokenType, long expiresIn, String subject, boolean realNameVerified) {}

    @PostMapping("/demo/mini/tokens")
    Mono<Token> mint(@RequestBody TokenRequest request) {
        return Mono.defer(() -> {
            if (request.subject() == null || !SUBJECT.matcher(request.subject()).matches()) {
                throw ApiException.badRequest("INVALID_SUBJECT", "subject must be 1-64 of [A-Za-z0-9_.@-]");
            }
            boolean hasName = request.name() != null, hasId = request.idNo() != null;
            if (hasName != hasId) throw ApiException.badRequest("INCOMPLETE_IDENTITY", "give both name and idNo, or neither");
            if (!hasName) return Mono.just(token(request.subject(), null, null));
            String name = Identities.name(request.name());
            String idNo = identities.idNumber(request.idNo());
            return realNameCheck(name, idNo).thenReturn(token(request.subject(), name, idNo));
        });
    }

    /** The DEMO real-name check's one look-up: the platform's name for the number, when it knows the person. */
    private Mono<Void> realNameCheck(String name, String idNo) {
        return insurance.identify(InsurancePort.CertType.ID_NUMBER, idNo).flatMap(o -> switch (o) {
            case Outcome.Succeeded<InsurancePort.Person> s -> s.value().name() == null || s.value().name().isEmpty()
                    || s.value().name().equals(name) ? Mono.<Void>empty()
                    : Mono.error(ApiException.unprocessable("REAL_NAME_MISMATCH", "the name does not match the identity number's holder"));
            case Outcome.Declined<InsurancePort.Person> d -> "PERSON_NOT_FOUND".equals(d.code()) || "NOT_INSURED".equals(d.code())
                    ? Mono.<Void>empty() : Mono.error(unavailable());
            case Outcome.Pending<InsurancePort.Person> p -> Mono.error(unavailable());
            case Outcome.Unknown<InsurancePort.Person> u -> Mono.error(unavailable());
        });
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("REAL_NAME_CHECK_UNAVAILABLE", "the real-name check cannot be done right now; try again shortly");
    }

    private Token token(String subject, String name, String idNo) {
        // Real time, not the business clock: the decoder checks expiry against real time too.
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().issuer(MiniSecurity.DEMO_ISSUER).subject(subject)
                .audience(List.of(MiniSecurity.DEMO_AUDIENCE)).issuedAt(now).expiresAt(now.plus(props.tokens().demoTtl()))
                .claims(c -> {
                    c.put("demo", true);
                    if (name != null) {
                        c.put(MiniUser.NAME, name);
                        c.put(MiniUser.ID_NUMBER, idNo);
                        c.put(MiniUser.VERIFIED, true);
                    }
                }).build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
        return new Token(token, "Bearer", props.tokens().demoTtl().toSeconds(), subject, name != null);
    }
}
