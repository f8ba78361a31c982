package org.hospay.simulator.wechat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Test data for papay (委托代扣): what a payer does in the WeChat app. Real WeChat signs contracts on the
 * payer's phone and tells the merchant through a PAPAY.SIGN callback; here the test (or the demo) plays
 * the payer.
 *
 * <ul>
 *   <li>{@code POST /sim/wechat/papay/sign {"walletId","planId","contractCode","notifyUrl","displayAccount"}}:
 *       the wallet's owner signs; the signed, encrypted PAPAY.SIGN callback is posted to {@code notifyUrl}
 *       before this answers (its delivery is in {@code notification}).</li>
 *   <li>{@code POST /sim/wechat/papay/contracts/{contractId}/terminate}: the payer revokes in the app
 *       (PAPAY.TERMINATE, mode USER).</li>
 *   <li>{@code GET /sim/wechat/papay/contracts/{contractId}}.</li>
 * </ul>
 */
@RestController
class PapaySimController {

    private final WechatPapay papay;
    private final Wallets wallets;
    private final WechatNotifier notifier;

    PapaySimController(WechatPapay papay, Wallets wallets, WechatNotifier notifier) {
        this.papay = papay;
        this.wallets = wallets;
        this.notifier = notifier;
    }

    record SignRequest(String walletId, Long planId, String contractCode, String notifyUrl, String displayAccount) {}

    record ContractView(String contractId, long planId, String contractCode, String openid, String walletId, String state,
                        Instant signedAt, Instant terminatedAt, String terminationMode, WechatNotifier.Delivery notification) {
        static ContractView of(WechatPapay.Contract c, WechatNotifier.Delivery delivery) {
            synchronized (c) {
                return new ContractView(c.contractId, c.planId, c.outContractCode, c.openid, c.walletId, c.state, c.signedAt,
                        c.terminatedAt, c.terminationMode, delivery);
            }
        }
    }

    @PostMapping("/sim/wechat/papay/sign")
    Mono<ResponseEntity<?>> sign(@RequestBody SignRequest r) {
        Wallet wallet = r.walletId() == null ? null : wallets.wallet(r.walletId()).orElse(null);
        if (wallet == null || !WechatPaySim.CHANNEL.equals(wallet.channel()))
            return Mono.just(bad("INVALID_WALLET", "walletId must name a WECHAT wallet: " + r.walletId()));
        if (r.planId() == null || r.planId() <= 0) return Mono.just(bad("INVALID_PLAN", "planId must be a positive template id"));
        if (r.contractCode() == null || !r.contractCode().matches("[0-9A-Za-z_\\-]{1,32}"))
            return Mono.just(bad("INVALID_CONTRACT_CODE", "contractCode must be 1–32 of [0-9A-Za-z_-]: " + r.contractCode()));
        URI notifyUrl;
        try {
            notifyUrl = URI.create(r.notifyUrl() == null ? "" : r.notifyUrl());
            if (!notifyUrl.isAbsolute() || notifyUrl.getRawQuery() != null) throw new IllegalArgumentException("not absolute or has a query");
        } catch (IllegalArgumentException e) {
            return Mono.just(bad("INVALID_NOTIFY_URL", "notifyUrl must be an absolute URL without query: " + r.notifyUrl()));
        }
        WechatPapay.Contract contract;
        try {
            contract = papay.sign(wallet, r.planId(), r.contractCode(), notifyUrl,
                    r.displayAccount() == null || r.displayAccount().isBlank() ? "亲情代付" : r.displayAccount());
        } catch (IllegalStateException e) {
            String code = e.getMessage().substring(0, e.getMessage().indexOf(':'));
            return Mono.just(ResponseEntity.status(409).body(Map.of("error", Map.of("code", code, "message", e.getMessage()))));
        }
        return notifier.send(notifyUrl, "PAPAY.SIGN", "签约成功", "papay", WechatPapay.contractJson(contract))
                .map(delivery -> ResponseEntity.ok(ContractView.of(contract, delivery)));
    }

    @PostMapping("/sim/wechat/papay/contracts/{contractId}/terminate")
    Mono<ResponseEntity<?>> payerTerminates(@PathVariable String contractId) {
        WechatPapay.Contract c = papay.contract(contractId).orElse(null);
        if (c == null) return Mono.just(ResponseEntity.status(404).body(Map.of("error", Map.of("code", "CONTRACT_NOT_FOUND", "message", contractId))));
        if (!papay.terminate(c, "USER", "用户在微信中解约"))
            return Mono.just(ResponseEntity.ok(ContractView.of(c, null)));
        return notifier.send(c.notifyUrl, "PAPAY.TERMINATE", "解约成功", "papay", WechatPapay.contractJson(c))
                .map(delivery -> ResponseEntity.ok(ContractView.of(c, delivery)));
    }

    @GetMapping("/sim/wechat/papay/contracts/{contractId}")
    ResponseEntity<?> get(@PathVariable String contractId) {
        return papay.contract(contractId).<ResponseEntity<?>>map(c -> ResponseEntity.ok(ContractView.of(c, null)))
                .orElse(ResponseEntity.status(404).body(Map.of("error", Map.of("code", "CONTRACT_NOT_FOUND", "message", contractId))));
    }

    private static ResponseEntity<?> bad(String code, String message) {
        return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", code, "message", message)));
    }
}
