package org.hospay.simulator.commercial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.Statement;
import org.hospay.channels.StatementUnavailable;
import org.hospay.channels.Statements;
import org.hospay.channels.commercial.CommercialConfig;
import org.hospay.channels.commercial.CommercialInsurer;
import org.hospay.channels.commercial.CommercialInsurer.Claim;
import org.hospay.channels.commercial.CommercialInsurer.ClaimRequest;
import org.hospay.channels.commercial.CommercialInsurer.ClaimStatus;
import org.hospay.channels.commercial.CommercialInsurer.Item;
import org.hospay.channels.commercial.CommercialInsurer.Policy;
import org.hospay.channels.commercial.CommercialInsurer.PreCalculation;
import org.hospay.channels.commercial.HttpCommercialInsurer;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.tamper.TamperProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The commercial insurer's direct claim (商保直付) over HTTP: pre-calculation, claim, duplicate claim
 * numbers, cancel (also before the claim arrived), and transport failures. Ground truth: the
 * policy's remaining limit and the ledger ({@code CLAIM}, {@code CLAIM_CANCEL}).
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommercialInsurerContractIT {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

    @LocalServerPort
    int port;

    WebClient sim;
    CommercialInsurer insurer;

    @BeforeEach
    void connect() {
        sim = WebClient.create("http://127.0.0.1:" + port);
        insurer = adapter("http://127.0.0.1:" + port, Duration.ofSeconds(5));
    }

    @AfterEach
    void clearFaults() {
        sim.delete().uri("/sim/faults/COMMERCIAL").retrieve().toBodilessEntity().block();
    }

    static CommercialInsurer adapter(String baseUrl, Duration responseTimeout) {
        return new HttpCommercialInsurer(CommercialConfig.demo(URI.create(baseUrl)).withResponseTimeout(responseTimeout), Clock.systemUTC());
    }

    record Insured(String name, String idNo, String policyNo, int ratio, long limitFen, long deductibleFen) {}

    record LedgerRow(String type, String requestId, String reference, long amountFen, String state, String receivedAt, String answeredAt) {}

    Insured insured(int ratio, long limitFen, long deductibleFen) {
        String idNo = "3702021975" + String.format("%08d", SEQ.incrementAndGet());
        String name = "投保人" + SEQ.get();
        Map<String, Object> answer = sim.post().uri("/sim/commercial/policies")
                .bodyValue(Map.of("name", name, "idNo", idNo, "coverageRatioPercent", ratio, "annualLimitFen", limitFen,
                        "deductibleFen", deductibleFen))
                .retrieve().bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {}).block();
        return new Insured(name, idNo, (String) answer.get("policyNo"), ratio, limitFen, deductibleFen);
    }

    /** A bill of {@code total} of which basic insurance paid {@code fund} + {@code account}. */
    static ClaimRequest bill(Insured i, long total, long fund, long account) {
        return new ClaimRequest(null, i.name(), i.idNo(), "BILL" + SEQ.incrementAndGet(), Money.ofFen(total), Money.ofFen(fund),
                Money.ofFen(account), List.of(new Item("DENT-RCT-01", "根管治疗", "TREATMENT", Money.ofFen(total))));
    }

    /** The policy's arithmetic, the test's own: ratio of what basic insurance left above the open deductible, rounded down, within the limit. */
    static long payable(Insured i, ClaimRequest r, long deductibleMet, long used) {
        long base = r.total().fen() - r.insuranceFund().fen() - r.personalAccount().fen();
        long above = base - Math.min(base, Math.max(0, i.deductibleFen() - deductibleMet));
        return Math.min(above * i.ratio() / 100, Math.max(0, i.limitFen() - used));
    }

    List<LedgerRow> ledger(String id) {
        return sim.get().uri("/sim/ledger?channel=COMMERCIAL").retrieve().bodyToMono(new ParameterizedTypeReference<List<LedgerRow>>() {})
                .block().stream().filter(e -> id.equals(e.requestId()) || id.equals(e.reference())).toList();
    }

    static String claimNo() {
        return "CLM-OUT-" + SEQ.incrementAndGet();
    }

    static <T> Outcome<T> outcome(Mono<Outcome<T>> call) {
        return call.block(Duration.ofSeconds(30));
    }

    static <T> T succeeded(Outcome<T> o) {
        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        return ((Outcome.Succeeded<T>) o).value();
    }

    static void assertDeclined(Outcome<?> o, String code) {
        assertThat(o).isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(code));
    }

    // ------------------------------------------------------------------ pre-calculation and claim

    @Test
    void theClaimPaysWhatThePreCalculationSaidAndBooksItOnce() {
        Insured i = insured(80, 1_000_000, 10_000);
        ClaimRequest r = bill(i, 100_000, 40_000, 10_000);
        String out = claimNo();

        PreCalculation pre = succeeded(outcome(insurer.preCalculate(r)));
        Claim claim = succeeded(outcome(insurer.claim(out, r)));
        Claim again = succeeded(outcome(insurer.claim(out, r)));

        long expected = payable(i, r, 0, 0);
        assertThat(pre.eligible()).isTrue();
        assertThat(pre.payable()).isEqualTo(Money.ofFen(expected));
        assertThat(pre.policyNo()).isEqualTo(i.policyNo());
        assertThat(claim.paid()).isEqualTo(Money.ofFen(expected));
        assertThat(claim.status()).isEqualTo(ClaimStatus.PAID);
        assertThat(again.claimNo()).isEqualTo(claim.claimNo());
        assertThat(ledger(out)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("CLAIM");
            assertThat(e.amountFen()).isEqualTo(expected);
            assertThat(e.answeredAt()).isNotNull();
        });
        assertThat(succeeded(outcome(insurer.queryClaim(out))).claimNo()).isEqualTo(claim.claimNo());
        PreCalculation next = succeeded(outcome(insurer.preCalculate(bill(i, 10_000, 0, 0))));
        assertThat(next.remainingLimit()).isEqualTo(Money.ofFen(1_000_000 - expected));
    }

    @Test
    void thePolicyIsFoundByNameAndIdNumberWithWhatIsLeftOfItsLimitAndMovesNoMoney() {
        Insured i = insured(70, 50_000, 0);
        succeeded(outcome(insurer.claim(claimNo(), bill(i, 20_000, 0, 0))));

        Policy policy = succeeded(outcome(insurer.findPolicy(i.name(), i.idNo())));

        assertThat(policy.policyNo()).isEqualTo(i.policyNo());
        assertThat(policy.coverageRatioPercent()).isEqualTo(70);
        assertThat(policy.remainingLimit()).isEqualTo(Money.ofFen(50_000 - 14_000));
        assertDeclined(outcome(insurer.findPolicy("别人", i.idNo())), "POLICY_NOT_FOUND");
        assertDeclined(outcome(insurer.findPolicy(i.name(), "370202190001010000")), "POLICY_NOT_FOUND");
        assertDeclined(outcome(insurer.findPolicy(i.name(), "")), DeclineCodes.CHANNEL_REJECTED);
        assertThat(succeeded(outcome(insurer.findPolicy(i.name(), i.idNo()))).remainingLimit())
                .as("asking moved nothing").isEqualTo(Money.ofFen(36_000));
    }

    @Test
    void aCancelGivesTheLimitBackAndIsIdempotentByItsNumber() {
        Insured i = insured(90, 1_000_000, 0);
        ClaimRequest r = bill(i, 50_000, 0, 0);
        String out = claimNo();
        Claim paid = succeeded(outcome(insurer.claim(out, r)));
        String cancelNo = claimNo();

        Claim cancelled = succeeded(outcome(insurer.cancel(cancelNo, out, "self-pay leg failed")));
        Claim again = succeeded(outcome(insurer.cancel(cancelNo, out, "self-pay leg failed")));

        assertThat(cancelled.status()).isEqualTo(ClaimStatus.CANCELLED);
        assertThat(again.status()).isEqualTo(ClaimStatus.CANCELLED);
        assertDeclined(outcome(insurer.cancel(claimNo(), out, "again")), "ALREADY_CANCELLED");
        assertThat(succeeded(outcome(insurer.preCalculate(bill(i, 10, 0, 0)))).remainingLimit()).isEqualTo(Money.ofFen(1_000_000));
        assertThat(ledger(out)).filteredOn(e -> e.type().equals("CLAIM_CANCEL")).singleElement()
                .satisfies(e -> assertThat(e.amountFen()).isEqualTo(paid.paid().fen()));
        assertThat(ledger(out)).filteredOn(e -> e.type().equals("CLAIM")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo("CANCELLED"));
    }

    @Test
    void aCancelBeforeTheClaimArrivesPreventsIt() {
        Insured i = insured(80, 1_000_000, 0);
        String out = claimNo();

        Claim prevented = succeeded(outcome(insurer.cancel(claimNo(), out, "claim timed out")));
        Outcome<Claim> late = outcome(insurer.claim(out, bill(i, 50_000, 0, 0)));

        assertThat(prevented.status()).isEqualTo(ClaimStatus.CANCELLED);
        assertThat(prevented.paid()).isEqualTo(Money.ZERO);
        assertDeclined(late, "ALREADY_CANCELLED");
        assertThat(ledger(out)).extracting(LedgerRow::type).containsExactly("CLAIM_CANCEL");
    }

    // ------------------------------------------------------------------ declines, as a table

    record Decline(String name, Supplier<Outcome<?>> call, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> declines() {
        return Stream.of(
                new Decline("no policy for this person", () -> outcome(insurer.claim(claimNo(),
                        bill(new Insured("无保单", "370202190001010000", "", 0, 0, 0), 10_000, 0, 0))), "POLICY_NOT_FOUND"),
                new Decline("nothing above the deductible", () -> {
                    Insured i = insured(80, 1_000_000, 50_000);
                    return outcome(insurer.claim(claimNo(), bill(i, 40_000, 0, 0)));
                }, "NOT_COVERED"),
                new Decline("the annual limit used up", () -> {
                    Insured i = insured(100, 10_000, 0);
                    succeeded(outcome(insurer.claim(claimNo(), bill(i, 10_000, 0, 0))));
                    return outcome(insurer.claim(claimNo(), bill(i, 10_000, 0, 0)));
                }, "LIMIT_EXHAUSTED"),
                new Decline("a claim number used for another bill", () -> {
                    Insured i = insured(80, 1_000_000, 0);
                    String out = claimNo();
                    succeeded(outcome(insurer.claim(out, bill(i, 10_000, 0, 0))));
                    return outcome(insurer.claim(out, bill(i, 20_000, 0, 0)));
                }, "DUPLICATE_REQUEST"),
                new Decline("a query of a claim that never arrived", () -> outcome(insurer.queryClaim(claimNo())), "CLAIM_NOT_FOUND")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declines")
    void eachRefusalIsADeclineWithItsOwnCode(Decline d) {
        assertDeclined(d.call().get(), d.code());
    }

    // ------------------------------------------------------------------ transport

    @Test
    void aClaimWhoseAnswerIsLostIsUnknownAndTheQueryFindsItPaid() {
        Insured i = insured(80, 1_000_000, 0);
        String out = claimNo();
        sim.put().uri("/sim/faults/COMMERCIAL").bodyValue(Map.of("timeoutRate", 1.0)).retrieve().toBodilessEntity().block();

        Outcome<Claim> lost = outcome(adapter("http://127.0.0.1:" + port, Duration.ofSeconds(1)).claim(out, bill(i, 10_000, 0, 0)));
        clearFaults();

        assertThat(lost).isInstanceOf(Outcome.Unknown.class);
        assertThat(ledger(out)).singleElement().satisfies(e -> assertThat(e.answeredAt()).as("never answered").isNull());
        assertThat(succeeded(outcome(insurer.queryClaim(out))).status()).isEqualTo(ClaimStatus.PAID);
    }

    @Test
    void aSystemErrorIsUnknownAndTheQueryFindsNothing() {
        Insured i = insured(80, 1_000_000, 0);
        String out = claimNo();
        sim.put().uri("/sim/faults/COMMERCIAL").bodyValue(Map.of("errorRate", 1.0)).retrieve().toBodilessEntity().block();

        Outcome<Claim> failed = outcome(insurer.claim(out, bill(i, 10_000, 0, 0)));
        clearFaults();

        assertThat(failed).isInstanceOf(Outcome.Unknown.class);
        assertDeclined(outcome(insurer.queryClaim(out)), "CLAIM_NOT_FOUND");
    }

    @Test
    void aSlowAnswerIsUnknownButTheClaimWasPaid() {
        Insured i = insured(80, 1_000_000, 0);
        String out = claimNo();
        sim.put().uri("/sim/faults/COMMERCIAL").bodyValue(Map.of("latencyMs", 1_500)).retrieve().toBodilessEntity().block();

        Outcome<Claim> slow = outcome(adapter("http://127.0.0.1:" + port, Duration.ofSeconds(1)).claim(out, bill(i, 10_000, 0, 0)));
        clearFaults();

        assertThat(slow).isInstanceOf(Outcome.Unknown.class);
        assertThat(succeeded(outcome(insurer.queryClaim(out))).status()).isEqualTo(ClaimStatus.PAID);
    }

    @Test
    void anUnreachableInsurerIsADeclineBecauseNothingWasSent() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertDeclined(outcome(adapter("http://127.0.0.1:" + closed, Duration.ofSeconds(1)).queryClaim("x")), "CHANNEL_UNAVAILABLE");
    }

    @Test
    void aClaimWithOneChangedByteIsRefusedAndNothingIsPaid() {
        Insured i = insured(80, 1_000_000, 0);
        String out = claimNo();
        try (TamperProxy proxy = TamperProxy.requests("http://127.0.0.1:" + port, "\"totalFen\"")) {
            Outcome<Claim> o = outcome(adapter(proxy.baseUrl(), Duration.ofSeconds(5)).claim(out, bill(i, 10_000, 0, 0)));

            assertThat(proxy.tampered()).isEqualTo(1);
            assertDeclined(o, "SIGNATURE_REJECTED");
        }
        assertThat(ledger(out)).isEmpty();
    }

    @Test
    void anAnswerWithOneChangedByteIsNotTrusted() {
        Insured i = insured(80, 1_000_000, 0);
        String out = claimNo();
        try (TamperProxy proxy = TamperProxy.answers("http://127.0.0.1:" + port, "\"paidFen\"")) {
            Outcome<Claim> o = outcome(adapter(proxy.baseUrl(), Duration.ofSeconds(5)).claim(out, bill(i, 10_000, 0, 0)));

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(o).isInstanceOf(Outcome.Unknown.class);
        }
        assertThat(ledger(out)).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("SUCCESS"));
    }

    // ------------------------------------------------------------------ daily claim statement

    static List<Statement.Line> statement(CommercialInsurer insurer) {
        return ((Statements) insurer).statement(LocalDate.now(ZoneId.of("Asia/Shanghai"))).collectList().block(Duration.ofSeconds(30));
    }

    @Test
    void theDailyClaimStatementListsTheDaysClaimsAndTheCancelsThatGaveMoneyBack() {
        Insured i = insured(80, 1_000_000, 0);
        String kept = claimNo(), cancelled = claimNo(), cancelNo = claimNo(), neverArrived = claimNo();
        Claim a = succeeded(outcome(insurer.claim(kept, bill(i, 10_000, 2_000, 0))));
        Claim b = succeeded(outcome(insurer.claim(cancelled, bill(i, 20_000, 0, 0))));
        succeeded(outcome(insurer.cancel(cancelNo, cancelled, "refund")));
        succeeded(outcome(insurer.cancel(claimNo(), neverArrived, "claim timed out")));

        List<Statement.Line> lines = statement(insurer);

        assertThat(lines).filteredOn(l -> List.of(kept, cancelled, neverArrived).contains(l.outTradeNo()))
                .extracting(Statement.Line::kind, Statement.Line::outTradeNo, Statement.Line::channelRef, Statement.Line::outRefundNo, Statement.Line::amount)
                .containsExactlyInAnyOrder(
                        tuple(Statement.Kind.PAYMENT, kept, a.claimNo(), null, a.paid()),
                        // Listed as paid: its money moved today, and the cancel gave it back today.
                        tuple(Statement.Kind.PAYMENT, cancelled, b.claimNo(), null, b.paid()),
                        tuple(Statement.Kind.REFUND, cancelled, b.claimNo(), cancelNo, b.paid()));
    }

    @Test
    void aClaimStatementWithOneChangedByteEndsInErrorSoNothingOfItIsKept() {
        Insured i = insured(80, 1_000_000, 0);
        succeeded(outcome(insurer.claim(claimNo(), bill(i, 10_000, 0, 0))));
        try (TamperProxy proxy = TamperProxy.answers("http://127.0.0.1:" + port, "CLAIM,")) {
            CommercialInsurer tampered = adapter(proxy.baseUrl(), Duration.ofSeconds(5));

            assertThatThrownBy(() -> statement(tampered)).isInstanceOfSatisfying(StatementUnavailable.class,
                    e -> assertThat(e.outcome()).isInstanceOf(Outcome.Unknown.class));
            assertThat(proxy.tampered()).isEqualTo(1);
        }
    }
}
