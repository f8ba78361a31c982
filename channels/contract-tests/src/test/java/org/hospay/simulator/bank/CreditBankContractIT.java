package org.hospay.simulator.bank;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.bank.BankConfig;
import org.hospay.channels.bank.CreditBank;
import org.hospay.channels.bank.CreditBank.BatchReceipt;
import org.hospay.channels.bank.CreditBank.BatchResult;
import org.hospay.channels.bank.CreditBank.Consumption;
import org.hospay.channels.bank.CreditBank.ConsumptionBatch;
import org.hospay.channels.bank.CreditBank.CustomerState;
import org.hospay.channels.bank.CreditBank.CustomerStatus;
import org.hospay.channels.bank.CreditBank.LineResult;
import org.hospay.channels.bank.CreditBank.ResultLine;
import org.hospay.channels.bank.HttpCreditBank;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.tamper.TamperProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The bank adapter's contract over HTTP: customer status, the day's consumption file out and the
 * result file back (available {@code sim.bank.result-delay} after submission, so a fetch first sees
 * PROCESSING), re-runs, and transport failures. Ground truth: the customers' debit balances and the
 * ledger ({@code BATCH_DEBIT} per consumption).
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sim.bank.result-delay=2s")
class CreditBankContractIT {

    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

    @LocalServerPort
    int port;

    WebClient sim;
    CreditBank bank;

    @BeforeEach
    void connect() {
        sim = WebClient.create("http://127.0.0.1:" + port);
        bank = adapter("http://127.0.0.1:" + port, Duration.ofSeconds(5));
    }

    @AfterEach
    void clearFaults() {
        sim.delete().uri("/sim/faults/BANK").retrieve().toBodilessEntity().block();
    }

    static CreditBank adapter(String baseUrl, Duration responseTimeout) {
        BankConfig d = BankConfig.demo(URI.create(baseUrl));
        Duration connect = d.connectTimeout().compareTo(responseTimeout) > 0 ? responseTimeout : d.connectTimeout();
        return new HttpCreditBank(new BankConfig(d.baseUrl(), d.merchantNo(), d.secret(), connect, responseTimeout), Clock.systemUTC());
    }

    record Customer(String customerNo, String idNo, String name) {}

    record CustomerView(String customerNo, String name, String status, long creditLineFen, long availableFen, long accountBalanceFen,
                        int overdueCount) {}

    record LedgerRow(String type, String requestId, String reference, long amountFen, String state) {}

