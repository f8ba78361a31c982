package org.hospay.loadtest;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What every simulation of the rush shares: the stack it starts (simulator + gateway JVMs, own
 * database and Redis prefix), the test data it makes before the run, the baselines measured in the
 * same run, the OS sampling, and the Markdown summary written when it ends.
 *
 * <p>Timeline: {@code before()} starts the stack, times the mandatory crypto, makes the data, then
 * Gatling runs the baseline phase (warm-up, then the same low-rate one-scan probe against the
 * CONCURRENT and the SEQUENTIAL gateway side by side) followed by the main load; {@code after()}
 * writes the summary and stops everything.
 */
abstract class Rush extends Simulation {

    static final String WARM_UP = "warm-up";
    static final String BASELINE = "baseline one-scan";

    final String name;
    final boolean baselines;
    final long latencyMs = Settings.integer("latency.ms", defaultLatencyMs());
    final Stack stack;
    final Recorder recorder = new Recorder();
    final Flows flows = new Flows(recorder);
    final HttpProtocolBuilder gateway;
    final HttpProtocolBuilder sequentialGateway;
    final boolean his = Settings.flag("mix.his", true);
    final boolean nfc = Settings.flag("mix.nfc", true);
    final boolean credit = Settings.flag("mix.credit", true);
    final Map<Mix, Double> shares = Mix.shares(his, nfc, credit);
    // Every n-th wallet declines (insufficient funds): the gateway must answer FAILED and compensate the settlement.
    final int declineEvery = Settings.integer("decline.every", 25);
    final double warmRate = Settings.number("baseline.warmup.rate", 10);
    final int warmSeconds = Settings.integer("baseline.warmup.seconds", 20);
    final double probeRate = Settings.number("baseline.rate", 5);
    final int probeSeconds = Settings.integer("baseline.seconds", 30);
    final double cryptoSeconds;

    final Queue<TestData.Code> oneScan = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> commercialCodes = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> paymentCodes = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> nfcCodes = new ConcurrentLinkedQueue<>();
    final Queue<String> refunds = new ConcurrentLinkedQueue<>();
    final Queue<String> classifications = new ConcurrentLinkedQueue<>();
    final Queue<String> hisCards = new ConcurrentLinkedQueue<>();
    final Queue<String> creditCards = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> warmConcurrent = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> warmSequential = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> probeConcurrent = new ConcurrentLinkedQueue<>();
    final Queue<TestData.Code> probeSequential = new ConcurrentLinkedQueue<>();

    Sampler sampler;
    CryptoFloor.Costs crypto;
    String loadBefore;
    long setupMillis;
    long startedAt;

    Rush(String name, boolean baselines) {
        this(name, baselines, null);
    }

    /** {@code target}: where the load goes instead of this run's own gateway (the cluster mode's load balancer). */
    Rush(String name, boolean baselines, String target) {
        this.name = name;
        this.baselines = baselines;
        this.cryptoSeconds = baselines ? Settings.number("crypto.seconds", 1) : 0;
        this.stack = new Stack(Settings.path("workDir", "target/loadtest").resolve(name.toLowerCase() + "-" + System.currentTimeMillis()),
                new Stack.Latency(latencyMs));
        this.gateway = protocol(target == null ? stack.gatewayUrl() : target);
        this.sequentialGateway = protocol(stack.sequentialGatewayUrl());
    }

    /** Server-to-server traffic: one shared connection pool (Gatling's advice for open models, gatling#4466). */
    private static HttpProtocolBuilder protocol(String baseUrl) {
        return http.baseUrl(baseUrl).shareConnections().contentTypeHeader("application/json").acceptHeader("application/json")
                .disableCaching().disableWarmUp();
    }

    /** The main load's shape, in words, for the summary. */
    abstract String profile();

    /** The one-scan p99 objective (ms) of this run. */
    abstract long objectiveP99Ms();

    /** How many single-use inputs of each flow the main load needs. */
    abstract Map<Mix, Integer> mainNeeds();

