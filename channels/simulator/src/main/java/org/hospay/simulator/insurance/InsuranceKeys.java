package org.hospay.simulator.insurance;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.HashMap;
import java.util.Map;

/**
 * The platform's signing key and the hospitals' verification keys.
 *
 * @param platformKeyId the key id codes minted with {@link #platformPrivate} carry
 */
record InsuranceKeys(String platformKeyId, PrivateKey platformPrivate, PublicKey platformPublic, Map<String, PublicKey> hospitals) {

    static InsuranceKeys of(InsuranceSimProperties props, String keyId, PrivateKey platformPrivate, PublicKey platformPublic) {
        Map<String, PublicKey> hospitals = new HashMap<>();
        props.hospitalKeys().forEach((code, hex) -> {
            try {
                hospitals.put(code, EnvelopeWire.sm2PublicKey(hex));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sim.insurance.hospital-keys." + code + ": " + e.getMessage(), e);
            }
        });
        return new InsuranceKeys(keyId, platformPrivate, platformPublic, Map.copyOf(hospitals));
    }

    PublicKey hospital(String fixmedinsCode) {
        return fixmedinsCode == null ? null : hospitals.get(fixmedinsCode);
    }
}
