package org.hospay.gateway.payment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.LegDriver.LegCall;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Runs a payment through its stages: plan ({@link Planner}), send the legs at once ({@link LegRunner},
 * one {@link LegDriver} per leg type), join, and undo what succeeded when a leg failed
 * ({@link Compensator}). It knows no channel. Every external call is preceded by a durable intent and
 * followed by its result, so {@link #recover} can finish any payment from what is stored; the happy
 * path keeps the state it wrote in memory instead of reading it back.
 */
@Component
class PaymentEngine {

    private static final Logger log = LoggerFactory.getLogger(PaymentEngine.class);

    /** The note of a payment's move to SUCCEEDED. */
    static final String ALL_SUCCEEDED = "all legs succeeded";

    private final PaymentRepository repo;
    private final Planner planner;
    private final LegRunner legs;
    private final LegDrivers drivers;
    private final Compensator compensator;
    private final EngineProperties props;
    private final PaymentEvents events;
    private final Identity identity;
    private final CreditPort credit;
    private final PaymentMeters meters;
    private final PhonePlanner phonePlanner;

    PaymentEngine(PaymentRepository repo, Planner planner, PhonePlanner phonePlanner, LegRunner legs, LegDrivers drivers, Compensator compensator,
                  EngineProperties props, PaymentEvents events, Identity identity, CreditPort credit, PaymentMeters meters) {
        this.phonePlanner = phonePlanner;
        this.credit = credit;
        this.meters = meters;
        this.repo = repo;
        this.planner = planner;
        this.legs = legs;
        this.drivers = drivers;
        this.compensator = compensator;
        this.props = props;
        this.events = events;
        this.identity = identity;
    }

    /** This instance's name in leases. */
    String owner() {
        return identity.instanceId();
    }

    /**
     * Starts the person look-up (1101) a payment to be created will begin with, in {@code caller}'s context (its trace),
     * on its own: before the payment's row is stored, since it moves no money and writes nothing (a payment whose row
     * is then refused, a bill already being paid, has made one look-up for nothing). Its answer, cached, for
     * {@link #start}; null when the payment does not begin with one.
     */
    Mono<Outcome<InsurancePort.Person>> lookUpAhead(Bill bill, PaymentSource source, ContextView caller) {
        Mono<Outcome<InsurancePort.Person>> lookUp = planner.lookUp(bill, source);
        if (lookUp == null) return null;
        Mono<Outcome<InsurancePort.Person>> shared = lookUp.cache();
        // an error is the plan's to handle when it reads the answer (the payment is left to recovery)
        shared.subscribe(answer -> { }, error -> { }, null, Context.of(caller));
        return shared;
    }

    /** Runs a payment just created (and leased by this instance) until it is final or waits for a code. */
    Mono<PaymentState> start(PaymentRow created, Bill bill, PaymentSource source) {
        return start(created, bill, source, null);
    }

    /** {@link #start} with the payment's look-up already under way ({@link #lookUpAhead}), or null to make it now. */
    Mono<PaymentState> start(PaymentRow created, Bill bill, PaymentSource source, Mono<Outcome<InsurancePort.Person>> lookUp) {
        Planner.Intents intents = legs -> sentAtOnce(source, legs);
        Mono<PaymentState> planned = source instanceof PaymentSource.Phone phone ? phonePlanner.plan(created, bill, phone)
                : lookUp == null ? planner.plan(created, bill, source, intents) : planner.plan(created, bill, source, intents, lookUp);
        return planned
                .flatMap(s -> s.payment().stage() != Stage.LEGS_SENT ? Mono.just(s)
                        : source instanceof PaymentSource.Card card ? proxyFirst(s, bill, card) : fanOut(s, bill, source))
                .onErrorResume(e -> interrupted(created.paymentId(), e))
                .flatMap(this::finish);
    }

    /** The second scan of a payment waiting for a code: plans the self-pay leg on that code's channel and fans out. */
    Mono<PaymentState> completeWithCode(PaymentRow waiting, Bill bill, PaymentSource.ChannelCode code, PaymentSource.Insured insured) {
        long cash = waiting.selfPayFen() == null ? 0 : waiting.selfPayFen();
        String method = code.method().name();
        String orderNo = outTradeNo(waiting.paymentId());
        PaymentSource.Insured withCode = new PaymentSource.Insured(insured.kind(), insured.certType(), insured.certNo(),
                insured.masked(), code.method(), code.authCode(), null, null, null);
        // A card payment waits here after no family payer could pay: its declined proxy leg becomes this code's leg.
        Mono<List<LegRow>> planSelf = repo.legs(waiting.paymentId()).collectList().flatMap(existing -> {
            LegRow declined = existing.stream().filter(l -> l.kind() == LegRow.Kind.SELF_PAY).findFirst().orElse(null);
            LegRow self = declined != null ? declined.replanned(method, cash, orderNo)
                    : LegRow.planned(waiting.paymentId(), LegRow.Kind.SELF_PAY, method, cash, orderNo);
            Mono<Void> write = declined != null ? repo.replanLeg(self) : repo.insertLeg(self, repo.now());
            List<LegRow> all = new ArrayList<>(existing.stream().filter(l -> l.kind() != LegRow.Kind.SELF_PAY).toList());
            all.add(self);
            return write.thenReturn(all);
        });
        return repo.inTransaction(planSelf.flatMap(all -> repo.selfPayMethod(waiting.paymentId(), method)
                        .then(repo.transition(waiting.paymentId(), PaymentStatus.PROCESSING, Stage.PRESETTLED, null, null,
                                "payment code presented: " + code.masked()))
                        .map(row -> new PaymentState(row, all))))
                .flatMap(s -> fanOut(s, bill, withCode))
                .onErrorResume(e -> interrupted(waiting.paymentId(), e))
                .flatMap(this::finish);
    }

    /**
     * Drives a payment that lost its driver (crash, restart) to a final state from what is stored:
     * legs never sent mean nothing moved (FAILED); legs sent are queried and decided; then the usual
     * join and compensation.
     */
    Mono<PaymentState> recover(UUID paymentId) {
        return repo.find(paymentId).zipWith(repo.legs(paymentId).collectList(), PaymentState::new).flatMap(s -> {
            PaymentRow p = s.payment();
            if (p.status().isFinal() || p.status() == PaymentStatus.PENDING) return Mono.just(s);
            if (s.legs().stream().allMatch(l -> l.status() == LegStatus.PLANNED)) {
                return fail(s, "INTERRUPTED", "the gateway stopped before any money moved; nothing was charged: pay again with a fresh code (the patient refreshes it) or a new tap");
            }
            log.info("recovering payment {} at stage {}", paymentId, p.stage());
            return Flux.fromIterable(s.legs())
                    .flatMap(leg -> leg.status().isFinal() || leg.status() == LegStatus.PLANNED
                            ? Mono.just(leg) : legs.resolve(new LegCall(p, leg, null, null)))
                    .collectList()
                    .flatMap(resolved -> join(s.withLegs(resolved)));
        }).flatMap(this::finish);
    }

    // ------------------------------------------------------------------ stages

    /**
     * The send operations of legs that {@link #fanOut} sends all at once right after their plan (CONCURRENT mode, not
     * the card plan, every leg with a driver), so the planner writes their intents with the plan; else null.
     */
    private List<String> sentAtOnce(PaymentSource source, List<LegRow> planned) {
        if (props.mode() != EngineProperties.Mode.CONCURRENT || source instanceof PaymentSource.Card || planned.isEmpty()) return null;
        List<String> operations = new ArrayList<>(planned.size());
        for (LegRow leg : planned) {
            Optional<LegDriver> driver = drivers.of(leg);
            if (driver.isEmpty()) return null;
            operations.add(driver.get().sendOperation());
        }
        return operations;
    }

    /** The legs at once (or one after the other, insurance first, in SEQUENTIAL mode), then the join. */
    private Mono<PaymentState> fanOut(PaymentState s, Bill bill, PaymentSource source) {
        PaymentRow p = s.payment();
        Flux<LegRow> planned = Flux.fromIterable(s.legs());
        List<LegCall> calls = s.legs().stream().map(leg -> new LegCall(p, leg, bill, source)).toList();
        return sending(s, "legs sent").flatMap(moved -> switch (props.mode()) {
            // Intents written with the plan: the calls are next, and the last success moves the payment with it.
            // Else each leg's intent first, then the calls, then the join.
            case CONCURRENT -> s.intents().isEmpty()
                    ? legs.sendAll(calls).collectList().flatMap(done -> join(moved.withLegs(done)))
                    : legs.callAll(calls, s.intents()).flatMap(called -> called.succeeded() == null
                            ? join(moved.withLegs(called.legs())) : Mono.just(moved.with(called.succeeded()).withLegs(called.legs())));
            case SEQUENTIAL -> planned.sort(Comparator.comparing(LegRow::kind))
                    .concatMap(leg -> legs.send(new LegCall(p, leg, bill, source)))
                    .takeUntil(leg -> leg.status() != LegStatus.SUCCEEDED)
                    .collectList()
                    .flatMap(done -> join(moved.withLegs(done)));
        });
    }

    /**
     * The card plan: the self-pay leg goes first (family-proxy deduction, or credit for a credit code) and the
     * insurance settlement only once it is paid, so a bill nobody pays waits at the window unsettled, exactly
     * like an e-voucher without a payment code, instead of being settled and then cancelled. An HIS bill has
     * nobody waiting at a window, so the concurrency given up here costs no one time. The order is family
     * proxy, then the card's credit line (docs/credit.md §4), then the window.
     */
    private Mono<PaymentState> proxyFirst(PaymentState s, Bill bill, PaymentSource.Card card) {
        LegRow self = s.legs().stream().filter(l -> l.kind() == LegRow.Kind.SELF_PAY).findFirst().orElse(null);
        if (self == null) return fanOut(s, bill, card.insured());
        List<LegRow> others = s.legs().stream().filter(l -> l.kind() != LegRow.Kind.SELF_PAY).toList();
        return sending(s, self.channel().equals(SelfPayMethod.CREDIT.name()) ? "credit consumption sent" : "family-proxy deduction sent")
                .flatMap(moved -> legs.send(new LegCall(moved.payment(), self, bill, card))
                        .flatMap(deducted -> afterSelfPay(moved, deducted, bill, card, others)));
    }

    private Mono<PaymentState> afterSelfPay(PaymentState moved, LegRow deducted, Bill bill, PaymentSource.Card card, List<LegRow> others) {
        return switch (deducted.status()) {
            case SUCCEEDED -> Flux.fromIterable(others).concatMap(l -> legs.send(new LegCall(moved.payment(), l, bill, card.insured())))
                    .collectList()
                    .flatMap(settled -> join(moved.withLegs(List.of(deducted)).withLegs(settled)));
            // Nothing was taken from anyone (declined, or an unknown deduction reversed): credit, else the window.
            case DECLINED, COMPENSATED -> deducted.channel().equals(SelfPayMethod.FAMILY_PROXY.name())
                    ? creditInstead(moved, deducted, bill, card, others)
                    : card.method() == SelfPayMethod.CREDIT && deducted.status() == LegStatus.DECLINED
                    ? creditRefused(moved.withLegs(List.of(deducted)), deducted, card)
                    : awaitWindow(moved.withLegs(List.of(deducted)), deducted);
            case PLANNED, SENT, PENDING, UNKNOWN, NEEDS_REVIEW -> join(moved.withLegs(List.of(deducted)));
        };
    }

    /** No family payer paid: an enrolled card's credit line takes the leg (same request id); else the window. */
    private Mono<PaymentState> creditInstead(PaymentState moved, LegRow declined, Bill bill, PaymentSource.Card card, List<LegRow> others) {
        return credit.holder(card.hospitalId(), card.cardNo())
                .flatMap(h -> {
                    LegRow leg = declined.replanned(SelfPayMethod.CREDIT.name(), declined.amountFen(), declined.requestId());
                    PaymentSource.Card onCredit = new PaymentSource.Card(card.hospitalId(), card.cardNo(), card.idNo(), card.masked(),
                            SelfPayMethod.CREDIT);
                    return repo.inTransaction(repo.replanLeg(leg).then(repo.selfPayMethod(moved.payment().paymentId(), leg.channel())))
                            .then(Mono.defer(() -> legs.send(new LegCall(moved.payment(), leg, bill, onCredit))))
                            // Still the card's plan, not a credit code: a line that cannot take it sends the bill to the window.
                            .flatMap(consumed -> afterSelfPay(moved, consumed, bill, card, others));
                })
                .switchIfEmpty(Mono.defer(() -> awaitWindow(moved.withLegs(List.of(declined)), declined)));
    }

    /**
     * A credit code the line cannot take: the payment fails with the credit's code (nothing moved, insurance not
     * settled) and says what is available, so the window can take a payment code instead.
     */
    private Mono<PaymentState> creditRefused(PaymentState s, LegRow declined, PaymentSource.Card card) {
        String code = Failures.code(declined);
        return credit.holder(card.hospitalId(), card.cardNo())
                .map(h -> "credit refused (" + code + "): the self-pay part is " + declined.amountFen() + " fen, the card's available credit is "
                        + (h.blacklisted() ? 0 : h.availableFen()) + " fen; pay with a payment code")
                .defaultIfEmpty("credit refused (" + code + ")")
                .flatMap(message -> fail(s, code, message));
    }

    /** Neither family payers nor credit could pay: the bill waits for a payment code at the window, nothing settled, nothing charged. */
    private Mono<PaymentState> awaitWindow(PaymentState s, LegRow declined) {
        return moved(s, PaymentStatus.PENDING, Stage.AWAITING_CODE,
                declined.channel() + " could not pay (" + declined.vendorCode() + "); waiting for a payment code")
                .flatMap(w -> events.awaitingCode(w.payment()).thenReturn(w));
    }

    /**
     * All legs succeeded at the planned amounts: SUCCEEDED. A leg still open after its schedule: left
     * for recovery. Otherwise the payment failed: every leg that took money is undone, then FAILED.
     */
    private Mono<PaymentState> join(PaymentState s) {
        List<LegRow> all = s.legs();
        if (all.stream().allMatch(l -> l.status() == LegStatus.SUCCEEDED && !l.amountChanged())) {
            return moved(s, PaymentStatus.SUCCEEDED, Stage.DONE, ALL_SUCCEEDED);
        }
        if (all.stream().anyMatch(l -> !l.status().isFinal() && l.status() != LegStatus.PLANNED)) return Mono.just(s);
        LegRow failed = all.stream().filter(l -> l.status() != LegStatus.SUCCEEDED).findFirst()
                .orElseGet(() -> all.stream().filter(LegRow::amountChanged).findFirst().orElseThrow());
        String code = Failures.code(failed);
        return moved(s, PaymentStatus.PROCESSING, Stage.COMPENSATING, "leg " + failed.kind() + " failed: " + code)
                .flatMap(c -> Flux.fromIterable(all).filter(LegRow::tookMoney)
                        .concatMap(l -> undo(c.payment(), l))
                        .collectList()
                        .flatMap(undone -> repo.transition(s.payment().paymentId(), PaymentStatus.FAILED, Stage.DONE, code,
                                        Failures.message(failed, code), "failed; other legs undone")
                                .map(row -> new PaymentState(row, all).withLegs(undone))
                                .switchIfEmpty(Mono.fromSupplier(() -> c.withLegs(undone)))));
    }

    private Mono<LegRow> undo(PaymentRow p, LegRow leg) {
        return drivers.of(leg)
                .map(driver -> compensator.takeBack(leg, driver.undo(new LegCall(p, leg, null, null)), LegStatus.COMPENSATED))
                .orElseGet(() -> Mono.error(new IllegalStateException("leg " + leg.legId() + " took money but has no driver")));
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The move to LEGS_SENT before the first leg goes out; a plan written at LEGS_SENT (the planners' one write,
     * {@link PaymentRepository#presettled}) has made it already. Only the second scan's plan is at PRESETTLED here.
     */
    private Mono<PaymentState> sending(PaymentState s, String note) {
        return s.payment().stage() == Stage.LEGS_SENT ? Mono.just(s) : moved(s, PaymentStatus.PROCESSING, Stage.LEGS_SENT, note);
    }

    /** Moves the payment and keeps the row as written; a payment already final is read as it is. */
    private Mono<PaymentState> moved(PaymentState s, PaymentStatus to, Stage stage, String note) {
        return repo.transition(s.payment().paymentId(), to, stage, null, null, note)
                .map(s::with)
                .switchIfEmpty(Mono.defer(() -> repo.find(s.payment().paymentId()).map(s::with)));
    }

    private Mono<PaymentState> fail(PaymentState s, String code, String message) {
        return repo.transition(s.payment().paymentId(), PaymentStatus.FAILED, Stage.DONE, code, message, "failed before any money moved")
                .map(s::with)
                .switchIfEmpty(Mono.just(s));
    }

    private Mono<PaymentState> interrupted(UUID paymentId, Throwable e) {
        // Nothing here may lose money: an unexpected error leaves the payment to recovery, which re-reads the legs.
        log.error("payment {} interrupted by an unexpected error; recovery will finish it", paymentId, e);
        return repo.find(paymentId).zipWith(repo.legs(paymentId).collectList(), PaymentState::new);
    }

    /**
     * Publishes the final state, closes a failed payment's visit at the platform (2202), and releases an unfinished
     * payment's lease so recovery is free to look again (the move to a final state gave it up already).
     */
    private Mono<PaymentState> finish(PaymentState s) {
        PaymentRow p = s.payment();
        meters.finished(p, repo.now());
        Mono<Void> publish = switch (p.status()) {
            case SUCCEEDED -> events.succeeded(p);
            case FAILED -> events.failed(p);
            case RECEIVED, PROCESSING, PENDING, REFUNDED, PARTIALLY_REFUNDED -> Mono.empty();
        };
        return publish.onErrorResume(e -> Mono.empty())
                .then(planner.closeVisit(p))
                .then(p.status().isFinal() ? Mono.empty() : repo.releaseLease(p.paymentId(), owner()))
                .thenReturn(s);
    }

    /** Closes the visit of a payment that failed outside the engine (no code presented in time): 2202. */
    Mono<Void> closeVisit(PaymentRow failed) {
        return planner.closeVisit(failed);
    }

    /** The payment's visit number at the insurance platform (2201 ipt_otp_no): 'V' + 29 hex digits of the id. */
    static String visitNo(UUID paymentId) {
        return "V" + paymentId.toString().replace("-", "").substring(3);
    }

    /** The merchant order number of a payment's charge: 'P' + the payment id's 31 last hex digits (WeChat allows 32). */
    static String outTradeNo(UUID paymentId) {
        return "P" + paymentId.toString().replace("-", "").substring(1);
    }
}
