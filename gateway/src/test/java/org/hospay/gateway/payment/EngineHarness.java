package org.hospay.gateway.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hospay.channels.Money;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

/**
 * The engine wired by hand on the in-memory repository and fake counterparties, on a clock that
 * follows Reactor's virtual time: a test runs its scenario inside {@code StepVerifier.withVirtualTime}
 * and every schedule (query intervals, deadlines, backoff) passes in no real time.
 */
final class EngineHarness {

    static final Instant START = Instant.parse("2026-12-05T00:30:00Z");
    static final String WECHAT_CODE = "134567890123456789";

    final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return START.plusMillis(VirtualTimeScheduler.isFactoryEnabled() ? VirtualTimeScheduler.get().now(TimeUnit.MILLISECONDS) : 0);
        }
    };

    final InMemoryPaymentRepository repo = new InMemoryPaymentRepository(clock);
    final Fakes.Insurance insurance;
    final Fakes.Charges charges = new Fakes.Charges(this::seconds);
    final Fakes.Proxy proxy = new Fakes.Proxy(this::seconds);
    final Fakes.Events events = new Fakes.Events();
    final Fakes.Commercial commercial = new Fakes.Commercial(this::seconds);
    final Fakes.Seal seal = new Fakes.Seal();
    /** What the engine measured (PaymentMeters), for tests that assert the meters move. */
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final EngineProperties props;
    final Compensator compensator;
    final LegRunner legs;
    final PaymentEngine engine;
    final long totalFen;

    /** A bill of {@code fund + account + cash} fen that the fake platform splits so. */
    EngineHarness(EngineProperties.Mode mode, long fundFen, long accountFen, long cashFen) {
        this(mode, fundFen, accountFen, cashFen, CommercialProperties.OnUnavailable.SELF_PAY);
    }

    EngineHarness(EngineProperties.Mode mode, long fundFen, long accountFen, long cashFen, CommercialProperties.OnUnavailable onUnavailable) {
        this.totalFen = fundFen + accountFen + cashFen;
        this.insurance = new Fakes.Insurance(this::seconds, fundFen, accountFen, cashFen);
        this.props = new EngineProperties(mode, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofSeconds(1), 256, Map.of(
                "WECHAT", new EngineProperties.Schedule(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30)),
                "ALIPAY", new EngineProperties.Schedule(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(25)),
                "INSURANCE", new EngineProperties.Schedule(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(20)),
                "COMMERCIAL", new EngineProperties.Schedule(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(20)),
                "DEFAULT", new EngineProperties.Schedule(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(30))));
        LegDrivers drivers = new LegDrivers(List.of(new InsuranceSettlementDriver(insurance), new CodeChargeDriver(charges),
                new WithholdingDriver(proxy), new CommercialClaimDriver(commercial, seal)));
        PaymentMeters paymentMeters = new PaymentMeters(meters);
        this.compensator = new Compensator(repo, props, paymentMeters);
        this.legs = new LegRunner(repo, drivers, compensator, props, events, paymentMeters);
        this.engine = new PaymentEngine(repo, new Planner(repo, insurance, events, commercial,
                new CommercialProperties(true, onUnavailable), seal), null, legs, drivers, compensator, props, events, new Identity(),
                Fakes.NO_CREDIT, paymentMeters);
    }

    EngineHarness(long fundFen, long accountFen, long cashFen) {
        this(EngineProperties.Mode.CONCURRENT, fundFen, accountFen, cashFen);
    }

    long seconds() {
        return Duration.between(START, clock.instant()).toSeconds();
    }

    Bill bill() {
        Money total = Money.ofFen(totalFen);
        return new Bill("B20261205-" + UUID.randomUUID().toString().substring(0, 8), Bill.MedType.OUTPATIENT,
                List.of(new Bill.Line("X001", "阿莫西林胶囊", Bill.Category.DRUG, 1, total, total)), total);
    }

    /** An aggregated code: the insurance e-voucher with a payment authorisation on {@code method}. */
    static PaymentSource.Insured aggregated(SelfPayMethod method) {
        return new PaymentSource.Insured("AGGREGATED_CODE", InsurancePort.CertType.EVOUCHER_TOKEN, "EVT-TOKEN-1", "EVT****1",
                method, WECHAT_CODE, null, null, null);
    }

    /** A plain e-voucher: insurance, and a payment code to be presented for the cash part. */
    static PaymentSource.Insured evoucher() {
        return new PaymentSource.Insured("INSURANCE_EVOUCHER", InsurancePort.CertType.EVOUCHER_TOKEN, "EVT-TOKEN-2", "EVT****2",
                null, null, null, null, null);
    }

    static PaymentSource.ChannelCode code(SelfPayMethod method) {
        return new PaymentSource.ChannelCode(method.name() + "_PAY_CODE", method, WECHAT_CODE, "1345********6789");
    }

    static PaymentSource.Card card() {
        return new PaymentSource.Card("H001", "C0001", "370202199001011234", "3702**********1234");
    }

    /** Creates the payment as the service does (leased by this engine) and runs it. */
    Mono<PaymentState> pay(Bill bill, PaymentSource source) {
        return repo.create(newRow(bill, source), null, engine.owner(), props.lease())
                .flatMap(created -> engine.start(created, bill, source));
    }

    PaymentRow newRow(Bill bill, PaymentSource source) {
        Plan plan = switch (source) {
            case PaymentSource.ChannelCode c -> Plan.CHANNEL_ONLY;
            case PaymentSource.Insured i -> i.authorisesSelfPay() ? Plan.INSURANCE_AND_CHANNEL : Plan.INSURANCE_THEN_CODE;
            case PaymentSource.Card c -> Plan.CARD;
            case PaymentSource.Phone ph -> Plan.PHONE;
        };
        return new PaymentRow(UUID.randomUUID(), "H001", "window-01", "W01", bill.billNo(), bill.medType().name(), "[]",
                bill.total().fen(), source.kind(), source.masked(), plan, PaymentStatus.RECEIVED, Stage.CREATED, null, null,
                null, null, null, null, null, null, null, null, null, null, 0, clock.instant().plus(props.awaitingCodeTtl()),
                null, null, null, null, null);
    }
}
