package org.hospay.simulator.alipay;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hospay.simulator.wire.DemoKeys;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * What the payer does in the Alipay app, played by tests and demos: signing a withholding agreement
 * ({@code POST /sim/alipay/agreements/sign}) and ending it ({@code POST /sim/alipay/agreements/{no}/unsign}).
 * Each posts Alipay's signed notification ({@code dut_user_sign} / {@code dut_user_unsign}) to the
 * agreement's {@code notifyUrl} and answers once it was acknowledged or given up on.
 */
@RestController
class AlipayTestDataController {

    private final AlipayAgreements agreements;
    private final AlipayNotifier notifier;

    AlipayTestDataController(AlipayAgreements agreements, AlipayNotifier notifier) {
        this.agreements = agreements;
        this.notifier = notifier;
    }

    /** @param singleLimitFen optional per-deduction limit the payer agreed to */
    record SignRequest(String walletId, String externalAgreementNo, String notifyUrl, Long singleLimitFen) {}

    @PostMapping("/sim/alipay/agreements/sign")
    Mono<ResponseEntity<Map<String, Object>>> sign(@RequestBody SignRequest r) {
        AlipayAgreements.AgreementView a;
        try {
            URI notifyUrl = r.notifyUrl() == null || r.notifyUrl().isBlank() ? null : URI.create(r.notifyUrl());
            a = agreements.sign(r.walletId(), r.externalAgreementNo(), notifyUrl, r.singleLimitFen());
        } catch (IllegalArgumentException e) {
            return Mono.just(ResponseEntity.badRequest()
                    .body(Map.of("error", Map.of("code", "INVALID_AGREEMENT", "message", String.valueOf(e.getMessage())))));
        }
        return notifier.send(a.notifyUrl(), agreements.agreementNotification(a, "dut_user_sign", DemoKeys.ALIPAY_APP_ID))
                .map(notified -> ResponseEntity.ok(view(a, notified)));
    }

    @PostMapping("/sim/alipay/agreements/{agreementNo}/unsign")
    Mono<ResponseEntity<Map<String, Object>>> unsign(@PathVariable String agreementNo) {
        return agreements.unsignByPayer(agreementNo)
                .map(a -> notifier.send(a.notifyUrl(), agreements.agreementNotification(a, "dut_user_unsign", DemoKeys.ALIPAY_APP_ID))
                        .map(notified -> ResponseEntity.ok(view(a, notified))))
                .orElseGet(() -> Mono.just(ResponseEntity.status(404)
                        .body(Map.of("error", Map.of("code", "NOT_FOUND", "message", "no agreement " + agreementNo)))));
    }

    private static Map<String, Object> view(AlipayAgreements.AgreementView a, boolean notified) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("agreementNo", a.agreementNo());
        m.put("externalAgreementNo", a.externalAgreementNo());
        m.put("alipayUserId", a.alipayUserId());
        m.put("status", a.status());
        m.put("notified", notified);
        return m;
    }
}