    Customer customer(String status, long balanceFen) {
        String idNo = "3702021980" + String.format("%08d", SEQ.incrementAndGet());
        String name = "客户" + SEQ.get();
        Map<String, Object> answer = sim.post().uri("/sim/bank/customers")
                .bodyValue(Map.of("idNo", idNo, "name", name, "status", status, "accountBalanceFen", balanceFen, "creditLineFen", 500_000))
                .retrieve().bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {}).block();
        return new Customer((String) answer.get("customerNo"), idNo, name);
    }

    long balance(Customer c) {
        return sim.get().uri("/sim/bank/customers/{c}", c.customerNo()).retrieve().bodyToMono(CustomerView.class).block().accountBalanceFen();
    }

    List<LedgerRow> debits(String consumptionId) {
        return sim.get().uri("/sim/ledger?channel=BANK").retrieve().bodyToMono(new ParameterizedTypeReference<List<LedgerRow>>() {})
                .block().stream().filter(e -> e.requestId().equals(consumptionId)).toList();
    }

    static String id(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    static Consumption consumption(Customer c, long fen) {
        return new Consumption(id("CONS"), c.customerNo(), Money.ofFen(fen), LocalDateTime.of(2026, 11, 23, 10, 15), id("BILL"));
    }

    static ConsumptionBatch batch(List<Consumption> lines) {
        return new ConsumptionBatch("HOSPAY-DEMO-BANK", id("B20261123-"), LocalDate.of(2026, 11, 23), LocalDateTime.of(2026, 11, 24, 0, 0),
                lines);
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

    /** Fetches until the result file is there: every 200 ms, at most 50 times. */
    BatchResult awaitResult(String batchNo) {
        Outcome<BatchResult> o = Mono.defer(() -> bank.fetchResult(batchNo))
                .filter(r -> !(r instanceof Outcome.Pending))
                .repeatWhenEmpty(50, attempts -> attempts.delayElements(Duration.ofMillis(200)))
                .block(Duration.ofSeconds(30));
        return succeeded(o);
    }

    // ------------------------------------------------------------------ customer status

    @Test
    void theBankKnowsItsCustomersAndTheirStanding() {
        Customer active = customer("ACTIVE", 0);
        Customer frozen = customer("FROZEN", 0);

        CustomerStatus a = succeeded(outcome(bank.customerStatus(active.idNo(), active.name())));
        CustomerStatus f = succeeded(outcome(bank.customerStatus(frozen.idNo(), frozen.name())));

        assertThat(a.customerNo()).isEqualTo(active.customerNo());
        assertThat(a.state()).isEqualTo(CustomerState.ACTIVE);
        assertThat(a.creditLine()).isEqualTo(Money.ofFen(500_000));
        assertThat(f.state()).isEqualTo(CustomerState.FROZEN);
    }

    @Test
    void aStrangerOrAWrongNameIsNoSuchCustomer() {
        Customer c = customer("ACTIVE", 0);

        assertDeclined(outcome(bank.customerStatus("370202199912310000", "无名")), "NO_SUCH_CUSTOMER");
        assertDeclined(outcome(bank.customerStatus(c.idNo(), "别人")), "NO_SUCH_CUSTOMER");
    }

    // ------------------------------------------------------------------ the daily batch

    @Test
    void aDaysFileIsDeductedLineByLineAndTheResultFileComesBackLater() {
        Customer rich = customer("ACTIVE", 100_000);
        Customer poor = customer("ACTIVE", 1_000);
        Customer frozen = customer("FROZEN", 100_000);
        var ok = consumption(rich, 23_450);
        var short_ = consumption(poor, 5_000);
        var blocked = consumption(frozen, 700);
        var stranger = new Consumption(id("CONS"), "BC-NO-SUCH", Money.ofFen(100), LocalDateTime.of(2026, 11, 23, 11, 0), id("BILL"));
        ConsumptionBatch b = batch(List.of(ok, short_, blocked, stranger));

        BatchReceipt receipt = succeeded(outcome(bank.submitBatch(b)));
        Outcome<BatchResult> early = outcome(bank.fetchResult(b.batchNo()));
        BatchResult result = awaitResult(b.batchNo());

        assertThat(receipt.recordCount()).isEqualTo(4);
        assertThat(receipt.total()).isEqualTo(b.total());
        assertThat(early).isInstanceOf(Outcome.Pending.class);
        assertThat(result.batchNo()).isEqualTo(b.batchNo());
        assertThat(result.lines()).extracting(ResultLine::result).containsExactly(
                LineResult.DEDUCTED, LineResult.INSUFFICIENT_FUNDS, LineResult.ACCOUNT_BLOCKED, LineResult.NO_SUCH_CUSTOMER);
        assertThat(result.deducted()).isEqualTo(Money.ofFen(23_450));
        assertThat(balance(rich)).isEqualTo(100_000 - 23_450);
        assertThat(balance(poor)).isEqualTo(1_000);
        assertThat(debits(ok.consumptionId())).singleElement().satisfies(e -> {
            assertThat(e.amountFen()).isEqualTo(23_450);
            assertThat(e.state()).isEqualTo("DEDUCTED");
        });
        assertThat(debits(short_.consumptionId())).singleElement().satisfies(e -> assertThat(e.amountFen()).isZero());
    }

    @Test
    void submittingTheSameBatchAgainChangesNothing() {
        Customer c = customer("ACTIVE", 100_000);
        ConsumptionBatch b = batch(List.of(consumption(c, 10_000), consumption(c, 2_000)));
        succeeded(outcome(bank.submitBatch(b)));
        BatchResult first = awaitResult(b.batchNo());

        BatchReceipt again = succeeded(outcome(bank.submitBatch(b)));
        BatchResult second = awaitResult(b.batchNo());

        assertThat(again.recordCount()).isEqualTo(2);
        assertThat(second).isEqualTo(first);
        assertThat(balance(c)).isEqualTo(100_000 - 12_000);
    }

    @Test
    void theSameBatchNumberWithAnotherFileIsRefused() {
        Customer c = customer("ACTIVE", 100_000);
        ConsumptionBatch b = batch(List.of(consumption(c, 10_000)));
        succeeded(outcome(bank.submitBatch(b)));
        var other = new ConsumptionBatch(b.merchantNo(), b.batchNo(), b.batchDate(), b.cutoff(), List.of(consumption(c, 9_999)));

        assertDeclined(outcome(bank.submitBatch(other)), "DUPLICATE_BATCH");
        assertThat(balance(c)).isEqualTo(100_000 - 10_000);
    }

    @Test
    void aReRunDeductsOnlyWhatFailedBefore() {
        Customer c = customer("ACTIVE", 5_000);
        var paid = consumption(c, 4_000);
        var unpaid = consumption(c, 3_000);
        ConsumptionBatch monday = batch(List.of(paid, unpaid));
        succeeded(outcome(bank.submitBatch(monday)));
        assertThat(awaitResult(monday.batchNo()).lines()).extracting(ResultLine::result)
                .containsExactly(LineResult.DEDUCTED, LineResult.INSUFFICIENT_FUNDS);
        sim.post().uri("/sim/bank/customers/{c}/deposits", c.customerNo()).bodyValue(Map.of("amountFen", 10_000)).retrieve()
                .toBodilessEntity().block();

        ConsumptionBatch rerun = batch(List.of(paid, unpaid));
        succeeded(outcome(bank.submitBatch(rerun)));
        BatchResult result = awaitResult(rerun.batchNo());

        assertThat(result.lines()).extracting(ResultLine::result).containsExactly(LineResult.DEDUCTED, LineResult.DEDUCTED);
        assertThat(balance(c)).isEqualTo(5_000 + 10_000 - 4_000 - 3_000);
        assertThat(debits(paid.consumptionId())).singleElement().satisfies(e -> assertThat(e.amountFen()).isEqualTo(4_000));
        assertThat(debits(unpaid.consumptionId())).singleElement().satisfies(e -> assertThat(e.amountFen()).isEqualTo(3_000));
    }

    @Test
    void aCreditRefundRecordCreditsADeductedConsumptionBackOnceAndOneTheBankNeverSawIsAnswered25() {
        Customer c = customer("ACTIVE", 50_000);
        var taken = consumption(c, 8_000);
        ConsumptionBatch monday = batch(List.of(taken));
        succeeded(outcome(bank.submitBatch(monday)));
        awaitResult(monday.batchNo());
        var refund = new CreditBank.Refund(id("RF"), c.customerNo(), Money.ofFen(3_000), LocalDateTime.of(2026, 11, 24, 9, 0),
                taken.consumptionId());
        var stranger = new CreditBank.Refund(id("RF"), c.customerNo(), Money.ofFen(1_000), LocalDateTime.of(2026, 11, 24, 9, 5), id("CONS"));

        ConsumptionBatch tuesday = new ConsumptionBatch("HOSPAY-DEMO-BANK", id("B20261124-"), LocalDate.of(2026, 11, 24),
                LocalDateTime.of(2026, 11, 25, 0, 0), List.of(), List.of(refund, stranger));
        succeeded(outcome(bank.submitBatch(tuesday)));
        BatchResult result = awaitResult(tuesday.batchNo());

        assertThat(result.lines()).allSatisfy(l -> assertThat(l.refund()).isTrue());
        assertThat(result.lines()).extracting(ResultLine::result).containsExactly(LineResult.DEDUCTED, LineResult.NO_SUCH_DEDUCTION);
        assertThat(result.credited()).isEqualTo(Money.ofFen(3_000));
        assertThat(balance(c)).isEqualTo(50_000 - 8_000 + 3_000);

        ConsumptionBatch again = new ConsumptionBatch("HOSPAY-DEMO-BANK", id("B20261125-"), LocalDate.of(2026, 11, 25),
                LocalDateTime.of(2026, 11, 26, 0, 0), List.of(), List.of(refund));
        succeeded(outcome(bank.submitBatch(again)));
        assertThat(awaitResult(again.batchNo()).lines().getFirst().message()).isEqualTo("credited earlier");
        assertThat(balance(c)).as("credited once").isEqualTo(50_000 - 8_000 + 3_000);
    }

    @Test
    void aBatchTheBankNeverReceivedHasNoResult() {
        assertDeclined(outcome(bank.fetchResult("B-NEVER-SENT")), "BATCH_NOT_FOUND");
    }

    // ------------------------------------------------------------------ transport

    @Test
    void aSubmissionWhoseAnswerIsLostIsUnknownAndSubmittingAgainDeductsOnce() {
        Customer c = customer("ACTIVE", 100_000);
        ConsumptionBatch b = batch(List.of(consumption(c, 10_000)));
        sim.put().uri("/sim/faults/BANK").bodyValue(Map.of("timeoutRate", 1.0)).retrieve().toBodilessEntity().block();

        Outcome<BatchReceipt> lost = outcome(adapter("http://127.0.0.1:" + port, Duration.ofSeconds(1)).submitBatch(b));
        clearFaults();
        succeeded(outcome(bank.submitBatch(b)));

        assertThat(lost).isInstanceOf(Outcome.Unknown.class);
        assertThat(awaitResult(b.batchNo()).deducted()).isEqualTo(Money.ofFen(10_000));
        assertThat(balance(c)).isEqualTo(90_000);
    }

    @Test
    void aSystemErrorIsUnknownAndNothingWasDeducted() {
        Customer c = customer("ACTIVE", 100_000);
        ConsumptionBatch b = batch(List.of(consumption(c, 10_000)));
        sim.put().uri("/sim/faults/BANK").bodyValue(Map.of("errorRate", 1.0)).retrieve().toBodilessEntity().block();

        Outcome<BatchReceipt> failed = outcome(bank.submitBatch(b));
        clearFaults();

        assertThat(failed).isInstanceOf(Outcome.Unknown.class);
        assertThat(balance(c)).isEqualTo(100_000);
        assertDeclined(outcome(bank.fetchResult(b.batchNo())), "BATCH_NOT_FOUND");
    }

    @Test
    void anUnreachableBankIsADeclineBecauseNothingWasSent() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertDeclined(outcome(adapter("http://127.0.0.1:" + closed, Duration.ofSeconds(1)).customerStatus("x", "y")),
                "CHANNEL_UNAVAILABLE");
    }

    @Test
    void aFileWithOneChangedByteIsRefusedAndNothingIsDeducted() {
        Customer c = customer("ACTIVE", 100_000);
        ConsumptionBatch b = batch(List.of(consumption(c, 10_000)));
        try (TamperProxy proxy = TamperProxy.requests("http://127.0.0.1:" + port, "\nD")) {
            Outcome<BatchReceipt> o = outcome(adapter(proxy.baseUrl(), Duration.ofSeconds(5)).submitBatch(b));

            assertThat(proxy.tampered()).isEqualTo(1);
            assertDeclined(o, "SIGNATURE_REJECTED");
        }
        assertThat(balance(c)).isEqualTo(100_000);
    }

    @Test
    void anAnswerWithOneChangedByteIsNotTrusted() {
        Customer c = customer("ACTIVE", 100_000);
        try (TamperProxy proxy = TamperProxy.answers("http://127.0.0.1:" + port, "\"creditLineFen\"")) {
            Outcome<CustomerStatus> o = outcome(adapter(proxy.baseUrl(), Duration.ofSeconds(5)).customerStatus(c.idNo(), c.name()));

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(o).isInstanceOf(Outcome.Unknown.class);
        }
    }
}
