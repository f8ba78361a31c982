package org.hospay.channels.alipay;

import java.net.URI;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import org.hospay.channels.demo.DemoKeys;

/**
 * Who we are to Alipay and where its gateway is: everything a hospital changes to point the adapter
 * at the real open platform ({@code https://openapi.alipay.com/gateway.do}) instead of the simulator.
 *
 * @param gatewayUrl       the full gateway address, path included ({@code …/gateway.do})
 * @param appId            the application's {@code app_id} (digits)
 * @param appPrivateKey    the application private key requests are RSA2-signed with
 * @param alipayPublicKey  the Alipay public key answers and notifications must be signed with
 * @param notifyUrl        where Alipay posts asynchronous notifications (agreement signed/unsigned,
 *                         trade status); null when the hospital receives none
 * @param connectTimeout   a connection not made within this is provably not sent (Declined)
 * @param responseTimeout  an answer not received within this after sending is Unknown
 */
public record AlipayConfig(
        URI gatewayUrl,
        String appId,
        PrivateKey appPrivateKey,
        PublicKey alipayPublicKey,
        URI notifyUrl,
        Duration connectTimeout,
        Duration responseTimeout) {

    public AlipayConfig {
        Objects.requireNonNull(gatewayUrl, "alipay gatewayUrl");
        if (!"http".equals(gatewayUrl.getScheme()) && !"https".equals(gatewayUrl.getScheme()))
            throw new IllegalArgumentException("alipay gatewayUrl must be http(s): " + gatewayUrl);
        if (appId == null || !appId.matches("\\d{16}"))
            throw new IllegalArgumentException("alipay appId must be 16 digits: " + appId);
        Objects.requireNonNull(appPrivateKey, "alipay appPrivateKey");
        Objects.requireNonNull(alipayPublicKey, "alipay alipayPublicKey");
        if (!"RSA".equals(appPrivateKey.getAlgorithm()) || !"RSA".equals(alipayPublicKey.getAlgorithm()))
            throw new IllegalArgumentException("alipay RSA2 needs RSA keys, got " + appPrivateKey.getAlgorithm() + "/"
                    + alipayPublicKey.getAlgorithm());
        if (notifyUrl != null && !notifyUrl.isAbsolute())
            throw new IllegalArgumentException("alipay notifyUrl must be absolute: " + notifyUrl);
        Objects.requireNonNull(connectTimeout, "alipay connectTimeout");
        Objects.requireNonNull(responseTimeout, "alipay responseTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero())
            throw new IllegalArgumentException("alipay timeouts must be positive: " + connectTimeout + ", " + responseTimeout);
        // A connect timeout beyond the answer timeout would turn "never sent" into Unknown.
        if (connectTimeout.compareTo(responseTimeout) > 0)
            throw new IllegalArgumentException("alipay connectTimeout " + connectTimeout + " exceeds responseTimeout " + responseTimeout);
    }

    /**
     * DEMO ONLY: the demo application ({@link DemoKeys#ALIPAY_APP_ID}, keys published in git) talking to
     * the simulator at {@code simulatorBaseUrl}. Never point this at the real Alipay.
     */
    public static AlipayConfig demo(URI simulatorBaseUrl) {
        return new AlipayConfig(simulatorBaseUrl.resolve("/gateway.do"), DemoKeys.ALIPAY_APP_ID,
                DemoKeys.alipayApp().privateKey(), DemoKeys.alipayPlatform().publicKey(), null,
                Duration.ofSeconds(1), Duration.ofSeconds(5));
    }

    public AlipayConfig withTimeouts(Duration connect, Duration response) {
        return new AlipayConfig(gatewayUrl, appId, appPrivateKey, alipayPublicKey, notifyUrl, connect, response);
    }

    public AlipayConfig withNotifyUrl(URI url) {
        return new AlipayConfig(gatewayUrl, appId, appPrivateKey, alipayPublicKey, url, connectTimeout, responseTimeout);
    }
}
