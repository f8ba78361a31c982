package org.hospay.gateway.code;

import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.hospay.code.AggregatedCodeVerifier;
import org.hospay.code.ScannedCode;
import org.hospay.code.ScannedCodeParser;
import org.hospay.code.Sm2;
import org.hospay.code.Verification;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.SelfPayMethod;
import org.hospay.gateway.payment.CodeReader;
import org.hospay.gateway.payment.InsurancePort;
import org.hospay.gateway.payment.PaymentSource;
import org.hospay.gateway.web.ApiException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Scanned text to what the gateway can do with it: the library parses and verifies (pure CPU, tens
 * of microseconds for a payment code, one SM2 verification for a signed code, cheap enough for the
 * event loop), Redis keeps signed codes single-use.
 */
@Component
public class ScannedCodes implements CodeReader {

    private final ScannedCodeParser parser;
    private final AggregatedCodeVerifier verifier;
    private final RedisNonceStore nonces;

    ScannedCodes(GatewayProperties properties, Clock clock, RedisNonceStore nonces) {
        this.parser = new ScannedCodeParser(Pattern.compile(properties.codes().hospitalCardPattern()), clock);
        Map<String, PublicKey> keys = new HashMap<>();
        properties.codes().platformPublicKeys().forEach((id, hex) -> keys.put(id, Sm2.publicKeyFromHex(hex)));
        this.verifier = new AggregatedCodeVerifier(keys, clock);
        this.nonces = nonces;
    }

    /** What a scan is, for {@code POST /api/v1/codes/classify}: never consumes a signed code. */
    public Mono<Classification> classify(String raw) {
        ScannedCode code = parser.parse(raw);
        if (code instanceof ScannedCode.SignedCode signed) {
            return Mono.fromCompletionStage(() -> verifier.verifyAndCheck(signed, nonces))
                    .map(v -> Classification.of(code, v instanceof Verification.Rejected r ? reason(r) : null));
        }
        return Mono.just(Classification.of(code, code.invalidReason().orElse(null)));
    }

    @Override
    public PaymentSource read(String raw) {
        ScannedCode code = parser.parse(raw);
        return switch (code) {
            case ScannedCode.WeChatPayCode w -> new PaymentSource.ChannelCode(w.kind().name(), SelfPayMethod.WECHAT, w.digits(), w.masked());
            case ScannedCode.AlipayCode a -> new PaymentSource.ChannelCode(a.kind().name(), SelfPayMethod.ALIPAY, a.digits(), a.masked());
            case ScannedCode.UnionPayCode u -> new PaymentSource.ChannelCode(u.kind().name(), SelfPayMethod.UNIONPAY, u.digits(), u.masked());
            case ScannedCode.InsuranceEVoucher e -> insured(e, null, null);
            case ScannedCode.AggregatedCode a -> insured(a, method(a), a.paymentAuth().orElse(null));
            case ScannedCode.IdCard id -> {
                if (!id.valid()) throw invalid(id.invalidReason().orElse("invalid identity number"));
                yield new PaymentSource.Insured(id.kind().name(), InsurancePort.CertType.ID_NUMBER, id.number(), id.masked(),
                        null, null, null, null, null);
            }
            case ScannedCode.EHealthCard e -> throw ApiException.unprocessable("SOURCE_NOT_SUPPORTED",
                    "an e-health card is identified by the region's e-health card service, not here; send it as scannedCode alone");
            case ScannedCode.HospitalCard h -> throw ApiException.unprocessable("SOURCE_NOT_SUPPORTED",
                    "a hospital card pays only through a family-proxy or credit binding; send it as cardNo");
            case ScannedCode.Unrecognized u -> throw invalid(u.reason());
        };
    }

    @Override
    public java.util.Optional<String> healthCard(String raw) {
        if (!(parser.parse(raw) instanceof ScannedCode.EHealthCard e)) return java.util.Optional.empty();
        if (e.invalidReason().isPresent()) {
            throw e.dynamic() && e.validUntil().isPresent() && e.invalidReason().get().contains("expired")
                    ? ApiException.badRequest("CODE_EXPIRED", "the e-health card code has expired; ask the patient to refresh it")
                    : invalid(e.invalidReason().get());
        }
        // Short enough for the payment's source column: the card id's first and last 4 hex digits and the QR type.
        return java.util.Optional.of(e.cardId().substring(0, 4) + "****" + e.cardId().substring(e.cardId().length() - 4) + ":" + e.qrType());
    }

