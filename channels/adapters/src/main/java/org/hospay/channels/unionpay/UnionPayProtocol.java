package org.hospay.channels.unionpay;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 云闪付 partner platform's message signature, shared by the adapter and the simulator.
 *
 * <p>Requests and answers are flat JSON objects carrying {@code signature}. The signed string is every
 * non-empty field but {@code signature}, sorted by name, joined {@code k=v&k=v} (nested values as their
 * compact JSON); what is signed with SHA256withRSA is the lower-case hex SHA-256 digest of that string
 * (UnionPay's 5.1.0 scheme: {@code signature = Base64(RSA-SHA256(hex(SHA-256(string))))}). Jeepay
 * {@code YsfSignUtils.signBy256} does the same.
 */
public final class UnionPayProtocol {

    public static final String SIGNATURE = "signature";
    public static final String ORDER_TYPE = "unionpay";
    public static final String CNY = "156";
    /** Order and payment times: Beijing wall-clock {@code yyyyMMddHHmmss}. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    public static final JsonMapper JSON = JsonMapper.builder().build();

    public static final String MICROPAY = "/gateway/api/pay/micropay";
    public static final String QUERY = "/gateway/api/pay/queryOrder";
    public static final String REVERSE = "/gateway/api/pay/reverse";
    public static final String REFUND = "/gateway/api/pay/refund";
    public static final String REFUND_QUERY = "/gateway/api/pay/refundQuery";
    public static final String BILL_DOWNLOAD = "/gateway/api/bill/download";

    private UnionPayProtocol() {}

    /** The string the signature's digest is taken of. */
    public static String signContent(JsonNode message) {
        Map<String, String> fields = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : message.properties()) {
            if (SIGNATURE.equals(e.getKey())) continue;
            JsonNode v = e.getValue();
            String text = v == null || v.isNull() ? "" : v.isValueNode() ? v.asString() : JSON.writeValueAsString(v);
            if (!text.isEmpty()) fields.put(e.getKey(), text);
        }
        StringBuilder b = new StringBuilder();
        fields.forEach((k, v) -> b.append(b.isEmpty() ? "" : "&").append(k).append('=').append(v));
        return b.toString();
    }

    /** Sets {@code signature} on the message and returns it. */
    public static ObjectNode sign(ObjectNode message, RsaSigner signer) {
        message.remove(SIGNATURE);
        message.put(SIGNATURE, signer.signBase64(digestHex(signContent(message))));
        return message;
    }

    /** Whether the message carries a valid signature; any malformation is simply false. */
    public static boolean verify(JsonNode message, RsaVerifier verifier) {
        if (message == null || !message.isObject()) return false;
        JsonNode signature = message.get(SIGNATURE);
        if (signature == null || !signature.isString()) return false;
        return verifier.verifyBase64(digestHex(signContent(message)), signature.asString());
    }

    static String digestHex(String content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public static String format(Instant instant) {
        return TIME.format(LocalDateTime.ofInstant(instant, BEIJING));
    }

    public static Instant parseTime(String text) {
        return LocalDateTime.parse(text, TIME).atZone(BEIJING).toInstant();
    }
}
