package org.hospay.gateway.family;

import java.security.Principal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * A mini-program user as their verified token describes them: the subject, and the real-name identity the
 * token's issuer vouches for (docs/security.md, "What the token issuer must provide"). Nothing the user types
 * ever becomes their identity: the identity is here or nowhere.
 *
 * @param id       the token's {@code sub}
 * @param name     claim {@link #NAME} when the issuer verified it, else null
 * @param idNumber claim {@link #ID_NUMBER} when the issuer verified it, else null (not yet checked for form)
 */
record MiniUser(String id, String name, String idNumber) {

    /** The person's legal name, as the real-name check confirmed it. */
    static final String NAME = "real_name";
    /** The 18-character resident identity number the real-name check confirmed. */
    static final String ID_NUMBER = "id_number";
    /** {@code true}: the issuer ran a real-name check (platform real-name or face verification) on the two claims above. */
    static final String VERIFIED = "real_name_verified";

    static MiniUser of(Principal principal) {
        if (principal instanceof JwtAuthenticationToken token) return of(token.getToken());
        return new MiniUser(principal.getName(), null, null);
    }

    static MiniUser of(Jwt jwt) {
        boolean verified = Boolean.TRUE.equals(jwt.getClaimAsBoolean(VERIFIED));
        String name = verified ? jwt.getClaimAsString(NAME) : null;
        String idNumber = verified ? jwt.getClaimAsString(ID_NUMBER) : null;
        return new MiniUser(jwt.getSubject(), blankToNull(name), blankToNull(idNumber));
    }

    boolean verified() {
        return name != null && idNumber != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
