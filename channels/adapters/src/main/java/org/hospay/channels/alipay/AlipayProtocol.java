package org.hospay.channels.alipay;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Alipay open-platform envelope, shared by the adapter and the simulator (which plays the other
 * side with the same rules).
 *
 * <ul>
 *   <li>Request: a form POST to {@code gateway.do} with the common parameters {@code app_id, method,
 *       format=JSON, charset=utf-8, sign_type=RSA2, timestamp, version=1.0} (+ {@code notify_url}) and
 *       {@code biz_content} (JSON). {@code sign} = RSA2 (SHA256withRSA, Base64) over every non-empty
 *       parameter except {@code sign}, sorted by name, joined {@code k=v&k=v}, values raw (not
 *       URL-encoded). SDK: {@code AlipaySignature.getSignContent}.</li>
 *   <li>Answer: {@code {"<method with _>_response":{…},"sign":"…"}}; the signature covers the exact
 *       text of the response object as it appears in the body, so it is cut out of the body, never
 *       re-serialised. Failures before the method is known come as {@code error_response}.</li>
 *   <li>Asynchronous notification: a form POST; signed like a request, but {@code sign_type} is left
 *       out of the signed string too (SDK {@code rsaCheckV1}).</li>
 * </ul>
 */
public final class AlipayProtocol {

    public static final String SIGN_TYPE = "RSA2";
    public static final String CHARSET = "utf-8";
    public static final String FORMAT = "JSON";
    public static final String VERSION = "1.0";
    public static final String ERROR_RESPONSE = "error_response";
    /** Alipay's times are Beijing wall-clock times without an offset. */
    public static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    public static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Decimals read as BigDecimal: yuan strings never pass through a double. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private AlipayProtocol() {}

    /** The string a request's {@code sign} covers. */
    public static String requestSignContent(Map<String, String> params) {
        return signContent(params, Set.of("sign"));
    }

    /** The string a notification's {@code sign} covers. */
    public static String notificationSignContent(Map<String, String> params) {
        return signContent(params, Set.of("sign", "sign_type"));
    }

    private static String signContent(Map<String, String> params, Set<String> excluded) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(params).entrySet()) {
            if (excluded.contains(e.getKey()) || e.getKey().isEmpty() || e.getValue() == null || e.getValue().isEmpty()) continue;
            if (!b.isEmpty()) b.append('&');
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /** {@code alipay.trade.pay} → {@code alipay_trade_pay_response}. */
    public static String responseKey(String method) {
        return method.replace('.', '_') + "_response";
    }

    /**
     * The signed part of an answer.
     *
     * @param responseKey the key the object came under (the method's, or {@code error_response})
     * @param content     the exact text of the response object, as signed
     * @param sign        the {@code sign} next to it, or null when the answer carries none
     */
    public record SignedAnswer(String responseKey, String content, String sign) {}

    /**
     * Cuts the response object for {@code responseKey} (or {@code error_response}) and the {@code sign}
     * out of an answer body. Empty when the body is not such a JSON object.
     */
    public static Optional<SignedAnswer> signedAnswer(String body, String responseKey) {
        // Jackson's token locations give the object's exact span; parsing and re-serialising would change
        // whitespace and escapes and so break the signature.
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return Optional.empty();
            String key = null;
            String content = null;
            String sign = null;
            for (JsonToken t = p.nextToken(); t == JsonToken.PROPERTY_NAME; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (content == null && value == JsonToken.START_OBJECT
                        && (name.equals(responseKey) || name.equals(ERROR_RESPONSE))) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentTokenLocation().getCharOffset() + 1;
                    if (start < 0 || end > body.length()) return Optional.empty();
                    key = name;
                    content = body.substring(start, end);
                } else if (name.equals("sign") && value == JsonToken.VALUE_STRING) {
                    sign = p.getString();
                } else {
                    p.skipChildren();
                }
            }
            return content == null ? Optional.empty() : Optional.of(new SignedAnswer(key, content, sign));
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The body Alipay sends for a response object and its signature. */
    public static String answerBody(String responseKey, String content, String sign) {
        return "{\"" + responseKey + "\":" + content + ",\"sign\":" + JSON.writeValueAsString(sign) + "}";
    }

    public static String format(Instant instant) {
        return TIME.format(LocalDateTime.ofInstant(instant, BEIJING));
    }

    public static Instant parseTime(String text) {
        return LocalDateTime.parse(text, TIME).atZone(BEIJING).toInstant();
    }
}
