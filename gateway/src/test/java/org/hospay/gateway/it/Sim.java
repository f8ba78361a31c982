package org.hospay.gateway.it;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

/** The simulator's test-data, fault and ledger endpoints (docs/api.md §12), as tests use them. */
public final class Sim {

    private static final WebClient HTTP = WebClient.create(TestSimulator.URL);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Sim() {}

    public record Person(String psnNo, String idNo, String name) {}

    public record Voucher(String code, String expiresAt, String walletId) {}

    public record Wallet(String walletId, String channel, String accountId, String authCode, long balanceFen, String behavior) {}

    public record Entry(long seq, String channel, String type, String requestId, String reference, long amountFen,
                        String state, String account, String receivedAt, String answeredAt) {}

    /** An employee-insured person (310) with a personal account, signed to a community clinic. */
    public static Person employee(long accountBalanceFen) {
        return person("310", accountBalanceFen, true);
    }

    public static Person person(String insutype, long accountBalanceFen, boolean pooledSigned) {
        String idNo = idNumber();
        Map<String, Object> body = Map.of("name", "测试" + idNo.substring(14), "idNo", idNo, "insutype", insutype,
                "region", "370200", "accountBalanceFen", accountBalanceFen, "pooledSigned", pooledSigned);
        Map<?, ?> r = HTTP.post().uri("/sim/insurance/persons").bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
        return new Person((String) r.get("psnNo"), idNo, (String) body.get("name"));
    }

    public record HealthCard(String ecardId, String qrCode, String staticQrCode) {}

    /** The person's e-health card (电子健康卡) at the simulated region's service, with a QR code valid for {@code validitySeconds}. */
    public static HealthCard healthCard(Person p, long validitySeconds) {
        return HTTP.post().uri("/sim/ehealth/cards").bodyValue(Map.of("name", p.name(), "idNo", p.idNo(), "validitySeconds", validitySeconds))
                .retrieve().bodyToMono(HealthCard.class).block(WAIT);
    }

    /** An employee-insured person holding the physical social-security card {@code cardNo} (1101 by card). */
    public static Person cardHolder(String cardNo, long accountBalanceFen) {
        String idNo = idNumber();
        Map<String, Object> body = Map.of("name", "持卡" + idNo.substring(14), "idNo", idNo, "insutype", "310", "region", "370200",
                "accountBalanceFen", accountBalanceFen, "pooledSigned", true, "cardNo", cardNo);
        Map<?, ?> r = HTTP.post().uri("/sim/insurance/persons").bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
        return new Person((String) r.get("psnNo"), idNo, (String) body.get("name"));
    }

    /**
     * Sets the simulated hospital's level (BASIC, SECONDARY, TERTIARY) and type (GENERAL, DENTAL, ...); the simulator
     * starts as a tertiary dental hospital, and a test that changes it sets it back.
     */
    public static void hospital(String level, String type) {
        HTTP.post().uri("/sim/insurance/policy").bodyValue(Map.of("hospitalLevel", level, "hospitalType", type)).retrieve()
                .toBodilessEntity().block(WAIT);
    }

    public record Visit(String mdtrtId, String iptOtpNo, String state) {}

    /** The person's outpatient visits at the platform; state OPEN, SETTLED or CANCELLED (2202). */
    public static List<Visit> visits(Person p) {
        return HTTP.get().uri("/sim/insurance/persons/{psn}/visits", p.psnNo()).retrieve()
                .bodyToMono(new ParameterizedTypeReference<List<Visit>>() {}).block(WAIT);
    }

    /** A fresh aggregated code for the person, paying the self-pay part on {@code channel} (null: plain e-voucher). */
    public static Voucher voucher(Person p, String channel) {
        return voucher(p, channel, Map.of());
    }

    public static Voucher voucher(Person p, String channel, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(extra);
        body.put("psnNo", p.psnNo());
        body.put("payChannel", channel);
        return HTTP.post().uri("/sim/insurance/vouchers").bodyValue(body).retrieve().bodyToMono(Voucher.class).block(WAIT);
    }

    /** A commercial direct-pay policy for the person at the simulator's insurer (channels/docs/commercial.md); its policyNo. */
    public static String commercialPolicy(Person p, int coverageRatioPercent) {
        return commercialPolicy(p, coverageRatioPercent, 1_000_000);
    }

    public static String commercialPolicy(Person p, int coverageRatioPercent, long annualLimitFen) {
        Map<String, Object> body = Map.of("name", p.name(), "idNo", p.idNo(), "coverageRatioPercent", coverageRatioPercent,
                "annualLimitFen", annualLimitFen);
        Map<?, ?> r = HTTP.post().uri("/sim/commercial/policies").bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
        return (String) r.get("policyNo");
    }

    public static Wallet wallet(String channel, long balanceFen, String behavior, Map<String, Object> script) {
        Map<String, Object> body = new HashMap<>(script);
        body.put("channel", channel);
        body.put("balanceFen", balanceFen);
        body.put("behavior", behavior);
        return HTTP.post().uri("/sim/wallets").bodyValue(body).retrieve().bodyToMono(Wallet.class).block(WAIT);
    }

    public static Wallet wallet(String channel, long balanceFen) {
        return wallet(channel, balanceFen, "OK", Map.of());
    }

    public static long balance(String walletId) {
        return HTTP.get().uri("/sim/wallets/{id}", walletId).retrieve().bodyToMono(Wallet.class).block(WAIT).balanceFen();
    }

    public static void fault(String channel, Map<String, Object> fault) {
        HTTP.put().uri("/sim/faults/{c}", channel).bodyValue(fault).retrieve().toBodilessEntity().block(WAIT);
    }

    public static void clearFault(String channel) {
        HTTP.delete().uri("/sim/faults/{c}", channel).retrieve().toBodilessEntity().block(WAIT);
    }

    /**
     * The channel's whole ledger, read entry by entry: it grows with every test that ran before on the shared simulator
     * (a Redis failover test books hundreds of payments), past what one buffered answer may hold (256 KiB).
     */
    public static List<Entry> ledger(String channel) {
        return HTTP.get().uri("/sim/ledger?channel={c}", channel).retrieve()
                .bodyToFlux(Entry.class).collectList().block(WAIT);
    }

    /** Entries booked under, or referring to, {@code requestId}. */
    public static List<Entry> ledger(String channel, String requestId) {
        return ledger(channel).stream().filter(e -> requestId.equals(e.requestId()) || requestId.equals(e.reference())).toList();
    }

    /**
     * The code with one character of its signature changed (a full 5-bit base32 character, so the
     * text stays canonical and only the signature check can tell).
     */
    public static String tamperSignature(String code) {
        int i = code.length() - 10;
        char c = code.charAt(i);
        return code.substring(0, i) + (c == 'A' ? 'B' : 'A') + code.substring(i + 1);
    }

    private static final java.util.concurrent.atomic.AtomicInteger PEOPLE =
            new java.util.concurrent.atomic.AtomicInteger(ThreadLocalRandom.current().nextInt(1000));

    /** A valid GB 11643 identity number (region 370202, Qingdao), distinct for each call in this JVM. */
    public static String idNumber() {
        int n = PEOPLE.getAndIncrement();
        java.time.LocalDate birth = java.time.LocalDate.of(1950, 1, 1).plusDays(n / 1000);
        String first17 = "370202" + birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", n % 1000);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * w[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }
}
