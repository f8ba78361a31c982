package org.hospay.channels.alipay;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hospay.channels.Money;
import org.hospay.channels.alipay.AlipayCodes.AgreementStatus;
import org.hospay.channels.alipay.AlipayCodes.NotifyType;
import org.hospay.channels.alipay.AlipayCodes.TradeStatus;
import org.hospay.channels.crypto.RsaVerifier;

/**
 * Reads Alipay's asynchronous notifications (form POSTs to our {@code notify_url}): verifies the RSA2
 * signature (over every parameter but {@code sign} and {@code sign_type}), checks that it is addressed
 * to our {@code app_id}, and turns it into a typed {@link Notification}. Anything that does not verify
 * or is not for us is {@link Notification.Rejected} and must not be acted on; the receiver answers
 * {@link #ACK} only to notifications it has processed, so Alipay re-sends the others.
 *
 * <p>Pure: no I/O. A notification proves only what it says at the time it was sent; deductions still
 * check the agreement ({@code alipay.user.agreement.query}) when it matters.
 */
public final class AlipayNotifications {

    /** What Alipay expects in the body of the answer to a processed notification. */
    public static final String ACK = "success";

    /** One notification, once read. */
    public sealed interface Notification {

        /** The payer signed the agreement in the Alipay app ({@code dut_user_sign}). */
        record AgreementSigned(AlipayAgreement agreement, String notifyId) implements Notification {}

        /** The payer (or Alipay) ended the agreement ({@code dut_user_unsign}). */
        record AgreementUnsigned(AlipayAgreement agreement, String notifyId) implements Notification {}

        /** A trade changed state ({@code trade_status_sync}). */
        record TradeStatusChanged(String outTradeNo, String tradeNo, TradeStatus status, Money totalAmount,
                                  Instant paidAt, String notifyId) implements Notification {}

        /** Not to be acted on: tampered, not for us, or not understood. */
        record Rejected(String reason) implements Notification {}
    }

    private final RsaVerifier verifier;
    private final String appId;

    public AlipayNotifications(PublicKey alipayPublicKey, String appId) {
        this.verifier = new RsaVerifier(alipayPublicKey);
        this.appId = Objects.requireNonNull(appId, "appId");
    }

    public static AlipayNotifications of(AlipayConfig config) {
        return new AlipayNotifications(config.alipayPublicKey(), config.appId());
    }

    public Notification read(Map<String, String> params) {
        String sign = params.get("sign");
        if (sign == null || sign.isEmpty()) return new Notification.Rejected("unsigned notification");
        if (!AlipayProtocol.SIGN_TYPE.equals(params.get("sign_type")))
            return new Notification.Rejected("sign_type is not RSA2: " + params.get("sign_type"));
        if (!verifier.verifyBase64(AlipayProtocol.notificationSignContent(params), sign))
            return new Notification.Rejected("signature does not verify");
        if (!appId.equals(params.get("app_id")))
            return new Notification.Rejected("addressed to app " + params.get("app_id") + ", not ours");
        String notifyId = value(params, "notify_id");
        NotifyType type = NotifyType.of(params.get("notify_type"));
        return switch (type) {
            case AGREEMENT_SIGNED -> agreement(params).<Notification>map(a -> new Notification.AgreementSigned(a, notifyId))
                    .orElse(new Notification.Rejected("agreement notification without agreement_no"));
            case AGREEMENT_UNSIGNED -> agreement(params).<Notification>map(a -> new Notification.AgreementUnsigned(a, notifyId))
                    .orElse(new Notification.Rejected("agreement notification without agreement_no"));
            case TRADE_STATUS -> trade(params, notifyId);
            case UNRECOGNISED -> new Notification.Rejected("notify_type not understood: " + params.get("notify_type"));
        };
    }

    private static Optional<AlipayAgreement> agreement(Map<String, String> p) {
        String agreementNo = value(p, "agreement_no");
        if (agreementNo.isEmpty()) return Optional.empty();
        return Optional.of(new AlipayAgreement(agreementNo, value(p, "external_agreement_no"),
                AgreementStatus.of(p.get("status")), value(p, "alipay_user_id"),
                AlipayMapping.time(value(p, "sign_time")).orElse(null),
                AlipayMapping.time(value(p, "invalid_time")).orElse(null)));
    }

    private static Notification trade(Map<String, String> p, String notifyId) {
        Optional<Money> amount = AlipayMapping.yuan(value(p, "total_amount"));
        if (value(p, "out_trade_no").isEmpty() || amount.isEmpty())
            return new Notification.Rejected("trade notification without out_trade_no or total_amount");
        return new Notification.TradeStatusChanged(value(p, "out_trade_no"), value(p, "trade_no"),
                TradeStatus.of(p.get("trade_status")), amount.get(), AlipayMapping.time(value(p, "gmt_payment")).orElse(null),
                notifyId);
    }

    private static String value(Map<String, String> p, String name) {
        String v = p.get(name);
        return v == null ? "" : v;
    }

    /** The fields of an {@code application/x-www-form-urlencoded} UTF-8 body, for receivers that hold the raw body. */
    public static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) return fields;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }
}
