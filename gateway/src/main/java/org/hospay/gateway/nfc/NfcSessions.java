package org.hospay.gateway.nfc;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.payment.NfcCheckout;
import org.hospay.gateway.support.RedisSwitch;
import org.hospay.gateway.support.SecretBox;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Short-lived checkout sessions opened by NFC taps, in Redis (shared by every instance). A session
 * is a hash kept for its TTL plus a retention period, so a late use is answered EXPIRED or USED
 * rather than NOT_FOUND; what it holds to pay with (an e-voucher, a card number) is sealed with
 * the master key. Spending it is one Lua script: checks and the switch to USED are atomic, so two
 * windows or two instances can never both pay with one session. While Redis is away sessions are opened in, and
 * looked up and spent from, PostgreSQL ({@link StoredSessions}); a session Redis does not know is looked for there
 * too, so one opened during an outage can be paid after it.
 */
@Component
class NfcSessions implements NfcCheckout {

    static final Pattern SESSION_ID = Pattern.compile("^N[0-9a-f]{32}$");

    private static final RedisScript<Long> OPEN = RedisScript.of("""
            redis.call('HSET', KEYS[1], unpack(ARGV, 2))
            return redis.call('PEXPIRE', KEYS[1], ARGV[1])""", Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REDEEM = RedisScript.of("""
            local f = redis.call('HMGET', KEYS[1], 'hospitalId', 'windowId', 'state', 'expiresAt', 'billNo', 'kind', 'secret')
            if not f[1] or f[1] ~= ARGV[1] then return {'NOT_FOUND'} end
            if f[2] ~= ARGV[2] then return {'OTHER_WINDOW'} end
            if f[3] == 'USED' then return {'USED'} end
            if tonumber(f[4]) <= tonumber(ARGV[4]) then return {'EXPIRED'} end
            if f[5] and f[5] ~= ARGV[3] then return {'BILL_MISMATCH', f[5]} end
            if ARGV[5] == '0' and not f[7] then return {'NO_CODE'} end
            redis.call('HSET', KEYS[1], 'state', 'USED', 'usedAt', ARGV[4], 'usedBy', ARGV[6], 'billNo', ARGV[3])
            return {'OK', f[6], f[7] or ''}""", List.class);

    enum Kind { PHONE, CARD }

    /** A session as the API shows it: nothing secret, identifiers masked. */
    record Session(String sessionId, String windowId, String readerId, Kind kind, String presentedKind, String presented,
                   String tagUid, String billNo, Long billTotalFen, String state, Instant createdAt, Instant expiresAt,
                   Instant usedAt) {}

    /** What a tap brought: the kind, and the e-voucher or card number to seal (null when the phone only woke its e-voucher). */
    record Held(Kind kind, String presentedKind, String presentedMasked, String secret) {}

    private final ReactiveStringRedisTemplate redis;
    private final RedisSwitch redisSwitch;
    private final StoredSessions stored;
    private final SecretBox box;
    private final Clock clock;
    private final NfcProperties props;
    private final String prefix;

    NfcSessions(ReactiveStringRedisTemplate redis, RedisSwitch redisSwitch, StoredSessions stored, SecretBox box, Clock clock,
                NfcProperties props, GatewayProperties properties) {
        this.redis = redis;
        this.redisSwitch = redisSwitch;
        this.stored = stored;
        this.box = box;
        this.clock = clock;
        this.props = props;
        this.prefix = properties.redis().keyPrefix() + ":nfc:session:";
    }

    /** Opens a session for the reader's window, with the window's pending bill (if any) attached. */
    Mono<Session> open(Terminal reader, String tagUid, Held held, String billNo, Long billTotalFen) {
        Instant now = clock.instant();
        Instant expires = now.plus(props.sessionTtl());
        String id = "N" + UUID.randomUUID().toString().replace("-", "");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("hospitalId", reader.hospitalId());
        fields.put("windowId", reader.windowId());
        fields.put("readerId", reader.terminalId());
        fields.put("kind", held.kind().name());
        fields.put("tagUid", maskTag(tagUid));
        fields.put("state", "OPEN");
        fields.put("createdAt", Long.toString(now.toEpochMilli()));
        fields.put("expiresAt", Long.toString(expires.toEpochMilli()));
        if (held.presentedKind() != null) fields.put("presentedKind", held.presentedKind());
        if (held.presentedMasked() != null) fields.put("presented", held.presentedMasked());
        if (held.secret() != null) fields.put("secret", seal(held.secret()));
        if (billNo != null) {
            fields.put("billNo", billNo);
            fields.put("billTotalFen", Long.toString(billTotalFen));
        }
        List<String> args = new ArrayList<>();
        args.add(Long.toString(props.sessionTtl().plus(props.sessionRetention()).toMillis()));
        fields.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        Instant keepUntil = now.plus(props.sessionTtl()).plus(props.sessionRetention());
        return redisSwitch.call(() -> redis.execute(OPEN, List.of(prefix + id), args).then(Mono.just(true)),
                        () -> stored.open(id, fields, keepUntil).thenReturn(true))
                .then(Mono.fromSupplier(() -> view(id, fields)));
    }

    /** The session if it belongs to the caller's hospital. */
    Mono<Session> find(Terminal caller, String sessionId) {
        if (!SESSION_ID.matcher(sessionId).matches()) return Mono.empty();
        return redisSwitch.call(() -> redis.<String, String>opsForHash().entries(prefix + sessionId)
                                .collectMap(Map.Entry::getKey, Map.Entry::getValue),
                        () -> Mono.just(Map.<String, String>of()))
                .filter(f -> !f.isEmpty())
                .switchIfEmpty(Mono.defer(() -> stored.find(sessionId)))
                .filter(f -> caller.hospitalId().equals(f.get("hospitalId")))
                .map(f -> view(sessionId, f));
    }

    @Override
    public Mono<Presented> redeem(Terminal terminal, String sessionId, String billNo, boolean withScan) {
        if (!SESSION_ID.matcher(sessionId).matches()) return Mono.error(notFound(sessionId));
        if (terminal.windowId() == null) {
            return Mono.error(ApiException.forbidden("NFC_SESSION_OTHER_WINDOW",
                    "terminal " + terminal.terminalId() + " is not at a window; NFC sessions are paid at their own window"));
        }
        List<String> args = List.of(terminal.hospitalId(), terminal.windowId(), billNo, Long.toString(clock.millis()),
                withScan ? "1" : "0", terminal.terminalId());
        Mono<List<?>> fromRedis = redisSwitch.call(
                () -> redis.execute(REDEEM, List.of(prefix + sessionId), args).next().<List<?>>map(raw -> (List<?>) raw),
                () -> Mono.just(List.of()));
        return fromRedis.flatMap(answer -> answer.isEmpty() || Verdict.of(answer.getFirst()) == Verdict.NOT_FOUND
                        ? stored.redeem(sessionId, terminal.hospitalId(), terminal.windowId(), billNo, withScan, terminal.terminalId()).<List<?>>map(l -> l)
                        : Mono.just(answer))
                .flatMap(answer -> {
            return switch (Verdict.of(answer.getFirst())) {
                case OK -> Mono.just(presented(Kind.valueOf(String.valueOf(answer.get(1))), String.valueOf(answer.get(2))));
                case NOT_FOUND -> Mono.error(notFound(sessionId));
                case OTHER_WINDOW -> Mono.error(ApiException.forbidden("NFC_SESSION_OTHER_WINDOW",
                        "NFC session " + sessionId + " was opened at another window"));
                case USED -> Mono.error(ApiException.conflict("NFC_SESSION_USED",
                        "NFC session " + sessionId + " was already used; ask the patient to tap again"));
                case EXPIRED -> Mono.error(ApiException.gone("NFC_SESSION_EXPIRED",
                        "NFC session " + sessionId + " has expired; ask the patient to tap again"));
                case BILL_MISMATCH -> Mono.error(ApiException.conflict("NFC_SESSION_BILL_MISMATCH",
                        "NFC session " + sessionId + " was opened for bill " + answer.get(1) + ", not " + billNo,
                        Map.of("sessionBillNo", String.valueOf(answer.get(1)))));
                case NO_CODE -> Mono.error(ApiException.conflict("NFC_SESSION_NO_CODE",
                        "NFC session " + sessionId + " holds no e-voucher; scan the code the patient's phone shows"));
                case UNEXPECTED -> Mono.error(new IllegalStateException("unexpected answer from the redeem script: " + answer));
            };
        });
    }

    /** The redeem script's answers; anything else is a bug between this class and its script. */
    enum Verdict {
        OK, NOT_FOUND, OTHER_WINDOW, USED, EXPIRED, BILL_MISMATCH, NO_CODE, UNEXPECTED;

        static Verdict of(Object answer) {
            for (Verdict v : values()) if (v.name().equals(String.valueOf(answer))) return v;
            return UNEXPECTED;
        }
    }

    private Presented presented(Kind kind, String sealed) {
        if (sealed.isEmpty()) return new Presented.Nothing();
        String secret = new String(box.open(Base64.getDecoder().decode(sealed)), StandardCharsets.UTF_8);
        return switch (kind) {
            case PHONE -> new Presented.Code(secret);
            case CARD -> new Presented.Card(secret);
        };
    }

    private String seal(String secret) {
        return Base64.getEncoder().encodeToString(box.seal(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private Session view(String id, Map<String, String> f) {
        Instant expires = Instant.ofEpochMilli(Long.parseLong(f.get("expiresAt")));
        String state = "USED".equals(f.get("state")) ? "USED" : clock.instant().isBefore(expires) ? "OPEN" : "EXPIRED";
        return new Session(id, f.get("windowId"), f.get("readerId"), Kind.valueOf(f.get("kind")), f.get("presentedKind"),
                f.get("presented"), f.get("tagUid"), f.get("billNo"),
                f.get("billTotalFen") == null ? null : Long.parseLong(f.get("billTotalFen")), state,
                Instant.ofEpochMilli(Long.parseLong(f.get("createdAt"))), expires,
                f.get("usedAt") == null ? null : Instant.ofEpochMilli(Long.parseLong(f.get("usedAt"))));
    }

    /** A chip UID follows its owner from window to window: only its ends are kept, enough to tell two taps apart at a glance. */
    static String maskTag(String tagUid) {
        String hex = tagUid.replace(":", "").toUpperCase(java.util.Locale.ROOT);
        return hex.substring(0, 2) + "*".repeat(hex.length() - 4) + hex.substring(hex.length() - 2);
    }

    static boolean validTag(String tagUid) {
        if (tagUid == null) return false;
        String hex = tagUid.replace(":", "");
        if (hex.length() < 8 || hex.length() > 20 || hex.length() % 2 != 0) return false;
        try {
            HexFormat.of().parseHex(hex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static ApiException notFound(String sessionId) {
        return ApiException.notFound("NFC_SESSION_NOT_FOUND", "no NFC session " + sessionId);
    }
}
