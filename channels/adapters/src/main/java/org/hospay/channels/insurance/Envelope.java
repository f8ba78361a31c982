package org.hospay.channels.insurance;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The national platform's message envelope and its SM2 signature, shared by the adapter (signs
 * requests with the hospital key, verifies answers with the platform key) and the simulator (the
 * other way round).
 *
 * <p>Request ({@code InCommon}): {@code infno, msgid, mdtrtarea_admvs, insuplc_admdvs, recer_sys_code,
 * dev_no, dev_safe_info, cainfo, signtype, infver, opter_type, opter, opter_name, inf_time,
 * fixmedins_code, fixmedins_name, sign_no, input}. Answer ({@code OutCommon}): {@code infcode (0|-1),
 * inf_refmsgid, refmsg_time, respond_time, err_msg, output}, plus {@code signtype} and {@code cainfo},
 * which the national OutCommon does not name but an answer we act on must carry.
 *
 * <p>{@code cainfo} = Base64 of the DER SM2 signature (SM3 digest, default user id
 * {@code 1234567812345678}) over {@link CanonicalJson} of the whole envelope without {@code cainfo};
 * {@code signtype} = {@code SM2} is inside what is signed, so it cannot be downgraded.
 */
public final class Envelope {

    /** Decimals read as BigDecimal: yuan amounts are converted to fen exactly, never through a double. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public static final String SIGNTYPE = "SM2";
    public static final String CAINFO = "cainfo";

    private Envelope() {}

    /** The bytes {@code cainfo} signs. */
    public static byte[] signingBase(JsonNode envelope) {
        return CanonicalJson.bytes(((ObjectNode) envelope).deepCopy().without(CAINFO));
    }

    /** Sets {@code signtype} and {@code cainfo} on the envelope and returns it. */
    public static ObjectNode sign(ObjectNode envelope, PrivateKey key) {
        envelope.put("signtype", SIGNTYPE);
        envelope.remove(CAINFO);
        byte[] signature = Sm2Signatures.sign(key, CanonicalJson.bytes(envelope));
        envelope.put(CAINFO, Base64.getEncoder().encodeToString(signature));
        return envelope;
    }

    /** Whether the envelope carries a valid SM2 signature by {@code key}; any malformation is simply false. */
    public static boolean verify(JsonNode envelope, PublicKey key) {
        if (envelope == null || !envelope.isObject()) return false;
        JsonNode cainfo = envelope.get(CAINFO);
        JsonNode signtype = envelope.get("signtype");
        if (cainfo == null || !cainfo.isString() || signtype == null || !SIGNTYPE.equals(signtype.asString())) return false;
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(cainfo.asString());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return Sm2Signatures.verify(key, signingBase(envelope), signature);
    }
}