    /**
     * The critical-path floor (ms) of a request of this flow, from the simulator's fixed latency. The gateway runs with
     * commercial direct pay on (the demo profile): it asks the commercial insurer for the patient's policy while the
     * platform pre-settles, and only a policy holder's payment waits for the insurer's pre-calculation after 2206
     * (docs/architecture.md §4.1, step 7). The load test's patients hold no policy, but the commercial flow's.
     */
    long floorMs(Mix m) {
        return switch (m) {
            // 1101, 2201, 2204, 2206 one after the other (the policy look-up beside them), then max(2207, charge).
            case ONE_SCAN, NFC_CHECKOUT -> 5 * latencyMs;
            // The card plan: 1101, 2201, 2204, 2206, then the family deduction, then 2207 (the card plan).
            case HIS_BILL -> 6 * latencyMs;
            // The card plan of an uninsured card: the 1101 look-up (not insured), then the credit leg (no channel call).
            case CREDIT -> latencyMs;
            // 1101, 2201, 2204, 2206, the holder's pre-calculation, then max(2207, claim, charge).
            case COMMERCIAL -> 6 * latencyMs;
            case PAYMENT_CODE, REFUND -> latencyMs;
            case CLASSIFY -> 0;
        };
    }

    /** The engine's SEQUENTIAL floor of a one-scan payment: settle + charge instead of their max. */
    long sequentialFloorMs() {
        return 6 * latencyMs;
    }

    /** The populations of one flow's main load, on the CONCURRENT gateway. */
    PopulationBuilder population(Mix m, ChainBuilder chain, OpenInjectionStep... steps) {
        return scenario(m.label).exec(chain).injectOpen(steps).protocols(gateway);
    }

    ChainBuilder chain(Mix m) {
        return switch (m) {
            case ONE_SCAN -> flows.payment(m.label, oneScan);
            case COMMERCIAL -> flows.payment(m.label, commercialCodes);
            case PAYMENT_CODE -> flows.payment(m.label, paymentCodes);
            case HIS_BILL -> flows.hisBill(m.label, hisCards);
            case CREDIT -> flows.creditPayment(m.label, creditCards);
            case NFC_CHECKOUT -> flows.nfcCheckout(m.label, nfcCodes);
            case REFUND -> flows.refund(m.label, refunds);
            case CLASSIFY -> flows.classify(m.label, classifications);
        };
    }

    /** The main load preceded by the baseline phase (when on); give these to {@code setUp}. */
    List<PopulationBuilder> withBaselines(List<PopulationBuilder> main) {
        if (!baselines) return main;
        PopulationBuilder warmC = scenario(WARM_UP + " CONCURRENT").exec(flows.payment(WARM_UP + " CONCURRENT", warmConcurrent))
                .injectOpen(constantUsersPerSec(warmRate).during(Duration.ofSeconds(warmSeconds))).protocols(gateway);
        PopulationBuilder warmS = scenario(WARM_UP + " SEQUENTIAL").exec(flows.payment(WARM_UP + " SEQUENTIAL", warmSequential))
                .injectOpen(constantUsersPerSec(warmRate).during(Duration.ofSeconds(warmSeconds))).protocols(sequentialGateway);
        PopulationBuilder probeC = scenario(BASELINE + " CONCURRENT").exec(flows.payment(BASELINE + " CONCURRENT", probeConcurrent))
                .injectOpen(constantUsersPerSec(probeRate).during(Duration.ofSeconds(probeSeconds)).randomized()).protocols(gateway);
        PopulationBuilder probeS = scenario(BASELINE + " SEQUENTIAL").exec(flows.payment(BASELINE + " SEQUENTIAL", probeSequential))
                .injectOpen(constantUsersPerSec(probeRate).during(Duration.ofSeconds(probeSeconds)).randomized()).protocols(sequentialGateway);
        return List.of(warmC.andThen(probeC.andThen(main.toArray(PopulationBuilder[]::new))), warmS.andThen(probeS));
    }

    static int expected(double arrivals) {
        return (int) Math.ceil(arrivals * 1.1) + 20;
    }

    /** Each flow's single-use inputs for {@code arrivals} arrivals of the whole mix, by its share. */
    Map<Mix, Integer> needsOf(double arrivals) {
        Map<Mix, Integer> needs = new EnumMap<>(Mix.class);
        shares.forEach((m, share) -> needs.put(m, expected(arrivals * share)));
        return needs;
    }

