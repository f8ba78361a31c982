package org.hospay.channels.unionpay;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import org.hospay.channels.demo.DemoKeys;

/**
 * Who we are to the 云闪付 partner platform (服务商版) and where it is: everything a hospital changes
 * to point the adapter at {@code https://partner.95516.com} instead of the simulator.
 *
 * @param baseUrl            the platform's base address; the API paths ({@code /gateway/api/pay/…}) are appended
 * @param serProvId          服务商标识, the service provider the hospital is enrolled under
 * @param merId              the hospital's merchant number (15 characters)
 * @param merchantPrivateKey the key requests are RSA-SHA256-signed with (the provider's signing certificate key)
 * @param platformPublicKey  the key answers must be signed with
 * @param connectTimeout     a connection not made within this is provably not sent (Declined)
 * @param responseTimeout    an answer not received within this after sending is Unknown
 */
public record UnionPayConfig(
        URI baseUrl,
        String serProvId,
        String merId,
        PrivateKey merchantPrivateKey,
        PublicKey platformPublicKey,
        Duration connectTimeout,
        Duration responseTimeout) {

    public UnionPayConfig {
        Objects.requireNonNull(baseUrl, "unionpay baseUrl");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme()))
            throw new IllegalArgumentException("unionpay baseUrl must be http(s): " + baseUrl);
        if (serProvId == null || !serProvId.matches("[0-9A-Za-z]{1,32}"))
            throw new IllegalArgumentException("unionpay serProvId must be 1-32 letters or digits: " + serProvId);
        if (merId == null || !merId.matches("[0-9A-Za-z]{15}"))
            throw new IllegalArgumentException("unionpay merId must be 15 letters or digits: " + merId);
        Objects.requireNonNull(merchantPrivateKey, "unionpay merchantPrivateKey");
        Objects.requireNonNull(platformPublicKey, "unionpay platformPublicKey");
        if (!"RSA".equals(merchantPrivateKey.getAlgorithm()) || !"RSA".equals(platformPublicKey.getAlgorithm()))
            throw new IllegalArgumentException("unionpay RSA-SHA256 needs RSA keys, got " + merchantPrivateKey.getAlgorithm() + "/"
                    + platformPublicKey.getAlgorithm());
        Objects.requireNonNull(connectTimeout, "unionpay connectTimeout");
        Objects.requireNonNull(responseTimeout, "unionpay responseTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero())
            throw new IllegalArgumentException("unionpay timeouts must be positive: " + connectTimeout + ", " + responseTimeout);
        // A connect timeout beyond the answer timeout would turn "never sent" into Unknown.
        if (connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("unionpay connectTimeout " + connectTimeout + " exceeds responseTimeout " + responseTimeout);
    }

    /**
     * DEMO ONLY: the demo provider and merchant ({@link DemoKeys#UNIONPAY_SER_PROV_ID}, {@link DemoKeys#UNIONPAY_MER_ID},
     * keys published in git) talking to the simulator at {@code simulatorBaseUrl}. Never point this at UnionPay.
     */
    public static UnionPayConfig demo(URI simulatorBaseUrl) {
        return new UnionPayConfig(simulatorBaseUrl, DemoKeys.UNIONPAY_SER_PROV_ID, DemoKeys.UNIONPAY_MER_ID,
                DemoKeys.unionpayMerchant().privateKey(), DemoKeys.unionpayPlatform().publicKey(),
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public UnionPayConfig withTimeouts(Duration connect, Duration response) {
        return new UnionPayConfig(baseUrl, serProvId, merId, merchantPrivateKey, platformPublicKey, connect, response);
    }
}
