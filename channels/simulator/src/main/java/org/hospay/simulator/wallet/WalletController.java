package org.hospay.simulator.wallet;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Test data: {@code POST /sim/wallets} (docs/api.md §12.1) and a fresh code for an existing wallet. */
@RestController
class WalletController {

    private final Wallets wallets;

    WalletController(Wallets wallets) {
        this.wallets = wallets;
    }

    record CreateWallet(String channel, Long balanceFen, Wallet.Behavior behavior, Integer queriesUntilPaid,
                        Wallet.Then thenState, Long slowMs) {}

    record WalletView(String walletId, String channel, String accountId, String authCode, long balanceFen, Wallet.Behavior behavior) {
        static WalletView of(Wallet w, String code) {
            return new WalletView(w.walletId(), w.channel(), w.accountId(), code, w.balance().get(), w.behavior());
        }
    }

    @PostMapping("/sim/wallets")
    WalletView create(@RequestBody CreateWallet request) {
        Wallet.Script d = Wallet.Script.DEFAULT;
        Wallet.Script script = new Wallet.Script(
                request.queriesUntilPaid() == null ? d.queriesUntilPaid() : request.queriesUntilPaid(),
                request.thenState() == null ? d.thenState() : request.thenState(),
                request.slowMs() == null ? d.slowMs() : request.slowMs());
        Wallet w = wallets.create(request.channel(), request.balanceFen() == null ? 1_000_000 : request.balanceFen(),
                request.behavior(), script);
        return WalletView.of(w, wallets.newCode(w));
    }

    @PostMapping("/sim/wallets/{walletId}/codes")
    ResponseEntity<WalletView> newCode(@PathVariable String walletId) {
        return wallets.wallet(walletId).map(w -> ResponseEntity.ok(WalletView.of(w, wallets.newCode(w))))
                .orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/sim/wallets/{walletId}")
    ResponseEntity<WalletView> get(@PathVariable String walletId) {
        return wallets.wallet(walletId).map(w -> ResponseEntity.ok(WalletView.of(w, null)))
                .orElse(ResponseEntity.notFound().build());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_WALLET", "message", e.getMessage())));
    }
}
