package org.hospay.simulator.insurance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hospay.simulator.insurance.InsuranceSimClient.await;
import static org.hospay.simulator.insurance.InsuranceSimClient.item;
import static org.hospay.simulator.insurance.InsuranceSimClient.outcome;
import static org.hospay.simulator.insurance.InsuranceSimClient.registration;
import static org.hospay.simulator.insurance.InsuranceSimClient.settleRequest;
import static org.hospay.simulator.insurance.InsuranceSimClient.treatment;

import java.net.ServerSocket;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.HttpInsurancePlatform;
import org.hospay.channels.insurance.InsuranceConfig;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.Cancellation;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeUploadRequest;
import org.hospay.channels.insurance.InsurancePlatform.MobileFeeUpload;
import org.hospay.channels.insurance.InsurancePlatform.MobileOrder;
import org.hospay.channels.insurance.InsurancePlatform.MobilePayment;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefund;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefundRequest;
import org.hospay.channels.insurance.InsurancePlatform.OrderStatus;
import org.hospay.channels.insurance.InsurancePlatform.Person;
import org.hospay.channels.insurance.InsurancePlatform.RefundType;
import org.hospay.channels.insurance.InsurancePlatform.Reversal;
import org.hospay.channels.insurance.InsurancePlatform.Settlement;
import org.hospay.channels.insurance.InsurancePlatform.StatementCheck;
import org.hospay.channels.insurance.InsurancePlatform.StatementLine;
import org.hospay.channels.insurance.InsurancePlatform.StatementTotals;
import org.hospay.code.DemoKeys;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.insurance.InsuranceSimClient.LedgerRow;
import org.hospay.simulator.insurance.InsuranceSimClient.Patient;
import org.hospay.simulator.insurance.InsuranceSimClient.Visit;
import org.hospay.simulator.tamper.TamperProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * The insurance adapter's contract, over HTTP: the real {@link HttpInsurancePlatform} (SM2-signed
 * envelopes) against the simulator on a random port. Ground truth for "moved once" is the platform's
 * side: the person's account balance and annual usage ({@code /sim/insurance/persons/{psnNo}}) and
 * the ledger ({@code /sim/ledger?channel=INSURANCE}).
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(InsurancePlatformContractIT.ClockConfig.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InsurancePlatformContractIT {

    static final PublicKey PLATFORM_KEY = DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic();
    /** Shorter than the injected latency and hang below: those calls end Unknown. */
    static final Duration SHORT_TIMEOUT = Duration.ofSeconds(1);

    /** The simulator's clock, shiftable so a token can expire without waiting. */
    static final class ShiftableClock extends Clock {
        private final AtomicReference<Duration> shift;
        private final ZoneId zone;

        ShiftableClock(AtomicReference<Duration> shift, ZoneId zone) {
            this.shift = shift;
            this.zone = zone;
        }

        void shift(Duration by) {
            shift.set(by);
        }

        @Override
        public ZoneId getZone() {
            return zone;
        }

        @Override
        public Clock withZone(ZoneId z) {
            return new ShiftableClock(shift, z);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(shift.get());
        }
    }

    @TestConfiguration
    static class ClockConfig {
        @Bean
        @Primary
        ShiftableClock shiftableClock() {
            return new ShiftableClock(new AtomicReference<>(Duration.ZERO), ZoneId.systemDefault());
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    ShiftableClock simClock;
    @Autowired
    InsuranceSimProperties simProperties;

    InsuranceSimClient sim;
    InsurancePlatform platform;

    @BeforeEach
    void connect() {
        sim = new InsuranceSimClient(port);
        // one adapter for the whole class: its msgid generator is what keeps msgids unique (one node, one sequence)
        if (platform == null) platform = adapter("http://127.0.0.1:" + port, Duration.ofSeconds(5));
        sim.hospital("TERTIARY", "DENTAL");
    }

    @AfterEach
    void restore() {
        sim.clearFault();
        simClock.shift(Duration.ZERO);
        sim.hospital("TERTIARY", "DENTAL");
    }

    static InsurancePlatform adapter(String baseUrl, Duration responseTimeout) {
        InsuranceConfig config = InsuranceConfig.demo(URI.create(baseUrl), PLATFORM_KEY);
        return new HttpInsurancePlatform(config.withResponseTimeout(responseTimeout), Clock.systemUTC());
    }

    Patient employee(long balanceFen) {
        return sim.patient(platform, InsurancePlatform.INSUTYPE_EMPLOYEE, balanceFen, true);
    }

    Visit visit(Patient p, long... treatmentFen) {
        return sim.visit(platform, p, Stream.of(treatmentFen).flatMapToLong(java.util.Arrays::stream).mapToObj(InsuranceSimClient::treatment).toList());
    }

    static void assertDeclined(Outcome<?> outcome, String code) {
        assertThat(outcome).isInstanceOf(Outcome.Declined.class);
        assertThat(((Outcome.Declined<?>) outcome).code()).isEqualTo(code);
    }

    // ================================================================== identification

    @Test
    void anEVoucherTokenAndAnIdNumberFindTheSamePerson() {
        Patient p = employee(12_345);

        Person byId = await(platform.personInfo(CertType.ID_NUMBER, p.idNo(), p.name()));

        assertThat(p.person().psnNo()).isEqualTo(byId.psnNo());
        assertThat(p.person().primary().accountBalance()).isEqualTo(Money.ofFen(12_345));
        assertThat(p.person().primary().insutype()).isEqualTo("310");
        assertThat(p.insured().insuplcAdmdvs()).isEqualTo("370200");
        assertThat(byId.certNo()).isEqualTo(p.idNo());
    }

    @Test
    void anAggregatedCodeCarriesAFreshPaymentCodeOfThePersonsWallet() {
        Patient p = employee(0);

        var first = sim.voucher(p.psnNo(), "WECHAT");
        var second = sim.voucher(p.psnNo(), "WECHAT");

        assertThat(first.field(2)).isEqualTo("W");
        assertThat(first.paymentAuth()).matches("1[0-5]\\d{16}");
        assertThat(second.walletId()).isEqualTo(first.walletId());
        assertThat(second.paymentAuth()).isNotEqualTo(first.paymentAuth());
        assertThat(Instant.parse(first.expiresAt())).isAfter(Instant.now());
        assertThat(await(platform.personInfo(CertType.EVOUCHER_TOKEN, second.token(), null)).psnNo()).isEqualTo(p.psnNo());
        assertThat(sim.sim.get().uri("/sim/wallets/{w}", first.walletId()).retrieve().toBodilessEntity().block().getStatusCode().value())
                .isEqualTo(200);
    }

    @Test
    void registeringAPersonAgainResetsTheirTestDataButAnotherNameIsRefused() {
        String idNo = InsuranceSimClient.randomIdNo();
        String psnNo = sim.addPerson("复测", idNo, "310", 1_000, true);

        String again = sim.addPerson("复测", idNo, "390", 2_000, false);
        var status = sim.sim.post().uri("/sim/insurance/persons")
                .bodyValue(Map.of("name", "别人", "idNo", idNo, "insutype", "310")).exchangeToMono(r -> Mono.just(r.statusCode().value()))
                .block();

        assertThat(again).isEqualTo(psnNo);
        var person = sim.person(psnNo);
        assertThat(person.insutype()).isEqualTo("390");
        assertThat(person.accountBalanceFen()).isEqualTo(2_000);
        assertThat(person.pooledSigned()).isFalse();
        assertThat(status).isEqualTo(409);
    }

    // ================================================================== the declines, as a table

    record Decline(String name, Supplier<Outcome<?>> call, String code) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Arguments> declines() {
        return Stream.of(
                new Decline("1101 an ID number the platform does not know",
                        () -> outcome(platform.personInfo(CertType.ID_NUMBER, InsuranceSimClient.randomIdNo(), null)), "PERSON_NOT_FOUND"),
                new Decline("1101 an e-voucher token the platform never issued",
                        () -> outcome(platform.personInfo(CertType.EVOUCHER_TOKEN, "0".repeat(40), null)), "INVALID_CREDENTIAL"),
                new Decline("1101 an expired e-voucher token", () -> {
                    Patient p = employee(0);
                    String token = sim.voucher(p.psnNo(), null).token();
                    simClock.shift(simProperties.tokenValidity().plusMinutes(1));
                    return outcome(platform.personInfo(CertType.EVOUCHER_TOKEN, token, null));
                }, "CREDENTIAL_EXPIRED"),
                new Decline("1101 a name that does not match the ID number", () -> {
                    Patient p = employee(0);
                    return outcome(platform.personInfo(CertType.ID_NUMBER, p.idNo(), "别人"));
                }, "INVALID_CREDENTIAL"),
                new Decline("2201 during an inpatient stay", () -> {
                    Patient p = employee(0);
                    sim.inpatient(p.psnNo(), true);
                    return outcome(platform.register(platform.newMsgId(), registration(p)));
                }, "IN_HOSPITAL"),
                new Decline("2207 after admission to hospital", () -> {
                    Patient p = employee(0);
                    Visit v = visit(p, 10_000);
                    sim.inpatient(p.psnNo(), true);
                    return outcome(platform.settle(platform.newMsgId(), settleRequest(v, true)));
                }, "IN_HOSPITAL"),
                new Decline("2201 for an insurance the person does not hold", () -> {
                    Patient p = employee(0);
                    var r = registration(p);
                    return outcome(platform.register(platform.newMsgId(), new InsurancePlatform.RegisterRequest(r.insured(), "390",
                            r.certType(), r.certNo(), r.iptOtpNo(), r.begntime(), r.deptCode(), r.deptName(), r.drNo(), r.drName())));
                }, "NOT_INSURED"),
                new Decline("2204 for a visit that does not exist", () -> {
                    Patient p = employee(0);
                    return outcome(platform.uploadFees(platform.newMsgId(),
                            new FeeUploadRequest(p.insured(), "MD-NO-SUCH-VISIT", "CB1", List.of(treatment(100)))));
                }, "VISIT_NOT_FOUND"),
                new Decline("2206 with a total that differs from the uploaded fees", () -> {
                    Visit v = visit(employee(0), 10_000);
                    var r = settleRequest(v, true);
                    return outcome(platform.preSettle(platform.newMsgId(), new InsurancePlatform.SettleRequest(r.insured(), r.certType(),
                            r.certNo(), r.medType(), r.insutype(), r.mdtrtId(), r.chrgBchno(), Money.ofFen(10_001), true)));
                }, "AMOUNT_MISMATCH"),
                new Decline("2207 of a settled batch again, under a new msgid", () -> {
                    Visit v = visit(employee(0), 10_000);
                    await(platform.settle(platform.newMsgId(), settleRequest(v, true)));
                    return outcome(platform.settle(platform.newMsgId(), settleRequest(v, true)));
                }, "DUPLICATE_SETTLEMENT"),
                new Decline("2207 under a msgid already used for another request", () -> {
                    Visit v = visit(employee(0), 10_000);
                    String msgid = platform.newMsgId();
                    await(platform.settle(msgid, settleRequest(v, true)));
                    return outcome(platform.settle(msgid, settleRequest(v, false)));
                }, "DUPLICATE_REQUEST_ID"),
                new Decline("2207 arriving after its own reversal", () -> {
                    Visit v = visit(employee(0), 10_000);
                    String msgid = platform.newMsgId();
                    await(platform.reverse(platform.newMsgId(), msgid, "2207", v.patient().insured()));
                    return outcome(platform.settle(msgid, settleRequest(v, true)));
                }, "REVERSED"),
                new Decline("2208 of a settlement that does not exist", () -> {
                    Visit v = visit(employee(0), 10_000);
                    return outcome(platform.cancelSettlement(platform.newMsgId(), v.patient().insured(), v.mdtrtId(), "ST-NO-SUCH"));
                }, "SETTLEMENT_NOT_FOUND"),
                new Decline("2208 of a settlement already cancelled", () -> {
                    Visit v = visit(employee(0), 10_000);
                    Settlement s = await(platform.settle(platform.newMsgId(), settleRequest(v, true)));
                    await(platform.cancelSettlement(platform.newMsgId(), v.patient().insured(), v.mdtrtId(), s.setlId()));
                    return outcome(platform.cancelSettlement(platform.newMsgId(), v.patient().insured(), v.mdtrtId(), s.setlId()));
                }, "ALREADY_CANCELLED"),
                new Decline("2601 of a query, which cannot be reversed", () -> {
                    Patient p = employee(0);
                    return outcome(platform.reverse(platform.newMsgId(), platform.newMsgId(), "1101", p.insured()));
                }, "CHANNEL_REJECTED"),
                new Decline("5203 of a visit that does not exist", () -> {
                    Patient p = employee(0);
                    return outcome(platform.querySettlements(platform.newMsgId(), p.insured(), "MD-NO-SUCH-VISIT"));
                }, "VISIT_NOT_FOUND"),
                new Decline("6202 of an order that does not exist",
                        () -> outcome(platform.mobilePay(platform.newMsgId(), "ORD-NO-SUCH", "token", "")), "ORDER_NOT_FOUND"),
                new Decline("6203 of more than the fund paid", () -> {
                    MobileOrder o = mobileOrder(employee(0), 100_000);
                    await(platform.mobilePay(platform.newMsgId(), o.payOrdId(), o.payToken(), ""));
                    Money tooMuch = o.fundPay().plus(Money.ofFen(1));
                    return outcome(platform.mobileRefund(platform.newMsgId(), refund(o, RefundType.HI, tooMuch, Money.ZERO, Money.ZERO)));
                }, "REFUND_EXCEEDS_PAID"),
                new Decline("6401 of an order already paid", () -> {
                    MobileOrder o = mobileOrder(employee(0), 10_000);
                    await(platform.mobilePay(platform.newMsgId(), o.payOrdId(), o.payToken(), ""));
                    return outcome(platform.mobileRevoke(platform.newMsgId(), o.payOrdId(), o.payToken()));
                }, "ORDER_STATE_CONFLICT"),
                new Decline("a msgid not shaped fixmedins_code + time + seq",
                        () -> outcome(platform.personInfo("H37020200001-not-a-msgid", CertType.ID_NUMBER, "x", null)), "CHANNEL_REJECTED")
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("declines")
    void eachRefusalOfThePlatformIsADeclineWithItsOwnCode(Decline d) {
        assertDeclined(d.call().get(), d.code());
    }

    // ================================================================== settle, duplicates, query

    @Test
    void aVisitIsRegisteredUploadedPreSettledAndSettledOnce() {
        Patient p = employee(5_000);
        Visit v = visit(p, 100_000, 20_000);
        String msgid = platform.newMsgId();

        Settlement preview = await(platform.preSettle(platform.newMsgId(), settleRequest(v, true)));
        Settlement settled = await(platform.settle(msgid, settleRequest(v, true)));
        Settlement again = await(platform.settle(msgid, settleRequest(v, true)));

        assertThat(settled.medfeeSumamt()).isEqualTo(Money.ofFen(120_000));
        assertThat(settled.fundPaySumamt().plus(settled.acctPay()).plus(settled.psnCashPay())).isEqualTo(settled.medfeeSumamt());
        assertThat(List.of(settled.fundPaySumamt(), settled.acctPay(), settled.psnCashPay()))
                .isEqualTo(List.of(preview.fundPaySumamt(), preview.acctPay(), preview.psnCashPay()));
        assertThat(settled.medinsSetlId()).isEqualTo(msgid);
        assertThat(again.setlId()).isEqualTo(settled.setlId());
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(5_000 - settled.acctPay().fen());
        assertThat(sim.ledger(msgid)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("SETTLEMENT");
            assertThat(e.amountFen()).isEqualTo(settled.insurancePay().fen());
            assertThat(e.state()).isEqualTo("SUCCESS");
            assertThat(Instant.parse(e.answeredAt())).isAfterOrEqualTo(Instant.parse(e.receivedAt()));
        });
        List<Settlement> found = await(platform.querySettlements(platform.newMsgId(), p.insured(), v.mdtrtId()));
        assertThat(InsurancePlatform.madeBy(msgid, found)).hasValueSatisfying(s -> {
            assertThat(s.setlId()).isEqualTo(settled.setlId());
            assertThat(s.valid()).isTrue();
        });
    }

    @Test
    void aLostAnswerIsUnknownAndTheQueryFindsTheSettlement() {
        Patient p = employee(5_000);
        Visit v = visit(p, 50_000);
        String msgid = platform.newMsgId();
        sim.fault(Map.of("timeoutRate", 1.0));

        Outcome<Settlement> lost = outcome(adapter("http://127.0.0.1:" + port, SHORT_TIMEOUT).settle(msgid, settleRequest(v, true)));
        sim.clearFault();

        assertThat(lost).isInstanceOf(Outcome.Unknown.class);
        assertThat(sim.ledger(msgid)).singleElement().satisfies(e -> {
            assertThat(e.state()).isEqualTo("SUCCESS");
            assertThat(e.answeredAt()).as("never answered").isNull();
        });
        List<Settlement> found = await(platform.querySettlements(platform.newMsgId(), p.insured(), v.mdtrtId()));
        assertThat(InsurancePlatform.madeBy(msgid, found)).hasValueSatisfying(s -> assertThat(s.valid()).isTrue());
    }

    @Test
    void aSlowAnswerIsUnknownButTookEffect() {
        Patient p = employee(0);
        Visit v = visit(p, 50_000);
        String msgid = platform.newMsgId();
        sim.fault(Map.of("latencyMs", 1_500));

        Outcome<Settlement> slow = outcome(adapter("http://127.0.0.1:" + port, SHORT_TIMEOUT).settle(msgid, settleRequest(v, true)));
        sim.clearFault();

        assertThat(slow).isInstanceOf(Outcome.Unknown.class);
        List<Settlement> found = await(platform.querySettlements(platform.newMsgId(), p.insured(), v.mdtrtId()));
        assertThat(InsurancePlatform.madeBy(msgid, found)).isPresent();
    }

    @Test
    void aSystemErrorIsUnknownTheQueryFindsNothingAndTheSameMsgidThenSettlesOnce() {
        Patient p = employee(5_000);
        Visit v = visit(p, 50_000);
        String msgid = platform.newMsgId();
        sim.fault(Map.of("errorRate", 1.0));

        Outcome<Settlement> failed = outcome(platform.settle(msgid, settleRequest(v, true)));
        sim.clearFault();

        assertThat(failed).isInstanceOf(Outcome.Unknown.class);
        assertThat(InsurancePlatform.madeBy(msgid, await(platform.querySettlements(platform.newMsgId(), p.insured(), v.mdtrtId()))))
                .isEmpty();
        assertThat(sim.ledger(msgid)).isEmpty();
        Settlement settled = await(platform.settle(msgid, settleRequest(v, true)));
        assertThat(sim.ledger(msgid)).hasSize(1);
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(5_000 - settled.acctPay().fen());
    }

    @Test
    void anUnreachablePlatformIsADeclineBecauseNothingWasSent() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Outcome<Person> o = outcome(adapter("http://127.0.0.1:" + closed, SHORT_TIMEOUT)
                .personInfo(CertType.ID_NUMBER, InsuranceSimClient.randomIdNo(), null));

        assertDeclined(o, "CHANNEL_UNAVAILABLE");
    }

    // ================================================================== undo: 2601, 2208

    @Test
    void aReversalUndoesASettlementAndGivesFundAndAccountBack() {
        sim.hospital("BASIC", "DENTAL");
        Patient p = employee(30_000);
        Visit v = visit(p, 100_000);
        String msgid = platform.newMsgId();
        Settlement s = await(platform.settle(msgid, settleRequest(v, true)));
        assertThat(s.fundPaySumamt().isPositive()).isTrue();
        assertThat(s.acctPay().isPositive()).isTrue();

        Reversal r = await(platform.reverse(platform.newMsgId(), msgid, "2207", p.insured()));
        Reversal again = await(platform.reverse(platform.newMsgId(), msgid, "2207", p.insured()));

        assertThat(r.effect()).isEqualTo(Reversal.Effect.UNDONE);
        assertThat(again.effect()).isEqualTo(Reversal.Effect.UNDONE);
        var after = sim.person(p.psnNo());
        assertThat(after.accountBalanceFen()).isEqualTo(30_000);
        assertThat(after.fundUsedFen()).isZero();
        List<LedgerRow> rows = sim.ledger(msgid);
        assertThat(rows).filteredOn(e -> e.type().equals("SETTLEMENT")).singleElement()
                .satisfies(e -> assertThat(e.state()).isEqualTo("REVERSED"));
        assertThat(rows).filteredOn(e -> e.type().equals("REVERSAL")).hasSize(2)
                .extracting(LedgerRow::amountFen).containsExactlyInAnyOrder(s.insurancePay().fen(), 0L);
        assertThat(InsurancePlatform.madeBy(msgid, await(platform.querySettlements(platform.newMsgId(), p.insured(), v.mdtrtId()))))
                .hasValueSatisfying(x -> assertThat(x.valid()).isFalse());
    }

    @Test
    void aReversalOfASettlementWhoseAnswerWasLostUndoesIt() {
        Patient p = employee(30_000);
        Visit v = visit(p, 200_000);
        String msgid = platform.newMsgId();
        sim.fault(Map.of("timeoutRate", 1.0));
        assertThat(outcome(adapter("http://127.0.0.1:" + port, SHORT_TIMEOUT).settle(msgid, settleRequest(v, true))))
                .isInstanceOf(Outcome.Unknown.class);
        sim.clearFault();
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isLessThan(30_000);

        Reversal r = await(platform.reverse(platform.newMsgId(), msgid, "2207", p.insured()));

        assertThat(r.effect()).isEqualTo(Reversal.Effect.UNDONE);
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(30_000);
    }

    @Test
    void aReversalBeforeTheOriginalArrivesPreventsItForever() {
        Patient p = employee(30_000);
        Visit v = visit(p, 100_000);
        String msgid = platform.newMsgId();

        Reversal r = await(platform.reverse(platform.newMsgId(), msgid, "2207", p.insured()));
        Outcome<Settlement> late = outcome(platform.settle(msgid, settleRequest(v, true)));

        assertThat(r.effect()).isEqualTo(Reversal.Effect.PREVENTED);
        assertDeclined(late, "REVERSED");
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(30_000);
        assertThat(await(platform.querySettlements(platform.newMsgId(), p.insured(), v.mdtrtId()))).isEmpty();
        assertThat(sim.ledger(msgid)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("REVERSAL");
            assertThat(e.state()).isEqualTo("PREVENTED");
            assertThat(e.amountFen()).isZero();
        });
    }

    @Test
    void aCancelReturnsWhatTheSettlementTookAndTheAnnualRoom() {
        sim.hospital("BASIC", "DENTAL");
        Patient p = employee(10_000);
        Visit v = visit(p, 100_000);
        Settlement s = await(platform.settle(platform.newMsgId(), settleRequest(v, true)));
        String cancelMsgid = platform.newMsgId();

        Cancellation c = await(platform.cancelSettlement(cancelMsgid, p.insured(), v.mdtrtId(), s.setlId()));

        assertThat(c.fundReturned()).isEqualTo(s.fundPaySumamt());
        assertThat(c.accountReturned()).isEqualTo(s.acctPay());
        assertThat(c.cancelSetlId()).isNotEqualTo(s.setlId());
        var after = sim.person(p.psnNo());
        assertThat(after.accountBalanceFen()).isEqualTo(10_000);
        assertThat(after.fundUsedFen()).isZero();
        assertThat(sim.ledger(cancelMsgid)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("SETTLEMENT_CANCEL");
            assertThat(e.amountFen()).isEqualTo(s.insurancePay().fen());
        });
    }

    // ================================================================== inpatient (23xx, 24xx)

    @Test
    void anInpatientStayIsSettledAndUndoneInTheNationalOrder() {
        Patient p = employee(20_000);
        String iptNo = "ZY" + System.nanoTime();
        var admission = new InsurancePlatform.AdmissionRequest(p.insured(), p.insutype(), CertType.EVOUCHER_TOKEN, p.token(), iptNo,
                LocalDateTime.now(), "5A", "内科五病区", "12");
        String mdtrtId = await(platform.admit(platform.newMsgId(), admission)).mdtrtId();
        assertThat(await(platform.admit(platform.newMsgId(), admission)).mdtrtId()).as("the same admission number, the same stay")
                .isEqualTo(mdtrtId);
        assertDeclined(outcome(platform.register(platform.newMsgId(), registration(p))), "IN_HOSPITAL");
        var fees = new FeeUploadRequest(p.insured(), mdtrtId, "D1", List.of(item("B001", FeeCategory.OTHER, 100_000),
                item("D001", FeeCategory.DRUG, 200_000)));
        await(platform.uploadInpatientFees(platform.newMsgId(), fees));
        var settle = new InsurancePlatform.SettleRequest(p.insured(), CertType.EVOUCHER_TOKEN, p.token(), InsurancePlatform.MED_TYPE_INPATIENT,
                p.insutype(), mdtrtId, "", Money.ofFen(300_000), true);
        assertDeclined(outcome(platform.settleInpatient(platform.newMsgId(), settle)), "IN_HOSPITAL"); // not discharged yet

        await(platform.discharge(platform.newMsgId(), new InsurancePlatform.DischargeRequest(p.insured(), p.insutype(), mdtrtId,
                LocalDateTime.now())));
        Settlement preview = await(platform.preSettleInpatient(platform.newMsgId(), settle));
        String msgid = platform.newMsgId();
        Settlement s = await(platform.settleInpatient(msgid, settle));

        // tertiary: 1,000 CNY deductible per admission, 90 % of the rest for an employee; the account before cash
        assertThat(List.of(s.fundPaySumamt(), s.acctPay(), s.psnCashPay()))
                .isEqualTo(List.of(Money.ofFen(180_000), Money.ofFen(20_000), Money.ofFen(100_000)));
        assertThat(preview.fundPaySumamt()).isEqualTo(s.fundPaySumamt());
        assertThat(s.pooling().deductibleApplied()).isEqualTo(Money.ofFen(100_000));
        assertThat(s.pooling().rules().deductible()).isEqualTo(Money.ofFen(100_000));
        assertThat(s.pooling().procInfo()).startsWith("住院统筹");
        assertThat(await(platform.settleInpatient(msgid, settle)).setlId()).as("the same msgid, the first answer").isEqualTo(s.setlId());
        assertThat(InsurancePlatform.madeBy(msgid, await(platform.querySettlements(platform.newMsgId(), p.insured(), mdtrtId))))
                .hasValueSatisfying(found -> assertThat(found.setlId()).isEqualTo(s.setlId()));
        // undone only in order: not the fees nor the discharge while the settlement stands
        assertDeclined(outcome(platform.cancelInpatientFees(platform.newMsgId(), p.insured(), mdtrtId, List.of())), "DUPLICATE_SETTLEMENT");
        assertDeclined(outcome(platform.cancelDischarge(platform.newMsgId(), p.insured(), mdtrtId)), "DUPLICATE_SETTLEMENT");

        Cancellation c = await(platform.cancelInpatientSettlement(platform.newMsgId(), p.insured(), mdtrtId, s.setlId()));
        assertThat(c.fundReturned()).isEqualTo(s.fundPaySumamt());
        assertThat(c.accountReturned()).isEqualTo(s.acctPay());
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(20_000);
        await(platform.cancelDischarge(platform.newMsgId(), p.insured(), mdtrtId));
        assertThat(sim.person(p.psnNo()).inpatient()).isTrue();
        await(platform.cancelInpatientFees(platform.newMsgId(), p.insured(), mdtrtId, List.of()));
        await(platform.cancelAdmission(platform.newMsgId(), p.insured(), mdtrtId));
        assertThat(sim.person(p.psnNo()).inpatient()).isFalse();
    }

    // ================================================================== reconciliation

    @Test
    void statementsAreTheLedgersSettlements() {
        Patient p = employee(50_000);
        Visit kept = visit(p, 30_000);
        Visit cancelled = visit(p, 20_000);
        Settlement k = await(platform.settle(platform.newMsgId(), settleRequest(kept, true)));
        Settlement c = await(platform.settle(platform.newMsgId(), settleRequest(cancelled, true)));
        await(platform.cancelSettlement(platform.newMsgId(), p.insured(), cancelled.mdtrtId(), c.setlId()));
        Settlement inpatient = inpatientSettlement(employee(20_000));
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

        List<StatementLine> lines = await(platform.reconcileDetails(platform.newMsgId(), today, today));

        assertThat(lines).filteredOn(l -> l.setlId().equals(k.setlId())).singleElement().satisfies(l -> {
            assertThat(l.valid()).isTrue();
            assertThat(l.fundPaySumamt()).isEqualTo(k.fundPaySumamt());
            assertThat(l.acctPay()).isEqualTo(k.acctPay());
            assertThat(l.psnCashPay()).isEqualTo(k.psnCashPay());
        });
        assertThat(lines).filteredOn(l -> l.setlId().equals(c.setlId())).singleElement()
                .satisfies(l -> assertThat(l.valid()).isFalse());
        assertThat(lines).filteredOn(l -> l.setlId().equals(inpatient.setlId())).singleElement()
                .satisfies(l -> assertThat(l.fundPaySumamt()).isEqualTo(inpatient.fundPaySumamt()));
        List<LedgerRow> settlementsToday = sim.ledger().stream().filter(e -> e.type().equals("SETTLEMENT") || e.type().equals("INPATIENT_SETTLEMENT"))
                .filter(e -> LocalDate.ofInstant(Instant.parse(e.receivedAt()), ZoneId.of("Asia/Shanghai")).equals(today)).toList();
        assertThat(lines).hasSize(settlementsToday.size());

        List<StatementLine> valid = lines.stream().filter(StatementLine::valid).toList();
        Money medfee = valid.stream().map(StatementLine::medfeeSumamt).reduce(Money.ZERO, Money::plus);
        Money fund = valid.stream().map(StatementLine::fundPaySumamt).reduce(Money.ZERO, Money::plus);
        Money acct = valid.stream().map(StatementLine::acctPay).reduce(Money.ZERO, Money::plus);
        assertThat(fund.plus(acct).fen()).isEqualTo(settlementsToday.stream().filter(e -> e.state().equals("SUCCESS"))
                .mapToLong(LedgerRow::amountFen).sum());

        StatementCheck balanced = await(platform.reconcileTotals(platform.newMsgId(),
                new StatementTotals(today, today, "", "", "", medfee, fund, acct, valid.size())));
        StatementCheck off = await(platform.reconcileTotals(platform.newMsgId(),
                new StatementTotals(today, today, "", "", "", medfee, fund.plus(Money.ofFen(1)), acct, valid.size())));

        assertThat(balanced.balanced()).isTrue();
        assertThat(off.balanced()).isFalse();
        assertThat(off.platformFundPaySumamt()).isEqualTo(fund);
        assertThat(off.platformSettlementCount()).isEqualTo(valid.size());

        // Per clearing type: 21 totals the inpatient settlements (2304) alone, 11 the outpatient ones.
        Set<String> inpatientMsgids = settlementsToday.stream().filter(e -> e.type().equals("INPATIENT_SETTLEMENT"))
                .map(LedgerRow::requestId).collect(java.util.stream.Collectors.toSet());
        for (String clrType : List.of("11", "21")) {
            List<StatementLine> ofType = valid.stream().filter(l -> inpatientMsgids.contains(l.medinsSetlId()) == clrType.equals("21")).toList();
            assertThat(ofType).as("valid settlements of clr_type %s today", clrType).isNotEmpty();
            StatementCheck check = await(platform.reconcileTotals(platform.newMsgId(), new StatementTotals(today, today, "", clrType, "",
                    ofType.stream().map(StatementLine::medfeeSumamt).reduce(Money.ZERO, Money::plus),
                    ofType.stream().map(StatementLine::fundPaySumamt).reduce(Money.ZERO, Money::plus),
                    ofType.stream().map(StatementLine::acctPay).reduce(Money.ZERO, Money::plus), ofType.size())));
            assertThat(check.balanced()).as("3201 clr_type %s", clrType).isTrue();
        }
    }

    /** An insured stay admitted (2401), 3,000 CNY of fees uploaded (2301), discharged (2402) and settled (2304). */
    private Settlement inpatientSettlement(Patient p) {
        String mdtrtId = await(platform.admit(platform.newMsgId(), new InsurancePlatform.AdmissionRequest(p.insured(), p.insutype(),
                CertType.EVOUCHER_TOKEN, p.token(), "ZY" + System.nanoTime(), LocalDateTime.now(), "5A", "内科五病区", "12"))).mdtrtId();
        await(platform.uploadInpatientFees(platform.newMsgId(), new FeeUploadRequest(p.insured(), mdtrtId, "D1",
                List.of(item("B001", FeeCategory.OTHER, 100_000), item("D001", FeeCategory.DRUG, 200_000)))));
        await(platform.discharge(platform.newMsgId(), new InsurancePlatform.DischargeRequest(p.insured(), p.insutype(), mdtrtId,
                LocalDateTime.now())));
        return await(platform.settleInpatient(platform.newMsgId(), new InsurancePlatform.SettleRequest(p.insured(), CertType.EVOUCHER_TOKEN,
                p.token(), InsurancePlatform.MED_TYPE_INPATIENT, p.insutype(), mdtrtId, "", Money.ofFen(300_000), true)));
    }

    // ================================================================== mobile 6201/6202/6203/6301/6401

    MobileOrder mobileOrder(Patient p, long treatmentFen) {
        var items = List.of(treatment(treatmentFen));
        Money total = Money.ofFen(treatmentFen);
        return await(platform.mobileUploadFees(platform.newMsgId(), new MobileFeeUpload(p.insured(), p.insutype(),
                CertType.EVOUCHER_TOKEN, p.token(), "AUTH-" + p.psnNo(), "MO" + System.nanoTime(), InsurancePlatform.MED_TYPE_OUTPATIENT,
                "OTP" + System.nanoTime(), "CB" + System.nanoTime(), true, total, items)));
    }

    static MobileRefundRequest refund(MobileOrder o, RefundType type, Money fund, Money account, Money cash) {
        return new MobileRefundRequest(o.payOrdId(), "RF" + System.nanoTime(), LocalDateTime.now(), type,
                fund.plus(account).plus(cash), fund, account, cash, "");
    }

    @Test
    void aMobileOrderIsPaidOnceQueriedAndRefundedInParts() {
        sim.hospital("BASIC", "DENTAL");
        Patient p = employee(10_000);
        MobileOrder o = mobileOrder(p, 100_000);
        assertThat(o.fundPay().plus(o.psnAcctPay()).plus(o.ownPayAmt())).isEqualTo(o.feeSumamt());
        assertThat(await(platform.mobileQuery(platform.newMsgId(), o.payOrdId(), o.payToken())).status()).isEqualTo(OrderStatus.UPLOADED);

        MobilePayment paid = await(platform.mobilePay(platform.newMsgId(), o.payOrdId(), o.payToken(), "AUTH-" + p.psnNo()));
        MobilePayment paidAgain = await(platform.mobilePay(platform.newMsgId(), o.payOrdId(), o.payToken(), "AUTH-" + p.psnNo()));

        assertThat(paid.status()).isEqualTo(OrderStatus.SETTLED);
        assertThat(paidAgain.setlId()).isEqualTo(paid.setlId());
        assertThat(sim.ledger(o.payOrdId())).filteredOn(e -> e.type().equals("SETTLEMENT")).hasSize(1);
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(10_000 - paid.psnAcctPay().fen());

        Money halfFund = Money.ofFen(paid.fundPay().fen() / 2);
        MobileRefundRequest partial = refund(o, RefundType.HI, halfFund, paid.psnAcctPay(), Money.ZERO);
        MobileRefund first = await(platform.mobileRefund(platform.newMsgId(), partial));
        MobileRefund repeated = await(platform.mobileRefund(platform.newMsgId(), partial));
        assertThat(repeated.refdSn()).isEqualTo(first.refdSn());
        assertThat(await(platform.mobileQuery(platform.newMsgId(), o.payOrdId(), o.payToken())).status())
                .isEqualTo(OrderStatus.PARTIALLY_REFUNDED);
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(10_000);

        await(platform.mobileRefund(platform.newMsgId(), refund(o, RefundType.CASH, Money.ZERO, Money.ZERO, paid.ownPayAmt())));
        await(platform.mobileRefund(platform.newMsgId(),
                refund(o, RefundType.ALL, paid.fundPay().minus(halfFund), Money.ZERO, Money.ZERO)));

        assertThat(await(platform.mobileQuery(platform.newMsgId(), o.payOrdId(), o.payToken())).status()).isEqualTo(OrderStatus.REFUNDED);
        assertThat(sim.person(p.psnNo()).fundUsedFen()).isZero();
        assertThat(sim.ledger(o.payOrdId())).filteredOn(e -> e.type().equals("REFUND"))
                .extracting(LedgerRow::amountFen).containsExactlyInAnyOrder(
                        halfFund.plus(paid.psnAcctPay()).fen(), 0L, paid.fundPay().minus(halfFund).fen());
    }

    @Test
    void anUnpaidMobileOrderCanBeRevokedAndThenNotPaid() {
        MobileOrder o = mobileOrder(employee(0), 10_000);

        MobilePayment revoked = await(platform.mobileRevoke(platform.newMsgId(), o.payOrdId(), o.payToken()));

        assertThat(revoked.status()).isEqualTo(OrderStatus.REVOKED);
        assertDeclined(outcome(platform.mobilePay(platform.newMsgId(), o.payOrdId(), o.payToken(), "")), "ORDER_STATE_CONFLICT");
    }

    // ================================================================== signatures

    @Test
    void aRequestWithOneChangedByteIsRefusedAndNothingHappens() {
        Patient p = employee(5_000);
        Visit v = visit(p, 50_000);
        String msgid = platform.newMsgId();
        try (TamperProxy proxy = TamperProxy.requests("http://127.0.0.1:" + port, "\"medfee_sumamt\"")) {
            Outcome<Settlement> o = outcome(adapter(proxy.baseUrl(), Duration.ofSeconds(5)).settle(msgid, settleRequest(v, true)));

            assertThat(proxy.tampered()).isEqualTo(1);
            assertDeclined(o, "SIGNATURE_REJECTED");
        }
        assertThat(sim.ledger(msgid)).isEmpty();
        assertThat(sim.person(p.psnNo()).accountBalanceFen()).isEqualTo(5_000);
    }

    @Test
    void anAnswerWithOneChangedByteIsNotTrustedSoTheOutcomeIsUnknown() {
        Patient p = employee(5_000);
        Visit v = visit(p, 50_000);
        String msgid = platform.newMsgId();
        try (TamperProxy proxy = TamperProxy.answers("http://127.0.0.1:" + port, "\"psn_cash_pay\"")) {
            Outcome<Settlement> o = outcome(adapter(proxy.baseUrl(), Duration.ofSeconds(5)).settle(msgid, settleRequest(v, true)));

            assertThat(proxy.tampered()).isEqualTo(1);
            assertThat(o).isInstanceOf(Outcome.Unknown.class);
        }
        assertThat(sim.ledger(msgid)).singleElement().satisfies(e -> assertThat(e.state()).isEqualTo("SUCCESS"));
    }

    @Test
    void aRequestSignedWithAnotherHospitalsKeyIsRefused() {
        var stranger = org.hospay.code.Sm2.generateKeyPair();
        InsuranceConfig d = InsuranceConfig.demo(URI.create("http://127.0.0.1:" + port), PLATFORM_KEY);
        InsuranceConfig wrongKey = new InsuranceConfig(d.baseUrl(), d.servicePath(), d.fixmedinsCode(), d.fixmedinsName(),
                d.mdtrtareaAdmvs(), d.recerSysCode(), d.infver(), d.opterType(), d.opter(), d.opterName(), d.signNo(), d.msgidNode(),
                d.orgId(), stranger.getPrivate(), d.platformKey(), d.connectTimeout(), d.responseTimeout());

        Outcome<Person> o = outcome(new HttpInsurancePlatform(wrongKey, Clock.systemUTC())
                .personInfo(CertType.ID_NUMBER, InsuranceSimClient.randomIdNo(), null));

        assertDeclined(o, "SIGNATURE_REJECTED");
    }

    @Test
    void answersSignedByAnotherPlatformKeyAreNotTrusted() {
        InsurancePlatform trustsOldKey = new HttpInsurancePlatform(
                InsuranceConfig.demo(URI.create("http://127.0.0.1:" + port), DemoKeys.platformKeyPair(DemoKeys.PREVIOUS).getPublic()),
                Clock.systemUTC());

        assertThat(outcome(trustsOldKey.personInfo(CertType.ID_NUMBER, InsuranceSimClient.randomIdNo(), null)))
                .isInstanceOf(Outcome.Unknown.class);
    }
}
