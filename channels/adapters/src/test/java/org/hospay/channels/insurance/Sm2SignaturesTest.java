package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

/**
 * A thread's signing {@code Signature} stays initialised with its last key between signatures: each signature
 * must still cover only its own message (the digest starts again from Z), and a change of key must re-initialise.
 */
class Sm2SignaturesTest {

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        g.initialize(new ECGenParameterSpec("sm2p256v1"));
        return g.generateKeyPair();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void signaturesInARowWithOneKeyEachVerifyForTheirOwnMessageOnly() throws Exception {
        KeyPair k = newKeyPair();

        byte[] first = Sm2Signatures.sign(k.getPrivate(), bytes("2207 first"));
        byte[] second = Sm2Signatures.sign(k.getPrivate(), bytes("2207 second"));
        byte[] third = Sm2Signatures.sign(k.getPrivate(), bytes("2207 first"));

        assertThat(Sm2Signatures.verify(k.getPublic(), bytes("2207 first"), first)).isTrue();
        assertThat(Sm2Signatures.verify(k.getPublic(), bytes("2207 second"), second)).isTrue();
        assertThat(Sm2Signatures.verify(k.getPublic(), bytes("2207 first"), third)).isTrue();
        assertThat(Sm2Signatures.verify(k.getPublic(), bytes("2207 second"), first)).isFalse();
        assertThat(Sm2Signatures.verify(k.getPublic(), bytes("2207 first"), second)).isFalse();
    }

    @Test
    void changingTheKeyBetweenSignaturesSignsWithTheNewKey() throws Exception {
        KeyPair a = newKeyPair();
        KeyPair b = newKeyPair();

        byte[] byA = Sm2Signatures.sign(a.getPrivate(), bytes("1101"));
        byte[] byB = Sm2Signatures.sign(b.getPrivate(), bytes("1101"));
        byte[] byAAgain = Sm2Signatures.sign(a.getPrivate(), bytes("1101"));

        assertThat(Sm2Signatures.verify(a.getPublic(), bytes("1101"), byA)).isTrue();
        assertThat(Sm2Signatures.verify(b.getPublic(), bytes("1101"), byB)).isTrue();
        assertThat(Sm2Signatures.verify(a.getPublic(), bytes("1101"), byB)).isFalse();
        assertThat(Sm2Signatures.verify(a.getPublic(), bytes("1101"), byAAgain)).isTrue();
        assertThat(Sm2Signatures.verify(b.getPublic(), bytes("1101"), byAAgain)).isFalse();
    }
}
