package org.hospay.simulator.unionpay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hospay.simulator.wire.Rsa;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * UnionPay's message signature as the simulator reads UnionPay's open-platform documentation (银联开放平台,
 * 全渠道/云闪付 "签名机制", the 5.1.0 SHA-256 scheme), written without the adapter's code:
 *
 * <ol>
 *   <li>Take every field of the message except {@code signature} whose value is not empty (a nested
 *       object or array as its compact JSON text).</li>
 *   <li>Sort them by field name (ASCII) and join them {@code name=value&name=value}.</li>
 *   <li>Take the SHA-256 digest of that string's UTF-8 bytes and write it as 64 lower-case hex digits.</li>
 *   <li>Sign those hex digits with SHA256withRSA and put the Base64 result in {@code signature}.</li>
 * </ol>
 */
final class UnionPayWire {

    static final String SIGNATURE = "signature";
    static final String ORDER_TYPE = "unionpay";
    static final String CNY = "156";
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final JsonMapper JSON = JsonMapper.builder().build();

    static final String MICROPAY = "/gateway/api/pay/micropay";
    static final String QUERY = "/gateway/api/pay/queryOrder";
    static final String REVERSE = "/gateway/api/pay/reverse";
    static final String REFUND = "/gateway/api/pay/refund";
    static final String BILL_DOWNLOAD = "/gateway/api/bill/download";
    static final String BILL_FILES = "/gateway/api/bill/files/";
    static final String REFUND_QUERY = "/gateway/api/pay/refundQuery";

    private UnionPayWire() {}

    /** Step 1-2: the string whose digest is signed. */
    static String signString(JsonNode message) {
        List<String> pairs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : message.properties()) {
            if (field.getKey().equals(SIGNATURE)) continue;
            JsonNode v = field.getValue();
            String text;
            if (v == null || v.isNull()) text = "";
            else if (v.isContainer()) text = JSON.writeValueAsString(v);
            else text = v.asString();
            if (!text.isEmpty()) pairs.add(field.getKey() + "=" + text);
        }
        Collections.sort(pairs, (a, b) -> name(a).compareTo(name(b)));
        return String.join("&", pairs);
    }

    private static String name(String pair) {
        return pair.substring(0, pair.indexOf('='));
    }

    /** Step 3: lower-case hex SHA-256. */
    static String digestHex(String signString) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(signString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode sign(ObjectNode message, PrivateKey key) {
        message.remove(SIGNATURE);
        message.put(SIGNATURE, Rsa.sign(key, digestHex(signString(message))));
        return message;
    }

    static boolean verify(JsonNode message, PublicKey key) {
        if (message == null || !message.isObject()) return false;
        JsonNode s = message.get(SIGNATURE);
        return s != null && s.isString() && Rsa.verify(key, digestHex(signString(message)), s.asString());
    }

    static String format(Instant instant) {
        return LocalDateTime.ofInstant(instant, BEIJING).format(TIME);
    }
}
