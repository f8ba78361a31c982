package org.hospay.simulator.alipay;

import static org.hospay.simulator.alipay.AlipaySim.CHANNEL;
import static org.hospay.simulator.alipay.AlipaySim.failed;
import static org.hospay.simulator.alipay.AlipaySim.ok;
import static org.hospay.simulator.alipay.AlipaySim.text;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.hospay.simulator.wallet.Reply;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Withholding agreements: the payer signs and ends them in the (simulated) Alipay app, the merchant
 * queries and unsigns them, and {@link AlipayTrades} deducts on a NORMAL one.
 */
@Component
class AlipayAgreements {

    /** A withholding agreement the payer signed in the (simulated) Alipay app. */
    static final class Agreement {
        final String agreementNo, externalAgreementNo, alipayUserId, walletId;
        final URI notifyUrl;
        final Long singleLimitFen;
        final Instant signTime;
        String status = "NORMAL";

        Agreement(String agreementNo, String externalAgreementNo, String alipayUserId, String walletId, URI notifyUrl,
                  Long singleLimitFen, Instant signTime) {
            this.agreementNo = agreementNo;
            this.externalAgreementNo = externalAgreementNo;
            this.alipayUserId = alipayUserId;
            this.walletId = walletId;
            this.notifyUrl = notifyUrl;
            this.singleLimitFen = singleLimitFen;
            this.signTime = signTime;
        }
    }

    /** An agreement as the notifications and the sign endpoint show it (a copy, readable outside the lock). */
    record AgreementView(String agreementNo, String externalAgreementNo, String alipayUserId, String status,
                         Instant signTime, URI notifyUrl) {}

    private final AlipaySim sim;
    private final Wallets wallets;
    private final Clock clock;
    /** Guarded by the monitor of {@link AlipaySim}. */
    private final Map<String, Agreement> agreements = new HashMap<>();
    private final Map<String, String> agreementByExternalNo = new HashMap<>();

    AlipayAgreements(AlipaySim sim, Wallets wallets, Clock clock) {
        this.sim = sim;
        this.wallets = wallets;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ agreements

    /** The agreement under its number, or null. Caller holds the monitor of {@link AlipaySim}. */
    Agreement byNo(String agreementNo) {
        return agreements.get(agreementNo);
    }

    /** The payer signs in the Alipay app: a NORMAL agreement (the same external number again is the same agreement). */
    AgreementView sign(String walletId, String externalAgreementNo, URI notifyUrl, Long singleLimitFen) {
        synchronized (sim) {
            Wallet w = wallets.wallet(walletId).orElseThrow(() -> new IllegalArgumentException("no wallet " + walletId));
            if (!CHANNEL.equals(w.channel())) throw new IllegalArgumentException("wallet " + walletId + " is not an Alipay wallet");
            if (externalAgreementNo == null || externalAgreementNo.isBlank() || externalAgreementNo.length() > 32)
                throw new IllegalArgumentException("externalAgreementNo must be 1-32 characters");
            if (singleLimitFen != null && singleLimitFen < 1) throw new IllegalArgumentException("singleLimitFen must be positive");
            String existing = agreementByExternalNo.get(externalAgreementNo);
            if (existing != null && "NORMAL".equals(agreements.get(existing).status)) return view(agreements.get(existing));
            Agreement a = new Agreement(sim.agreementNo(), externalAgreementNo, w.accountId(), walletId, notifyUrl,
                    singleLimitFen, clock.instant());
            agreements.put(a.agreementNo, a);
            agreementByExternalNo.put(externalAgreementNo, a.agreementNo);
            return view(a);
        }
    }

    /** The payer ends the agreement in the Alipay app. */
    Optional<AgreementView> unsignByPayer(String agreementNo) {
        synchronized (sim) {
            Agreement a = agreements.get(agreementNo);
            if (a == null) return Optional.empty();
            a.status = "UNSIGN";
            return Optional.of(view(a));
        }
    }

    Reply agreementQuery(JsonNode biz) {
        synchronized (sim) {
            Agreement a = agreement(biz);
            if (a == null) return failed("USER_AGREEMENT_NOT_EXIST", "用户协议不存在");
            if ("UNSIGN".equals(a.status)) return failed("AGREEMENT_HAS_UNSIGNED", "用户协议已解约");
            return Reply.answer(ok().put("agreement_no", a.agreementNo).put("external_agreement_no", a.externalAgreementNo)
                    .put("status", a.status).put("principal_id", a.alipayUserId).put("alipay_logon_id", "sim***@alipay.test")
                    .put("personal_product_code", AlipayWire.WITHHOLDING_PERSONAL).put("sign_scene", "DEFAULT|DEFAULT")
                    .put("sign_time", AlipayWire.format(a.signTime)).put("valid_time", AlipayWire.format(a.signTime))
                    .put("invalid_time", "2115-02-01 00:00:00"));
        }
    }

    /** The merchant unsigns; the second element is the agreement to notify about (when one was unsigned now). */
    Map.Entry<Reply, Optional<AgreementView>> agreementUnsign(JsonNode biz) {
        synchronized (sim) {
            Agreement a = agreement(biz);
            if (a == null) return Map.entry(failed("USER_AGREEMENT_NOT_EXIST", "用户协议不存在"), Optional.empty());
            if ("UNSIGN".equals(a.status)) return Map.entry(failed("AGREEMENT_HAS_UNSIGNED", "用户协议已解约"), Optional.empty());
            a.status = "UNSIGN";
            return Map.entry(Reply.answer(ok()), Optional.of(view(a)));
        }
    }

    private Agreement agreement(JsonNode biz) {
        String no = text(biz, "agreement_no");
        if (no.isEmpty()) no = agreementByExternalNo.getOrDefault(text(biz, "external_agreement_no"), "");
        return agreements.get(no);
    }

    private static AgreementView view(Agreement a) {
        return new AgreementView(a.agreementNo, a.externalAgreementNo, a.alipayUserId, a.status, a.signTime, a.notifyUrl);
    }

    /** The form fields of a {@code dut_user_sign} / {@code dut_user_unsign} notification, unsigned. */
    Map<String, String> agreementNotification(AgreementView a, String notifyType, String appId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("notify_time", AlipayWire.format(clock.instant()));
        p.put("notify_type", notifyType);
        p.put("notify_id", String.format("%034d", Math.abs(ThreadLocalRandom.current().nextLong())));
        p.put("app_id", appId);
        p.put("auth_app_id", appId);
        p.put("charset", AlipayWire.CHARSET);
        p.put("version", AlipayWire.VERSION);
        p.put("sign_type", AlipayWire.SIGN_TYPE);
        p.put("agreement_no", a.agreementNo());
        p.put("external_agreement_no", a.externalAgreementNo());
        p.put("alipay_user_id", a.alipayUserId());
        p.put("alipay_logon_id", "sim***@alipay.test");
        p.put("personal_product_code", AlipayWire.WITHHOLDING_PERSONAL);
        p.put("sign_scene", "DEFAULT|DEFAULT");
        p.put("status", a.status());
        p.put("sign_time", AlipayWire.format(a.signTime()));
        p.put("valid_time", AlipayWire.format(a.signTime()));
        p.put("invalid_time", "2115-02-01 00:00:00");
        return p;
    }
}
