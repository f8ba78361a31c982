package org.hospay.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.hospay.gateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;

/** Sealed values carry their key's id; a rotated ring still opens what older keys (and the format before ids) sealed. */
class SecretBoxTest {

    private static final String K1 = key(1), K2 = key(2), K3 = key(3);

    private static String key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed).nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static SecretBox box(String current, int id, Map<Integer, String> previous) {
        return new SecretBox(new GatewayProperties.Security(current, id, previous));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What SecretBox wrote before key ids: nonce || ciphertext+tag, no header, no additional data. */
    static byte[] legacySeal(String base64Key, byte[] plain) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"), new GCMParameterSpec(128, nonce));
        byte[] sealed = c.doFinal(plain);
        return ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array();
    }

    @Test
    void aSealedValueCarriesTheVersionAndTheCurrentKeyId() {
        byte[] sealed = box(K1, 7, Map.of()).seal(bytes("secret"));
        assertThat(sealed[0]).isEqualTo(SecretBox.VERSION);
        assertThat(sealed[1]).isEqualTo((byte) 7);
        assertThat(sealed).hasSize(2 + 12 + 6 + 16);
    }

    @Test
    void afterARotationOldKeysAndTheOldFormatStillOpenAndNewValuesUseTheNewKey() throws Exception {
        byte[] legacy = legacySeal(K1, bytes("legacy terminal secret"));
        byte[] underKey1 = box(K1, 1, Map.of()).seal(bytes("sealed under key 1"));

        SecretBox rotated = box(K2, 2, Map.of(1, K1));
        assertThat(rotated.open(legacy)).isEqualTo(bytes("legacy terminal secret"));
        assertThat(rotated.open(underKey1)).isEqualTo(bytes("sealed under key 1"));
        assertThat(rotated.needsReseal(legacy)).isTrue();
        assertThat(rotated.needsReseal(underKey1)).isTrue();

        byte[] resealed = rotated.reseal(underKey1);
        assertThat(resealed[1]).isEqualTo((byte) 2);
        assertThat(rotated.needsReseal(resealed)).isFalse();
        // Once everything is re-sealed, key 1 can leave the ring and key 2 alone opens it.
        assertThat(box(K2, 2, Map.of()).open(resealed)).isEqualTo(bytes("sealed under key 1"));
        assertThat(box(K2, 2, Map.of()).open(rotated.reseal(legacy))).isEqualTo(bytes("legacy terminal secret"));
    }

    @Test
    void aValueOfAKeyThatLeftTheRingDoesNotOpenAndSaysWhichKeyItNeeds() {
        byte[] underKey1 = box(K1, 1, Map.of()).seal(bytes("x"));
        assertThatThrownBy(() -> box(K3, 3, Map.of(2, K2)).open(underKey1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1");
        byte[] tampered = box(K1, 1, Map.of(2, K2)).seal(bytes("x"));
        tampered[1] = 2;
        assertThatThrownBy(() -> box(K1, 1, Map.of(2, K2)).open(tampered)).as("the key id is authenticated")
                .isInstanceOf(IllegalStateException.class);
    }
}