    @Override
    public void before() {
        startedAt = System.currentTimeMillis();
        loadBefore = loadAverage();
        long t0 = System.nanoTime();
        try {
            stack.start(baselines);
            System.out.printf("loadtest: %s: simulator %s, gateway %s%s, logs in %s%n", name, stack.simulatorUrl(), stack.gatewayUrl(),
                    baselines ? ", SEQUENTIAL gateway " + stack.sequentialGatewayUrl() : "", stack.dir);
            if (cryptoSeconds > 0) crypto = CryptoFloor.measure(Duration.ofMillis((long) (cryptoSeconds * 1000)), stack.gatewayNativeCrypto);
            makeData(new TestData(stack.simulatorUrl(), stack.gatewayUrl()));
            setupMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("loadtest: %s: stack and test data ready in %.1f s%n", name, setupMillis / 1000.0);
            sampler = new Sampler(stack).start();
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** Makes every flow's single-use inputs through the simulator's and the gateway's APIs, as {@code data} reaches them. */
    void makeData(TestData data) {
        Map<Mix, Integer> needs = new EnumMap<>(mainNeeds());
        int warm = baselines ? expected(warmRate * warmSeconds) : 0;
        int probe = baselines ? expected(probeRate * probeSeconds) : 0;
        int oneScanMain = needs.getOrDefault(Mix.ONE_SCAN, 0);
        int nfcMain = needs.getOrDefault(Mix.NFC_CHECKOUT, 0);
        List<TestData.Code> aggregated = data.aggregatedCodes(oneScanMain + nfcMain + 2 * warm + 2 * probe + 1, declineEvery);
        List<TestData.Code> clean = new ArrayList<>();
        List<TestData.Code> all = new ArrayList<>(aggregated);
        String sample = all.removeLast().code();
        for (TestData.Code c : all) {
            if (!c.scriptedDecline()) clean.add(c);
        }
        // Baselines compare clean payments only; the main load keeps the scripted declines.
        List<TestData.Code> baselineCodes = clean.subList(0, Math.min(clean.size(), 2 * warm + 2 * probe));
        warmConcurrent.addAll(baselineCodes.subList(0, Math.min(warm, baselineCodes.size())));
        warmSequential.addAll(baselineCodes.subList(Math.min(warm, baselineCodes.size()), Math.min(2 * warm, baselineCodes.size())));
        probeConcurrent.addAll(baselineCodes.subList(Math.min(2 * warm, baselineCodes.size()), Math.min(2 * warm + probe, baselineCodes.size())));
        probeSequential.addAll(baselineCodes.subList(Math.min(2 * warm + probe, baselineCodes.size()), baselineCodes.size()));
        List<TestData.Code> rest = new ArrayList<>(all);
        rest.removeAll(baselineCodes);
        oneScan.addAll(rest.subList(0, Math.min(oneScanMain, rest.size())));
        nfcCodes.addAll(rest.subList(Math.min(oneScanMain, rest.size()), rest.size()));
        commercialCodes.addAll(data.commercialCodes(needs.getOrDefault(Mix.COMMERCIAL, 0)));
        paymentCodes.addAll(data.paymentCodes(needs.getOrDefault(Mix.PAYMENT_CODE, 0), declineEvery));
        refunds.addAll(data.paidPayments(needs.getOrDefault(Mix.REFUND, 0)));
        List<String> samples = TestData.classificationSamples(sample);
        for (int i = 0; i < needs.getOrDefault(Mix.CLASSIFY, 0); i++) classifications.add(samples.get(i % samples.size()));
        if (his) {
            // Bound cards are reused across bills: a payer's limits and agreement hold many deductions.
            List<String> cards = data.familyCards(Math.min(Settings.integer("his.cards", hisCards()), Math.max(1, needs.getOrDefault(Mix.HIS_BILL, 0))));
            for (int i = 0; i < needs.getOrDefault(Mix.HIS_BILL, 0); i++) hisCards.add(cards.get(i % cards.size()));
        }
        if (credit) {
            // Enrolled cards are reused too: a line of 50,000 CNY holds every bill of the run.
            List<String> cards = data.creditCards(Math.min(Settings.integer("credit.cards", 100), Math.max(1, needs.getOrDefault(Mix.CREDIT, 0))));
            for (int i = 0; i < needs.getOrDefault(Mix.CREDIT, 0); i++) creditCards.add(cards.get(i % cards.size()));
        }
    }

    /** The simulator's latency per channel call (ms) unless {@code loadtest.latency.ms} says; read while constructing. */
    int defaultLatencyMs() {
        return 20;
    }

    /** How many family-bound hospital cards the HIS bills share, unless {@code loadtest.his.cards} says. */
    int hisCards() {
        return 100;
    }

    @Override
    public void after() {
        try {
            if (sampler != null) {
                sampler.mark();
                sampler.close();
            }
            Path written = new Summary(this).write();
            System.out.println("loadtest: summary written to " + written);
        } catch (RuntimeException | IOException e) {
            System.err.println("loadtest: could not write the summary: " + e);
            e.printStackTrace();
        } finally {
            stack.close();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
