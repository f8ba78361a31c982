package org.hospay.simulator.insurance;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's envelope signature as the simulator implements it, without the adapter's code.
 *
 * <p>The national interface (医疗保障信息平台 定点医药机构接口规范, "通用报文"/InCommon and OutCommon) names
 * {@code signtype} and {@code cainfo} but publishes neither the bytes that are signed nor a test vector
 * (channels/docs/insurance.md). This project's convention, which both sides implement separately:
 * {@code cainfo} = Base64 of the DER SM2 signature (SM3 digest, GB/T 32918 with the default user id
 * {@code 1234567812345678}) over the canonical form of the whole envelope without {@code cainfo}, and
 * {@code signtype = "SM2"} is part of what is signed. Canonical form: objects with their keys in
 * ascending UTF-16 order, no whitespace, strings escaping only {@code "}, {@code \} and control
 * characters ({@code \}{@code u00XX}, lower-case hex), numbers as plain decimals without trailing
 * zeros ({@code 12.50} → {@code 12.5}, zero → {@code 0}), UTF-8.
 */
final class EnvelopeWire {

    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    static final String SIGNTYPE = "SM2";

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final ECNamedCurveParameterSpec SM2P256V1 = ECNamedCurveTable.getParameterSpec("sm2p256v1");

    private EnvelopeWire() {}

    static ObjectNode sign(ObjectNode envelope, PrivateKey key) {
        envelope.remove("cainfo");
        envelope.put("signtype", SIGNTYPE);
        Signer s = SIGNER.get();
        try {
            if (s.key != key) {
                s.key = null;
                s.signature.initSign(key);
                s.key = key;
            }
            s.signature.update(canonical(envelope));
            envelope.put("cainfo", Base64.getEncoder().encodeToString(s.signature.sign()));
            return envelope;
        } catch (GeneralSecurityException | RuntimeException e) {
            SIGNER.remove();
            throw new IllegalStateException("SM2 signing failed: " + e.getMessage(), e);
        }
    }

    /**
     * A thread's signing {@link Signature}, kept initialised with the last key: SM2's initSign derives the public
     * point and Z from the private key, about three times the cost of a signature, and a Signature is ready for
     * the same key again after sign().
     */
    private static final class Signer {
        final Signature signature;
        PrivateKey key;

        Signer() {
            try {
                signature = Signature.getInstance("SM3withSM2", BC);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("BouncyCastle without SM3withSM2", e);
            }
        }
    }

    private static final ThreadLocal<Signer> SIGNER = ThreadLocal.withInitial(Signer::new);

    static boolean verify(JsonNode envelope, PublicKey key) {
        if (envelope == null || !envelope.isObject()) return false;
        JsonNode cainfo = envelope.get("cainfo");
        JsonNode signtype = envelope.get("signtype");
        if (cainfo == null || !cainfo.isString() || signtype == null || !SIGNTYPE.equals(signtype.asString())) return false;
        try {
            Signature s = Signature.getInstance("SM3withSM2", BC);
            s.initVerify(key);
            s.update(canonical(((ObjectNode) envelope).deepCopy().without("cainfo")));
            return s.verify(Base64.getDecoder().decode(cainfo.asString()));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** An SM2 public key from its uncompressed point in hex ({@code 04} + x + y). */
    static PublicKey sm2PublicKey(String hex) {
        try {
            var point = SM2P256V1.getCurve().decodePoint(HexFormat.of().parseHex(hex.strip()));
            return KeyFactory.getInstance("EC", BC).generatePublic(new ECPublicKeySpec(point, SM2P256V1));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an SM2 public key (04 + x + y in hex): " + e.getMessage(), e);
        }
    }

    /** The canonical bytes of a JSON tree (see the class comment). */
    static byte[] canonical(JsonNode node) {
        StringBuilder b = new StringBuilder(512);
        append(node, b);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void append(JsonNode node, StringBuilder b) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            b.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            for (var property : node.properties()) names.add(property.getKey());
            names.sort(null);
            b.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) b.append(',');
                quote(names.get(i), b);
                b.append(':');
                append(node.get(names.get(i)), b);
            }
            b.append('}');
        } else if (node.isArray()) {
            b.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) b.append(',');
                append(node.get(i), b);
            }
            b.append(']');
        } else if (node.isNumber()) {
            BigDecimal d = node.decimalValue();
            b.append(d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString());
        } else if (node.isBoolean()) {
            b.append(node.booleanValue() ? "true" : "false");
        } else {
            quote(node.asString(), b);
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            else b.append(c);
        }
        b.append('"');
    }

    /** Whether a msgid has the documented shape: fixmedins_code(12) + yyyyMMddHHmmss(14) + sequence(4). */
    static boolean wellFormedMsgid(String msgid) {
        if (msgid == null || msgid.length() != 30) return false;
        for (int i = 12; i < 30; i++) if (msgid.charAt(i) < '0' || msgid.charAt(i) > '9') return false;
        return true;
    }

}
