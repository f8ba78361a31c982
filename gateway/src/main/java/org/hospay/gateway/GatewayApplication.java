package org.hospay.gateway;

import org.hospay.channels.crypto.NativeCrypto;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
    public static void main(String[] args) {
        // Before any signer exists (so before the context): HOSPAY_CRYPTO_NATIVE=false keeps the JDK's RSA.
        NativeCrypto.Installed crypto = NativeCrypto.install(
                !"false".equalsIgnoreCase(System.getProperty("hospay.crypto.native", System.getenv("HOSPAY_CRYPTO_NATIVE"))));
        SpringApplication.run(GatewayApplication.class, args);
        LoggerFactory.getLogger(GatewayApplication.class).info("RSA signatures by {}{}", crypto.rsaProvider(),
                crypto.whyNotNative() == null ? "" : " (native provider not used: " + crypto.whyNotNative() + ")");
    }
}
