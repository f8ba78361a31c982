package org.hospay.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hospay.gateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;

/** Look-up hashes carry their key's id and rotate with the master key; during a rotation every stored form still matches. */
class LookupHashTest {

    private static final String K1 = key(1), K2 = key(2);
    private static final String ID = "11010519491231002X";

    private static String key(int seed) {
        byte[] k = new byte[32];
        new java.util.Random(seed).nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    private static LookupHash lookup(String current, int id, Map<Integer, String> previous) {
        return new LookupHash(new SecretBox(new GatewayProperties.Security(current, id, previous)), LookupHash.IDENTITY);
    }

    /** What the gateway stored before hashes carried a key id: 64 hex digits under the label's key of one master key. */
    private static String legacy(String masterKey, String value) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(masterKey), "HmacSHA256"));
        byte[] derived = mac.doFinal(LookupHash.IDENTITY.getBytes(StandardCharsets.UTF_8));
        mac.init(new SecretKeySpec(derived, "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aNewHashIsUnderTheCurrentKeyAndSaysWhichOne() {
        assertThat(lookup(K1, 1, Map.of()).hash(ID)).matches("k1:[0-9a-f]{64}");
        assertThat(lookup(K2, 2, Map.of(1, K1)).hash(ID)).matches("k2:[0-9a-f]{64}");
        assertThat(lookup(K2, 2, Map.of(1, K1)).hash(ID).substring(3)).isNotEqualTo(lookup(K1, 1, Map.of()).hash(ID).substring(3));
    }

    @Test
    void duringARotationHashesOfTheRetiredKeyAndFromBeforeKeyIdsStillMatch() throws Exception {
        LookupHash before = lookup(K1, 1, Map.of());
        LookupHash during = lookup(K2, 2, Map.of(1, K1));
        String old = before.hash(ID);

        assertThat(during.candidates(ID)).first().isEqualTo(during.hash(ID));
        assertThat(during.candidates(ID)).contains(old, legacy(K1, ID)).doesNotHaveDuplicates();
        assertThat(during.matches(ID, old)).isTrue();
        assertThat(during.matches(ID, legacy(K1, ID))).isTrue();
        assertThat(during.matches("110105194912310037", old)).as("another number").isFalse();
        assertThat(during.isCurrent(old)).isFalse();
        assertThat(during.isCurrent(during.hash(ID))).isTrue();
    }

    @Test
    void onceTheRetiredKeyLeavesTheRingItsHashesNoLongerMatch() {
        String old = lookup(K1, 1, Map.of()).hash(ID);
        LookupHash after = lookup(K2, 2, Map.of());
        assertThat(after.matches(ID, old)).isFalse();
        assertThat(after.matches(ID, after.hash(ID))).isTrue();
    }
}
