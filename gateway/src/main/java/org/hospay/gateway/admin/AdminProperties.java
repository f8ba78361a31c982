package org.hospay.gateway.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The administration endpoints' own credential ({@code HOSPAY_ADMIN_TOKEN}): a bearer token of at least 32
 * characters, separate from every terminal's secret and from the master key. Unset: the administration
 * endpoints refuse every request.
 */
@ConfigurationProperties("hospay.admin")
public record AdminProperties(String token) {

    /** DEMO ONLY: the token application-demo.yml sets (published, protects nothing). */
    public static final String DEMO_TOKEN = "hospay-DEMO-ONLY-admin-token-not-a-secret";

    boolean configured() {
        return token != null && token.length() >= 32;
    }
}
