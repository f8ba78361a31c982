package org.hospay.simulator.insurance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hospay.code.AggregatedCodeIssuer;
import org.hospay.code.PayChannel;
import org.hospay.simulator.wallet.Wallet;
import org.hospay.simulator.wallet.Wallets;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /sim/insurance/vouchers} (docs/api.md §12.1): a fresh HSA1 code for an insured person, signed with
 * the platform's DEMO key. Without a channel it is a plain e-voucher; with one it is an aggregated
 * code whose payment authorisation is a fresh payment code of the person's simulated wallet at that
 * channel, which the gateway charges the self-pay part with. The token inside resolves to the
 * person in 1101 (mdtrt_cert_type 01) until {@code sim.insurance.token-validity} has passed (at
 * least as long as the code).
 *
 * <p>Wallets are kept per person and channel: the first aggregated code creates one (10,000 CNY,
 * OK), later codes reuse it, and a request naming {@code walletBalanceFen} or {@code walletBehavior}
 * replaces it with a new one of that kind.
 */
@RestController
class VoucherController {

    private static final long DEFAULT_WALLET_FEN = 1_000_000;

    private final InsurancePersons persons;
    private final Wallets wallets;
    private final AggregatedCodeIssuer issuer;
    private final InsuranceSimProperties props;
    private final Clock clock;
    private final Map<String, Wallet> walletOf = new ConcurrentHashMap<>();

    VoucherController(InsurancePersons persons, Wallets wallets, AggregatedCodeIssuer issuer, InsuranceSimProperties props, Clock clock) {
        this.persons = persons;
        this.wallets = wallets;
        this.issuer = issuer;
        this.props = props;
        this.clock = clock;
    }

    /** {@code payChannel} null, absent, "" or "null": a plain e-voucher. */
    /** {@code walletQueriesUntilPaid}, {@code walletThenState}, {@code walletSlowMs}: the wallet's script (see {@code /sim/wallets}). */
    record VoucherRequest(String psnNo, String payChannel, Long walletBalanceFen, String walletBehavior, Long validitySeconds,
                          Integer walletQueriesUntilPaid, Wallet.Then walletThenState, Long walletSlowMs) {

        Wallet.Script script() {
            Wallet.Script d = Wallet.Script.DEFAULT;
            return new Wallet.Script(walletQueriesUntilPaid == null ? d.queriesUntilPaid() : walletQueriesUntilPaid,
                    walletThenState == null ? d.thenState() : walletThenState, walletSlowMs == null ? d.slowMs() : walletSlowMs);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Voucher(String code, Instant expiresAt, String walletId) {}

    @PostMapping("/sim/insurance/vouchers")
    ResponseEntity<?> issue(@RequestBody VoucherRequest r) {
        if (r.psnNo() == null || r.psnNo().isBlank()) return TestDataErrors.bad("INVALID_VOUCHER_REQUEST", "psnNo is required");
        PayChannel channel;
        try {
            channel = channel(r.payChannel());
        } catch (IllegalArgumentException e) {
            return TestDataErrors.bad("INVALID_VOUCHER_REQUEST", e.getMessage());
        }
        long maxSeconds = AggregatedCodeIssuer.MAX_VALIDITY.toSeconds();
        Duration validity = r.validitySeconds() == null ? props.voucherValidity() : Duration.ofSeconds(r.validitySeconds());
        if (validity.toSeconds() < 1 || validity.toSeconds() > maxSeconds)
            return TestDataErrors.bad("INVALID_VOUCHER_REQUEST", "validitySeconds must be 1-" + maxSeconds + ": " + r.validitySeconds());
        boolean walletGiven = r.walletBalanceFen() != null || r.walletBehavior() != null || r.walletQueriesUntilPaid() != null
                || r.walletThenState() != null || r.walletSlowMs() != null;
        if (channel == null && walletGiven)
            return TestDataErrors.bad("INVALID_VOUCHER_REQUEST", "walletBalanceFen and walletBehavior need a payChannel");
        if (r.walletBalanceFen() != null && r.walletBalanceFen() < 0)
            return TestDataErrors.bad("INVALID_VOUCHER_REQUEST", "walletBalanceFen must be >= 0: " + r.walletBalanceFen());
        Wallet.Behavior behavior;
        try {
            behavior = r.walletBehavior() == null ? Wallet.Behavior.OK : Wallet.Behavior.valueOf(r.walletBehavior().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return TestDataErrors.bad("INVALID_VOUCHER_REQUEST", "walletBehavior must be one of " + Arrays.toString(Wallet.Behavior.values())
                    + ": " + r.walletBehavior());
        }
        var person = persons.person(r.psnNo());
        if (person.isEmpty()) return TestDataErrors.notFound("PERSON_NOT_FOUND", "no insured person " + r.psnNo());

        Duration tokenValidity = props.tokenValidity().compareTo(validity) < 0 ? validity : props.tokenValidity();
        String token = persons.newToken(r.psnNo(), clock.instant().plus(tokenValidity)).orElseThrow();
        Wallet wallet = null;
        String auth = null;
        if (channel != null) {
            wallet = walletGiven
                    ? newWallet(r.psnNo(), channel, r.walletBalanceFen() == null ? DEFAULT_WALLET_FEN : r.walletBalanceFen(), behavior, r.script())
                    : walletOf.computeIfAbsent(key(r.psnNo(), channel),
                            k -> wallets.create(channel.name(), DEFAULT_WALLET_FEN, Wallet.Behavior.OK, Wallet.Script.DEFAULT));
            auth = wallets.newCode(wallet);
        }
        String code = issuer.issue(person.get().region(), token, channel, auth, validity);
        return ResponseEntity.ok(new Voucher(code, expiresAt(code), wallet == null ? null : wallet.walletId()));
    }

    private Wallet newWallet(String psnNo, PayChannel channel, long balanceFen, Wallet.Behavior behavior, Wallet.Script script) {
        Wallet w = wallets.create(channel.name(), balanceFen, behavior, script);
        walletOf.put(key(psnNo, channel), w);
        return w;
    }

    private static String key(String psnNo, PayChannel channel) {
        return psnNo + '|' + channel;
    }

    private static PayChannel channel(String name) {
        if (name == null || name.isBlank() || name.equalsIgnoreCase("null")) return null;
        try {
            return PayChannel.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("payChannel must be WECHAT, ALIPAY, UNIONPAY or null: " + name);
        }
    }

    /** The code's own expiry (field 6 of {@code HSA1:REGION.TOKEN.CHANNEL.AUTH.ISSUED.EXPIRES.NONCE.KEYID.SIGNATURE}). */
    private static Instant expiresAt(String code) {
        return Instant.ofEpochSecond(Long.parseLong(code.substring(code.indexOf(':') + 1).split("\\.", -1)[5]));
    }
}
