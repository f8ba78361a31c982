package org.hospay.loadtest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test data made before the run through the simulator's and the gateway's own APIs (docs/api.md): insured
 * persons and their single-use aggregated codes, wallets and their single-use payment codes, and paid
 * payments to refund. Everything is made up front so that minting (an SM2 signature per code in the
 * simulator) never competes with the measured traffic.
 */
final class TestData {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] CHANNELS = {"WECHAT", "ALIPAY", "UNIONPAY"};
    /** Channel shares of the self-pay part: WeChat 50 %, Alipay 35 %, UnionPay 15 %. */
    private static final int[] CHANNEL_WEIGHTS = {50, 35, 15};
    /** A bill's total (fen): the two lines of {@link #bill}. */
    static final long BILL_FEN = 5350;
    /** The personal account each one-scan patient brings: the insurance leg, below the bill, so a cash part remains. */
    static final long ACCOUNT_FEN = 2000;
    static final long REFUND_FEN = 1000;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String simulator;
    private final String gateway;
    private final int concurrency;
    private final AtomicInteger people = new AtomicInteger();

    TestData(String simulatorUrl, String gatewayUrl) {
        this.simulator = simulatorUrl;
        this.gateway = gatewayUrl;
        this.concurrency = Settings.integer("setup.concurrency", 32);
    }

    /** One single-use code to present, and whether its wallet is scripted to decline. */
    record Code(String code, String channel, boolean scriptedDecline) {}

    /**
     * {@code n} aggregated codes (医保一码付), each for its own employee-insured person with
     * {@link #ACCOUNT_FEN} on the personal account, so every payment has both legs: settlement of
     * the account part and a charge of the cash part. Every {@code declineEvery}-th wallet is
     * INSUFFICIENT (0: none): the charge is declined and the settlement compensated.
     */
    List<Code> aggregatedCodes(int n, int declineEvery) {
        return parallel(n, i -> {
            String channel = channel(i);
            boolean decline = declineEvery > 0 && i % declineEvery == declineEvery - 1;
            String idNo = idNumber(people.getAndIncrement());
            String person = json(Map.of("name", "压测" + idNo.substring(14), "idNo", idNo, "insutype", "310", "region", "370200",
                    "accountBalanceFen", ACCOUNT_FEN, "pooledSigned", true));
            return post(simulator + "/sim/insurance/persons", person, Map.of()).thenCompose(p -> {
                var voucher = new java.util.HashMap<String, Object>(Map.of("psnNo", p.get("psnNo").asString(), "payChannel", channel,
                        "validitySeconds", 6 * 3600));
                if (decline) voucher.put("walletBehavior", "INSUFFICIENT");
                return post(simulator + "/sim/insurance/vouchers", json(voucher), Map.of());
            }).thenApply(v -> new Code(v.get("code").asString(), channel, decline));
        });
    }

    /**
     * {@code n} aggregated codes of insured persons who also hold a direct-pay policy at the simulator's commercial
     * insurer (80 % of the cash part): each payment has three legs, settlement, claim and charge.
     */
    List<Code> commercialCodes(int n) {
        return parallel(n, i -> {
            String channel = channel(i);
            String idNo = idNumber(people.getAndIncrement());
            String name = "商保" + idNo.substring(14);
            String person = json(Map.of("name", name, "idNo", idNo, "insutype", "310", "region", "370200",
                    "accountBalanceFen", ACCOUNT_FEN, "pooledSigned", true));
            String policy = json(Map.of("name", name, "idNo", idNo, "coverageRatioPercent", 80, "annualLimitFen", 10_000_000));
            return post(simulator + "/sim/insurance/persons", person, Map.of())
                    .thenCompose(p -> post(simulator + "/sim/commercial/policies", policy, Map.of()).thenApply(x -> p))
                    .thenCompose(p -> post(simulator + "/sim/insurance/vouchers", json(Map.of("psnNo", p.get("psnNo").asString(),
                            "payChannel", channel, "validitySeconds", 6 * 3600)), Map.of()))
                    .thenApply(v -> new Code(v.get("code").asString(), channel, false));
        });
    }

    /** {@code n} payment codes (付款码) of fresh wallets, every {@code declineEvery}-th one INSUFFICIENT. */
    List<Code> paymentCodes(int n, int declineEvery) {
        return parallel(n, i -> {
            String channel = channel(i);
            boolean decline = declineEvery > 0 && i % declineEvery == declineEvery - 1;
            String wallet = json(Map.of("channel", channel, "balanceFen", 1_000_000, "behavior", decline ? "INSUFFICIENT" : "OK"));
            return post(simulator + "/sim/wallets", wallet, Map.of()).thenApply(w -> new Code(w.get("authCode").asString(), channel, decline));
        });
    }

    /** {@code n} payments paid with payment codes through the gateway, to be refunded in part during the run. */
    List<String> paidPayments(int n) {
        List<Code> codes = paymentCodes(n, 0);
        return parallel(n, i -> {
            String body = bill(billNo(), "scannedCode", codes.get(i).code());
            Map<String, String> headers = new java.util.HashMap<>(Terminal.DEMO.sign("POST", "/api/v1/payments", body));
            headers.put("Idempotency-Key", UUID.randomUUID().toString());
            return post(gateway + "/api/v1/payments", body, headers).thenApply(p -> {
                if (!"SUCCEEDED".equals(p.path("status").asString())) {
                    throw new IllegalStateException("setup payment did not succeed: " + p);
                }
                return p.get("paymentId").asString();
            });
        });
    }

    /**
     * {@code n} hospital cards, each held by an employee-insured parent whose adult child (a payer
     * with an Alipay wallet) bound it in the mini-program, the parent consented, the child signed a withholding agreement, as
     * docs/family.md walks through: the simulator's person and wallet, the DEMO token issuer, the
     * binding, the agreement signed in the simulator's Alipay and confirmed by its callback.
     * Alipay, because WeChat papay deducts once a day per agreement and a compressed rush reuses
     * cards; limits high enough that no bill of the run is refused for them.
     */
    List<String> familyCards(int n) {
        return parallel(n, i -> {
            int patientNo = people.getAndIncrement();
            int payerNo = people.getAndIncrement();
            String idNo = idNumber(patientNo);
            String name = chineseName(patientNo);
            String card = String.format("H%010d", 9_000_000_000L + patientNo);
            String token = "lt-payer-" + payerNo;
            Map<String, String> bearer = new java.util.HashMap<>();
            return post(simulator + "/sim/insurance/persons", json(Map.of("name", name, "idNo", idNo, "insutype", "310", "region", "370200",
                    "accountBalanceFen", ACCOUNT_FEN, "pooledSigned", true, "hospitalCardNo", card)), Map.of())
                    // The DEMO issuer's real-name check puts the payer's name and number in the token.
                    .thenCompose(p -> post(gateway + "/demo/mini/tokens", json(Map.of("subject", token,
                            "name", chineseName(payerNo), "idNo", idNumber(payerNo))), Map.of()))
                    .thenCompose(t -> {
                        bearer.put("Authorization", "Bearer " + t.get("accessToken").asString());
                        return send("PUT", gateway + "/api/v1/mini/me", "{}", bearer);
                    })
                    .thenCompose(me -> post(gateway + "/api/v1/mini/bindings", json(Map.of(
                            "patient", Map.of("name", name, "idNo", idNo, "cardNo", card), "relation", "PARENT",
                            "limits", Map.of("perPaymentFen", 1_000_000, "perDayFen", 10_000_000, "perMonthFen", 100_000_000))), bearer))
                    // The parent consents in their own mini-program session, signed in as themselves.
                    .thenCompose(binding -> post(gateway + "/demo/mini/tokens", json(Map.of("subject", "lt-patient-" + patientNo,
                            "name", name, "idNo", idNo)), Map.of())
                            .thenCompose(t -> post(gateway + "/api/v1/mini/bindings/" + binding.get("bindingId").asString() + "/consent", "{}",
                                    Map.of("Authorization", "Bearer " + t.get("accessToken").asString())))
                            .thenApply(consented -> binding))
                    .thenCompose(binding -> {
                        String bindingId = binding.get("bindingId").asString();
                        return post(simulator + "/sim/wallets", json(Map.of("channel", "ALIPAY", "balanceFen", 100_000_000, "behavior", "OK")), Map.of())
                                .thenCompose(wallet -> post(gateway + "/api/v1/mini/bindings/" + bindingId + "/agreement",
                                        json(Map.of("channel", "ALIPAY")), bearer)
                                        .thenCompose(a -> post(simulator + "/sim/alipay/agreements/sign", json(Map.of(
                                                "walletId", wallet.get("walletId").asString(), "notifyUrl", a.get("notifyUrl").asString(),
                                                "externalAgreementNo", a.get("agreementCode").asString())), Map.of())))
                                // Up to 60 s: on a loaded machine the channel's signing callback can take far longer than usual.
                                .thenCompose(signed -> awaitActive(gateway + "/api/v1/mini/bindings/" + bindingId, bearer, 600));
                    })
                    .thenApply(active -> card);
        });
    }

    /**
     * {@code n} hospital cards enrolled in credit care (docs/credit.md §1), the way a patient enrols: a patient of the
     * hospital (uninsured: the whole bill goes on credit), a customer of the simulator's bank with a line of 50,000
     * CNY, and the enrolment in the mini-program with a DEMO token.
     */
    List<String> creditCards(int n) {
        return parallel(n, i -> {
            int patientNo = people.getAndIncrement();
            String idNo = idNumber(patientNo);
            String name = chineseName(patientNo);
            Map<String, String> bearer = new java.util.HashMap<>();
            return post(simulator + "/sim/hospital/patients", json(Map.of("name", name, "idNo", idNo)), Map.of())
                    .thenCompose(patient -> post(simulator + "/sim/bank/customers", json(Map.of("idNo", idNo, "name", name,
                            "creditLineFen", 5_000_000, "accountBalanceFen", 100_000_000)), Map.of())
                            .thenCompose(customer -> post(gateway + "/demo/mini/tokens", json(Map.of("subject", "lt-credit-" + patientNo)), Map.of()))
                            .thenCompose(t -> {
                                bearer.put("Authorization", "Bearer " + t.get("accessToken").asString());
                                return post(gateway + "/api/v1/mini/credit/enrolments", json(Map.of("name", name, "idNo", idNo,
                                        "cardNo", patient.get("cardNo").asString(), "consent", true)), bearer);
                            })
                            .thenApply(account -> patient.get("cardNo").asString()));
        });
    }

    /** The binding turns ACTIVE when the channel's signing callback reached the gateway (asynchronously). */
    private CompletableFuture<JsonNode> awaitActive(String url, Map<String, String> bearer, int triesLeft) {
        return send("GET", url, null, bearer).thenCompose(b -> {
            if ("ACTIVE".equals(b.path("status").asString())) return CompletableFuture.completedFuture(b);
            if (triesLeft == 0) throw new IllegalStateException("binding never became ACTIVE: " + b);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(100, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(x -> awaitActive(url, bearer, triesLeft - 1));
        });
    }

    /** A name the real-name check accepts (2–32 letters): a surname and two given-name characters, distinct per {@code n} up to 20 × 30². */
    static String chineseName(int n) {
        String surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
        String given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红志建";
        return "" + surnames.charAt(n % surnames.length()) + given.charAt((n / surnames.length()) % given.length())
                + given.charAt((n / (surnames.length() * given.length())) % given.length());
    }

    /** What windows send to {@code /codes/classify}: every kind of scanner text, valid and not. */
    static List<String> classificationSamples(String aggregatedCode) {
        return List.of("134567890123456789", "281234567890123456", "6212345678901234567", idNumber(424242), "H0000000001",
                "13456789012345678", "not a code", aggregatedCode);
    }

    /** A two-line outpatient bill of {@link #BILL_FEN} fen (a drug and a lab test), as a window sends it. */
    static String bill(String billNo, String sourceField, String source) {
        return "{\"billNo\":\"" + billNo + "\",\"" + sourceField + "\":\"" + source + "\",\"medType\":\"OUTPATIENT\","
                + "\"items\":[{\"code\":\"X001\",\"name\":\"阿莫西林胶囊\",\"category\":\"DRUG\",\"quantity\":2,\"priceFen\":1175,\"amountFen\":2350},"
                + "{\"code\":\"L201\",\"name\":\"血常规\",\"category\":\"LAB\",\"quantity\":1,\"priceFen\":3000,\"amountFen\":3000}],"
                + "\"totalFen\":" + BILL_FEN + "}";
    }

    static String billNo() {
        return "LT" + UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase();
    }

    /** A valid GB 11643 identity number (region 370202), distinct for each {@code n}. */
    static String idNumber(int n) {
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(n / 1000);
        String first17 = "370202" + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", n % 1000);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * w[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private static String channel(int i) {
        int slot = Math.floorMod(i * 37, 100);
        int acc = 0;
        for (int c = 0; c < CHANNELS.length; c++) {
            acc += CHANNEL_WEIGHTS[c];
            if (slot < acc) return CHANNELS[c];
        }
        return CHANNELS[0];
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    private CompletableFuture<JsonNode> post(String url, String body, Map<String, String> headers) {
        return send("POST", url, body, headers);
    }

    private CompletableFuture<JsonNode> send(String method, String url, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) b.header("Content-Type", "application/json");
        headers.forEach(b::header);
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() / 100 != 2) throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
            return JSON.readTree(r.body());
        });
    }

    /** Runs {@code n} calls, at most {@link #concurrency} at a time, and returns their results in order. */
    private <T> List<T> parallel(int n, IntFunction<CompletableFuture<T>> call) {
        List<T> out = new ArrayList<>(Collections.nCopies(n, null));
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<Void>> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            slots.acquireUninterruptibly();
            all.add(call.apply(i).thenAccept(v -> out.set(index, v)).whenComplete((v, e) -> slots.release()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        return out;
    }
}
