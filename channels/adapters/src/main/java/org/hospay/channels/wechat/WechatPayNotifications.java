package org.hospay.channels.wechat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.hospay.channels.crypto.AesGcm;
import tools.jackson.databind.JsonNode;

/**
 * Reads WeChat Pay v3 callbacks (回调通知): checks the {@code Wechatpay-*} signature headers over the exact
 * body received, decrypts the {@code resource} (AEAD_AES_256_GCM with the APIv3 key; a changed byte fails
 * the tag) and turns it into a {@link WechatPayEvent}. Pure: the web layer hands in headers and body and
 * answers WeChat 2xx for {@link Verdict.Accepted} (also for events it already had) and 4xx/5xx otherwise,
 * so WeChat retries.
 */
public final class WechatPayNotifications {

    /** What a callback turned out to be. */
    public sealed interface Verdict {
        record Accepted(WechatPayEvent event) implements Verdict {}

        /** Not authentic, not ours or not readable: do not act on it. */
        record Rejected(String reason) implements Verdict {}
    }

    /** The {@code event_type}s this code understands. */
    enum EventType {
        PAPAY_SIGN, PAPAY_TERMINATE, TRANSACTION_SUCCESS, TRANSACTION_FAIL, UNRECOGNIZED;

        static EventType of(String value) {
            if (value == null) return UNRECOGNIZED;
            for (EventType t : values()) if (t != UNRECOGNIZED && t.name().replace('_', '.').equals(value.strip())) return t;
            return UNRECOGNIZED;
        }
    }

    private final String mchid;
    private final byte[] apiV3Key;
    private final WechatPaySignatures.Verifier verifier;

    public WechatPayNotifications(WechatPayConfig config, Clock clock) {
        this.mchid = config.mchid();
        this.apiV3Key = config.apiV3KeyBytes();
        this.verifier = new WechatPaySignatures.Verifier(config.wechatpayPublicKeyId(), config.wechatpayPublicKey(), clock);
    }

    /**
     * @param headers the request headers (names case-insensitive)
     * @param body    the request body exactly as received
     */
    public Verdict read(Map<String, String> headers, byte[] body) {
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        String text = new String(body, StandardCharsets.UTF_8);
        String refusal = verifier.refusal(h.get(WechatPaySignatures.SERIAL), h.get(WechatPaySignatures.TIMESTAMP),
                h.get(WechatPaySignatures.NONCE), h.get(WechatPaySignatures.SIGNATURE), text);
        if (refusal != null) return new Verdict.Rejected("callback signature: " + refusal);
        JsonNode envelope = WechatPayMapping.parse(text);
        if (envelope == null) return new Verdict.Rejected("callback body is not a JSON object");
        String id = envelope.path("id").asString("");
        if (id.isBlank()) return new Verdict.Rejected("callback has no id");
        JsonNode resource = envelope.path("resource");
        if (!"AEAD_AES_256_GCM".equals(resource.path("algorithm").asString("")))
            return new Verdict.Rejected("resource algorithm " + resource.path("algorithm").asString("") + " is not AEAD_AES_256_GCM");
        Optional<JsonNode> plain = decrypt(resource);
        if (plain.isEmpty()) return new Verdict.Rejected("resource does not decrypt with our APIv3 key (tampered or not ours)");
        JsonNode r = plain.get();
        String owner = r.has("mchid") ? r.path("mchid").asString("") : r.path("sp_mchid").asString(mchid);
        if (!mchid.equals(owner)) return new Verdict.Rejected("callback is for merchant " + owner + ", not " + mchid);
        String eventType = envelope.path("event_type").asString(null);
        try {
            return new Verdict.Accepted(switch (EventType.of(eventType)) {
                case PAPAY_SIGN -> new WechatPayEvent.ContractSigned(id, WechatPayMapping.contract(r));
                case PAPAY_TERMINATE -> new WechatPayEvent.ContractTerminated(id, WechatPayMapping.contract(r));
                case TRANSACTION_SUCCESS, TRANSACTION_FAIL -> new WechatPayEvent.TransactionResult(id,
                        r.path("out_trade_no").asString(""), r.path("trade_type").asString(""),
                        r.path("contract_id").asString(null), WechatPayMapping.order(r));
                case UNRECOGNIZED -> new WechatPayEvent.Unrecognized(id, eventType, createdAt(envelope));
            });
        } catch (WechatPayMapping.MalformedAnswer e) {
            return new Verdict.Rejected("callback resource is malformed: " + e.getMessage());
        }
    }

    private Optional<JsonNode> decrypt(JsonNode resource) {
        byte[] ciphertext;
        try {
            ciphertext = Base64.getDecoder().decode(resource.path("ciphertext").asString(""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return AesGcm.decrypt(apiV3Key, resource.path("nonce").asString("").getBytes(StandardCharsets.UTF_8),
                        resource.path("associated_data").asString("").getBytes(StandardCharsets.UTF_8), ciphertext)
                .map(b -> WechatPayMapping.parse(new String(b, StandardCharsets.UTF_8)));
    }

    private static Instant createdAt(JsonNode envelope) {
        try {
            return OffsetDateTime.parse(envelope.path("create_time").asString("")).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