    private PaymentSource.Insured insured(ScannedCode.SignedCode code, SelfPayMethod method, String auth) {
        if (verifier.verify(code) instanceof Verification.Rejected r) {
            throw switch (r.reason()) {
                case EXPIRED -> ApiException.badRequest("CODE_EXPIRED", "the code has expired; ask the patient to refresh it");
                case REPLAYED -> ApiException.badRequest("CODE_REPLAYED", "this code was already used; ask the patient to refresh it");
                case UNKNOWN_KEY, BAD_SIGNATURE, NOT_YET_VALID -> invalid(r.message());
            };
        }
        return new PaymentSource.Insured(code.kind().name(), InsurancePort.CertType.EVOUCHER_TOKEN, code.evoucherToken(),
                code.masked(), auth == null ? null : method, auth, code.keyId(), code.nonce(), code.expiresAt());
    }

    private static SelfPayMethod method(ScannedCode.AggregatedCode a) {
        return switch (a.channel()) {
            case WECHAT -> SelfPayMethod.WECHAT;
            case ALIPAY -> SelfPayMethod.ALIPAY;
            case UNIONPAY -> SelfPayMethod.UNIONPAY;
        };
    }

    @Override
    public Mono<Boolean> claim(PaymentSource source) {
        if (source instanceof PaymentSource.Insured i && i.nonce() != null) {
            return Mono.fromCompletionStage(() -> nonces.claim(i.nonceKeyId(), i.nonce(), i.expiresAt()))
                    .onErrorMap(e -> ApiException.unavailable("CODE_CHECK_UNAVAILABLE",
                            "cannot check that the code is unused right now; retry in a moment"));
        }
        return Mono.just(true);
    }

    @Override
    public Mono<Void> release(PaymentSource source) {
        if (source instanceof PaymentSource.Insured i && i.nonce() != null) {
            return nonces.release(i.nonceKeyId(), i.nonce()).onErrorResume(e -> Mono.empty());
        }
        return Mono.empty();
    }

    private static String reason(Verification.Rejected r) {
        return switch (r.reason()) {
            case UNKNOWN_KEY -> "signed with a key this gateway does not know";
            case BAD_SIGNATURE -> "bad signature";
            case NOT_YET_VALID -> "issued in the future";
            case EXPIRED -> "expired";
            case REPLAYED -> "replayed: already used";
        };
    }

    private static ApiException invalid(String reason) {
        return ApiException.badRequest("INVALID_CODE", "not a usable code: " + reason);
    }

    /** The classify answer of docs/api.md §5; every number and token only masked. */
    public record Classification(String kind, boolean valid, String reason, String masked, String channel,
                                 String regionCode, String keyId, Instant issuedAt, Instant expiresAt) {

        static Classification of(ScannedCode code, String reason) {
            String masked = code.masked().isEmpty() ? null : code.masked();
            return switch (code) {
                case ScannedCode.SignedCode s -> new Classification(code.kind().name(), reason == null, reason, masked,
                        s instanceof ScannedCode.AggregatedCode a ? a.channel().name() : null,
                        s.regionCode(), s.keyId(), s.issuedAt(), s.expiresAt());
                case ScannedCode.WeChatPayCode w -> simple(code, reason, masked, "WECHAT");
                case ScannedCode.AlipayCode a -> simple(code, reason, masked, "ALIPAY");
                case ScannedCode.UnionPayCode u -> simple(code, reason, masked, "UNIONPAY");
                case ScannedCode.EHealthCard e -> new Classification(code.kind().name(), reason == null, reason, masked, null, null, null,
                        null, e.validUntil().orElse(null));
                case ScannedCode.IdCard i -> simple(code, reason, masked, null);
                case ScannedCode.HospitalCard h -> simple(code, reason, masked, null);
                case ScannedCode.Unrecognized u -> simple(code, reason, null, null);
            };
        }

        private static Classification simple(ScannedCode code, String reason, String masked, String channel) {
            return new Classification(code.kind().name(), reason == null, reason, masked, channel, null, null, null, null);
        }
    }
}
