package org.hospay.gateway.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.LegRow.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one-scan payment state machine (DESIGN.md §4). Every external call is preceded by a durable
 * intent (leg SENT + a channel_attempt row) and followed by its result, so {@link #recover} can
 * finish any payment from what is stored. Unknown outcomes are resolved by querying on the
 * channel's schedule, never by re-sending a charge.
 */
@Component
class PaymentEngine {

    private static final Logger log = LoggerFactory.getLogger(PaymentEngine.class);

    private final PaymentStore store;
    private final InsurancePort insurance;
    private final ChargePort charges;
    private final EngineProperties props;
    private final PaymentEvents events;
    private final Identity identity;
    private final ProxyPort proxy;


    PaymentEngine(PaymentStore store, InsurancePort insurance, ChargePort charges, EngineProperties props,
                  PaymentEvents events, Identity identity, ProxyPort proxy) {
        this.store = store;
        this.insurance = insurance;
        this.charges = charges;
        this.props = props;
        this.events = events;
        this.identity = identity;
        this.proxy = proxy;
    }

    /** This instance's name in leases. */
    String owner() {
        return identity.instanceId();
    }

    // ------------------------------------------------------------------ entry points

    /** Runs a payment just created (and leased by this instance) until it is final or waits for a code. */
    Mono<PaymentRow> start(PaymentRow created, Bill bill, PaymentSource source) {
        return presettle(created, bill, source)
                .flatMap(p -> p.stage() != Stage.PRESETTLED ? Mono.just(p)
                        : source instanceof PaymentSource.Card card ? proxyFirst(p, bill, card) : fanOut(p, bill, source))
                .onErrorResume(e -> failUnexpectedly(created.paymentId(), e))
                .flatMap(this::finish);
    }

    /** The second scan of a payment waiting for a code: plans the self-pay leg and fans out. */
    Mono<PaymentRow> completeWithCode(PaymentRow waiting, Bill bill, PaymentSource.ChannelCode code, PaymentSource.Insured insured) {
        long cash = waiting.selfPayFen() == null ? 0 : waiting.selfPayFen();
        LegRow self = newLeg(waiting.paymentId(), Kind.SELF_PAY, code.method().name(), cash, outTradeNo(waiting.paymentId()));
        // A card payment waits here after no family payer could pay: its declined proxy leg becomes this code's leg.
        Mono<Void> planSelf = store.legs(waiting.paymentId()).filter(l -> l.kind() == Kind.SELF_PAY).next()
                .map(declined -> store.replanLeg(new LegRow(declined.legId(), self.paymentId(), Kind.SELF_PAY, self.channel(),
                        cash, self.requestId(), LegStatus.PLANNED, null, null, null, 0)))
                .defaultIfEmpty(store.insertLeg(self, store.now()))
                .flatMap(plan -> plan);
        return store.inTransaction(planSelf
                        .then(store.selfPayMethod(waiting.paymentId(), code.method().name()))
                        .then(store.transition(waiting.paymentId(), PaymentStatus.PROCESSING, Stage.PRESETTLED, null, null,
                                "payment code presented: " + code.masked())))
                .then(store.find(waiting.paymentId()))
                .flatMap(p -> fanOut(p, bill, new PaymentSource.Insured(insured.kind(), insured.certType(), insured.certNo(),
                        insured.masked(), code.method(), code.authCode(), null, null, null)))
                .onErrorResume(e -> failUnexpectedly(waiting.paymentId(), e))
                .flatMap(this::finish);
    }

    /**
     * Drives a payment that lost its driver (crash, restart) to a final state from what is stored:
     * legs never sent mean nothing moved (FAILED); legs sent are queried and decided; then the
     * usual join and compensation.
     */
    Mono<PaymentRow> recover(UUID paymentId) {
        return store.find(paymentId).flatMap(p -> {
            if (p.status().isFinal() || p.status() == PaymentStatus.PENDING) return Mono.just(p);
            return store.legs(paymentId).collectList().flatMap(legs -> {
                boolean anySent = legs.stream().anyMatch(l -> l.status() != LegStatus.PLANNED);
                if (!anySent) {
                    return fail(p, "INTERRUPTED", "the gateway stopped before any money moved; present the code again");
                }
                log.info("recovering payment {} at stage {}", paymentId, p.stage());
                return Flux.fromIterable(legs)
                        .flatMap(leg -> leg.status().isFinal() || leg.status() == LegStatus.PLANNED
                                ? Mono.just(leg) : resolve(p, leg))
                        .collectList()
                        .flatMap(resolved -> join(p, resolved));
            });
        }).flatMap(this::finish);
    }

    // ------------------------------------------------------------------ stages

    private Mono<PaymentRow> presettle(PaymentRow p, Bill bill, PaymentSource source) {
        return switch (source) {
            case PaymentSource.ChannelCode code -> {
                LegRow self = newLeg(p.paymentId(), Kind.SELF_PAY, code.method().name(), p.totalFen(), outTradeNo(p.paymentId()));
                yield store.presettled(p.paymentId(), null, null, 0, 0, p.totalFen(), code.method().name(), List.of(self),
                                PaymentStatus.PROCESSING, Stage.PRESETTLED)
                        .then(store.find(p.paymentId()));
            }
            case PaymentSource.Insured insured -> insurance.identify(insured.certType(), insured.certNo())
                    .flatMap(identified -> switch (identified) {
                        case Outcome.Succeeded<InsurancePort.Person> s -> preSettleInsured(p, bill, insured, s.value());
                        case Outcome.Declined<InsurancePort.Person> d -> fail(p, "INSURANCE_IDENTITY_REJECTED", d.message());
                        case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
                        case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
                    });
            case PaymentSource.Card card -> insurance.identify(InsurancePort.CertType.ID_NUMBER, card.idNo())
                    .flatMap(identified -> switch (identified) {
                        case Outcome.Succeeded<InsurancePort.Person> s -> preSettleInsured(p, bill, card.insured(), s.value());
                        case Outcome.Declined<InsurancePort.Person> d -> UNINSURED.contains(d.code())
                                ? selfPayOnly(p, ChargePort.Method.FAMILY_PROXY)
                                : fail(p, "INSURANCE_IDENTITY_REJECTED", d.message());
                        case Outcome.Pending<InsurancePort.Person> x -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) did not answer");
                        case Outcome.Unknown<InsurancePort.Person> u -> fail(p, "INSURANCE_UNAVAILABLE", "person look-up (1101) failed: " + u.cause());
                    });
        };
    }

    /** 1101 refusals that mean "not insured here": the card holder pays the whole bill themselves. */
    private static final java.util.Set<String> UNINSURED = java.util.Set.of("PERSON_NOT_FOUND", "NOT_INSURED");

    private Mono<PaymentRow> selfPayOnly(PaymentRow p, ChargePort.Method method) {
        LegRow self = newLeg(p.paymentId(), Kind.SELF_PAY, method.name(), p.totalFen(), outTradeNo(p.paymentId()));
        return store.presettled(p.paymentId(), null, null, 0, 0, p.totalFen(), method.name(), List.of(self),
                        PaymentStatus.PROCESSING, Stage.PRESETTLED)
                .then(store.find(p.paymentId()));
    }

    private Mono<PaymentRow> preSettleInsured(PaymentRow p, Bill bill, PaymentSource.Insured insured, InsurancePort.Person person) {
        var request = new InsurancePort.PreSettleRequest(person, insured.certType(), insured.certNo(), bill.billNo(),
                visitNo(p.paymentId()), bill.medType(), bill.items(), bill.total());
        return insurance.preSettle(request).flatMap(result -> switch (result) {
            case Outcome.Succeeded<InsurancePort.PreSettlement> s -> planLegs(p, insured, person, s.value());
            case Outcome.Declined<InsurancePort.PreSettlement> d -> fail(p, "INSURANCE_REJECTED", d.message());
            case Outcome.Pending<InsurancePort.PreSettlement> x -> fail(p, "INSURANCE_UNAVAILABLE", "pre-settlement (2206) did not answer");
            case Outcome.Unknown<InsurancePort.PreSettlement> u -> fail(p, "INSURANCE_UNAVAILABLE", "pre-settlement (2206) failed: " + u.cause());
        });
    }

    private Mono<PaymentRow> planLegs(PaymentRow p, PaymentSource.Insured insured, InsurancePort.Person person,
                                      InsurancePort.PreSettlement pre) {
        Money insured$ = pre.fundPay().plus(pre.accountPay());
        if (insured$.plus(pre.cashPay()).fen() != p.totalFen()) {
            return fail(p, "INSURANCE_AMOUNT_MISMATCH", "pre-settlement parts (" + insured$.plus(pre.cashPay())
                    + ") do not add up to the bill (" + p.totalFen() + " fen)");
        }
        List<LegRow> legs = new ArrayList<>(2);
        if (insured$.isPositive()) {
            legs.add(newLeg(p.paymentId(), Kind.INSURANCE, "INSURANCE", insured$.fen(), insurance.newMsgId()));
        }
        boolean needsCode = pre.cashPay().isPositive() && !insured.authorisesSelfPay();
        if (pre.cashPay().isPositive() && insured.authorisesSelfPay()) {
            legs.add(newLeg(p.paymentId(), Kind.SELF_PAY, insured.method().name(), pre.cashPay().fen(), outTradeNo(p.paymentId())));
        }
        String method = pre.cashPay().isPositive() && insured.authorisesSelfPay() ? insured.method().name() : null;
        return store.presettled(p.paymentId(), person, pre, pre.fundPay().fen(), pre.accountPay().fen(), pre.cashPay().fen(),
                        method, legs, needsCode ? PaymentStatus.PENDING : PaymentStatus.PROCESSING,
                        needsCode ? Stage.AWAITING_CODE : Stage.PRESETTLED)
                .then(store.find(p.paymentId()))
                .flatMap(row -> needsCode ? events.awaitingCode(row).thenReturn(row) : Mono.just(row));
    }

    /** Step 4 of DESIGN.md §4: the settlement and the charge at once (or one after the other in SEQUENTIAL mode). */
    private Mono<PaymentRow> fanOut(PaymentRow p, Bill bill, PaymentSource source) {
        return store.legs(p.paymentId()).collectList().flatMap(legs -> {
            Mono<List<LegRow>> outcomes = switch (props.mode()) {
                case CONCURRENT -> Flux.fromIterable(legs).flatMap(leg -> send(p, bill, source, leg)).collectList();
                case SEQUENTIAL -> Flux.fromIterable(legs)
                        .sort((a, b) -> a.kind().compareTo(b.kind()))
                        .concatMap(leg -> send(p, bill, source, leg))
                        .takeUntil(leg -> leg.status() != LegStatus.SUCCEEDED)
                        .collectList()
                        .map(sent -> withUnsent(legs, sent));
            };
            return store.transition(p.paymentId(), PaymentStatus.PROCESSING, Stage.LEGS_SENT, null, null, "legs sent")
                    .then(outcomes)
                    .flatMap(done -> join(p, done));
        });
    }

    /**
     * The card plan (DESIGN.md §4, §6): the family-proxy deduction goes first and the insurance settlement only
     * once a payer paid, so a bill no payer can pay waits at the window unsettled, exactly like an e-voucher
     * without a payment code, instead of being settled and then cancelled. An HIS bill has nobody waiting at
     * a window, so the concurrency given up here costs no one time.
     */
    private Mono<PaymentRow> proxyFirst(PaymentRow p, Bill bill, PaymentSource.Card card) {
        return store.legs(p.paymentId()).collectList().flatMap(legs -> {
            LegRow self = legs.stream().filter(l -> l.kind() == Kind.SELF_PAY).findFirst().orElse(null);
            if (self == null) return fanOut(p, bill, card.insured());
            List<LegRow> others = legs.stream().filter(l -> l.kind() != Kind.SELF_PAY).toList();
            return store.transition(p.paymentId(), PaymentStatus.PROCESSING, Stage.LEGS_SENT, null, null, "family-proxy deduction sent")
                    .then(send(p, bill, card, self))
                    .flatMap(deducted -> switch (deducted.status()) {
                        case SUCCEEDED -> Flux.fromIterable(others).concatMap(l -> send(p, bill, card.insured(), l)).collectList()
                                .flatMap(settled -> join(p, with(deducted, settled)));
                        // Nothing was taken from anyone (declined, or an unknown deduction reversed): the window takes over.
                        case DECLINED, COMPENSATED -> awaitWindow(p, deducted);
                        case PLANNED, SENT, PENDING, UNKNOWN, NEEDS_REVIEW -> join(p, with(deducted, others));
                    });
        });
    }

    private static List<LegRow> with(LegRow first, List<LegRow> rest) {
        List<LegRow> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return all;
    }

    /** No family payer could pay: the bill waits for a payment code at the window, nothing settled, nothing charged. */
    private Mono<PaymentRow> awaitWindow(PaymentRow p, LegRow declined) {
        return store.transition(p.paymentId(), PaymentStatus.PENDING, Stage.AWAITING_CODE, null, null,
                        "no family payer could pay (" + declined.vendorCode() + "); waiting for a payment code")
                .then(store.find(p.paymentId()))
                .flatMap(row -> events.awaitingCode(row).thenReturn(row));
    }

    private static List<LegRow> withUnsent(List<LegRow> all, List<LegRow> sent) {
        List<LegRow> result = new ArrayList<>(sent);
        for (LegRow leg : all) {
            if (sent.stream().noneMatch(s -> s.legId().equals(leg.legId()))) result.add(leg);
        }
        return result;
    }

    /** Sends one leg: intent first (leg SENT + attempt), then the call, then its result; unknowns are resolved. */
    private Mono<LegRow> send(PaymentRow p, Bill bill, PaymentSource source, LegRow leg) {
        LegRow sent = leg.with(LegStatus.SENT, null, null);
        String op = leg.kind() == Kind.INSURANCE ? "SETTLE_2207" : "CHARGE";
        return store.inTransaction(store.updateLeg(sent).then(store.attemptSent(p.paymentId(), leg.legId(), leg.channel(), op, leg.requestId())))
                .flatMap(attemptId -> switch (leg.kind()) {
                    case INSURANCE -> settle(p, bill, (PaymentSource.Insured) source, sent, attemptId);
                    case SELF_PAY -> charge(p, source, sent, attemptId);
                    case COMMERCIAL -> Mono.error(new IllegalStateException("commercial legs are not planned by this engine yet"));
                });
    }

    private Mono<LegRow> settle(PaymentRow p, Bill bill, PaymentSource.Insured insured, LegRow leg, long attemptId) {
        var person = new InsurancePort.Person(p.psnNo(), null, p.insutype(), p.insuplcAdmdvs());
        var request = new InsurancePort.PreSettleRequest(person, insured.certType(), insured.certNo(), bill.billNo(),
                visitNo(p.paymentId()), bill.medType(), bill.items(), bill.total());
        var pre = new InsurancePort.PreSettlement(p.mdtrtId(), Money.ofFen(p.fundPayFen()), Money.ofFen(p.accountPayFen()),
                Money.ofFen(p.selfPayFen()));
        return insurance.settle(request, pre, leg.requestId())
                .flatMap(outcome -> record(attemptId, outcome).then(switch (outcome) {
                    case Outcome.Succeeded<InsurancePort.Settlement> s -> settled(p, leg, s.value());
                    case Outcome.Declined<InsurancePort.Settlement> d -> update(leg.with(LegStatus.DECLINED, null, d.code()));
                    case Outcome.Pending<InsurancePort.Settlement> x -> update(leg.with(LegStatus.PENDING, null, x.vendorCode())).flatMap(l -> resolve(p, l));
                    case Outcome.Unknown<InsurancePort.Settlement> u -> update(leg.with(LegStatus.UNKNOWN, null, "UNKNOWN")).flatMap(l -> resolve(p, l));
                }));
    }

    private Mono<LegRow> settled(PaymentRow p, LegRow leg, InsurancePort.Settlement s) {
        long settledFen = s.fundPay().plus(s.accountPay()).fen();
        if (settledFen != leg.amountFen()) {
            // The platform settled other amounts than it pre-settled: keep the books honest by undoing it.
            log.warn("payment {}: settlement {} differs from pre-settlement ({} vs {} fen)", p.paymentId(), s.setlId(), settledFen, leg.amountFen());
            return update(leg.with(LegStatus.SUCCEEDED, s.setlId(), "AMOUNT_CHANGED"));
        }
        return update(leg.with(LegStatus.SUCCEEDED, s.setlId(), null));
    }

    private Mono<LegRow> charge(PaymentRow p, PaymentSource source, LegRow leg, long attemptId) {
        String authCode = switch (source) {
            case PaymentSource.ChannelCode c -> c.authCode();
            case PaymentSource.Insured i -> i.authCode();
            case PaymentSource.Card c -> c.cardNo();
        };
        ChargePort.Method method = ChargePort.Method.valueOf(leg.channel());
        Mono<Outcome<ChargePort.Charge>> call = source instanceof PaymentSource.Card card && method == ChargePort.Method.FAMILY_PROXY
                ? proxy.deduct(new ProxyPort.Deduction(p.paymentId(), card.hospitalId(), card.cardNo(), p.billNo(), leg.requestId(),
                        Money.ofFen(leg.amountFen())))
                : charges.charge(method, leg.requestId(), authCode, Money.ofFen(leg.amountFen()), "医院缴费 " + p.billNo());
        return call
                .flatMap(outcome -> record(attemptId, outcome).then(switch (outcome) {
                    case Outcome.Succeeded<ChargePort.Charge> s -> update(leg.with(LegStatus.SUCCEEDED, s.value().channelTradeNo(), null));
                    case Outcome.Declined<ChargePort.Charge> d -> update(leg.with(LegStatus.DECLINED, null, d.code()));
                    case Outcome.Pending<ChargePort.Charge> x -> update(leg.with(LegStatus.PENDING, null, x.vendorCode()))
                            .flatMap(l -> events.pending(p, "customer is confirming the payment").thenReturn(l))
                            .flatMap(l -> resolve(p, l));
                    case Outcome.Unknown<ChargePort.Charge> u -> update(leg.with(LegStatus.UNKNOWN, null, "UNKNOWN")).flatMap(l -> resolve(p, l));
                }));
    }

    // ------------------------------------------------------------------ unknown outcomes

    /**
     * Resolves a leg whose outcome is not known: query on the channel's schedule until a definite
     * answer or the deadline; then make sure it cannot complete later (reverse / 2601).
     */
    Mono<LegRow> resolve(PaymentRow p, LegRow leg) {
        EngineProperties.Schedule schedule = props.schedule(leg.channel());
        Instant since = leg.pendingSince() == null ? store.now() : leg.pendingSince();
        Instant deadline = since.plus(schedule.maxWait());
        return queryUntil(p, leg, schedule.firstQueryAfter(), schedule, deadline);
    }

    private Mono<LegRow> queryUntil(PaymentRow p, LegRow leg, Duration wait, EngineProperties.Schedule schedule, Instant deadline) {
        if (!store.now().isBefore(deadline)) return giveUp(p, leg);
        Duration delay = min(wait, Duration.between(store.now(), deadline));
        return Mono.delay(delay).then(query(p, leg)).flatMap(answer -> switch (answer) {
            case Decided d -> Mono.just(d.leg());
            case StillOpen o -> queryUntil(p, o.leg(), schedule.interval(), schedule, deadline);
        });
    }

    private sealed interface QueryAnswer permits Decided, StillOpen {}

    private record Decided(LegRow leg) implements QueryAnswer {}

    private record StillOpen(LegRow leg) implements QueryAnswer {}

    private Mono<QueryAnswer> query(PaymentRow p, LegRow leg) {
        return switch (leg.kind()) {
            case INSURANCE -> store.attemptSent(p.paymentId(), leg.legId(), "INSURANCE", "QUERY_5203", leg.requestId())
                    .flatMap(attempt -> insurance.findSettlement(person(p), p.mdtrtId())
                            .flatMap(outcome -> record(attempt, outcome).then(switch (outcome) {
                                case Outcome.Succeeded<InsurancePort.Settlement> s -> settled(p, leg, s.value()).map(Decided::new);
                                case Outcome.Declined<InsurancePort.Settlement> d -> d.refusedBeforeSending()
                                        ? Mono.just(new StillOpen(leg))
                                        : reverseInsurance(p, leg, "not found on query: " + d.code()).map(Decided::new);
                                case Outcome.Pending<InsurancePort.Settlement> x -> Mono.just(new StillOpen(leg));
                                case Outcome.Unknown<InsurancePort.Settlement> u -> Mono.just(new StillOpen(leg));
                            })));
            case SELF_PAY -> {
                ChargePort.Method method = ChargePort.Method.valueOf(leg.channel());
                yield store.attemptSent(p.paymentId(), leg.legId(), leg.channel(), "QUERY", leg.requestId())
                        .flatMap(attempt -> port(method).query(method, leg.requestId())
                                .flatMap(outcome -> record(attempt, outcome).then(switch (outcome) {
                                    case Outcome.Succeeded<ChargePort.Charge> s ->
                                            update(leg.with(LegStatus.SUCCEEDED, s.value().channelTradeNo(), null)).map(Decided::new);
                                    case Outcome.Declined<ChargePort.Charge> d -> d.refusedBeforeSending()
                                            ? Mono.just(new StillOpen(leg))
                                            : reverseCharge(p, leg.with(LegStatus.UNKNOWN, null, d.code()), LegStatus.DECLINED).map(Decided::new);
                                    case Outcome.Pending<ChargePort.Charge> x -> Mono.just(new StillOpen(leg));
                                    case Outcome.Unknown<ChargePort.Charge> u -> Mono.just(new StillOpen(leg));
                                })));
            }
            case COMMERCIAL -> Mono.error(new IllegalStateException("commercial legs are not planned by this engine yet"));
        };
    }

    /** The deadline passed with no definite answer: undo whatever may have happened. */
    private Mono<LegRow> giveUp(PaymentRow p, LegRow leg) {
        return switch (leg.kind()) {
            case INSURANCE -> reverseInsurance(p, leg.with(leg.status(), null, "TIMEOUT"), "no definite answer before the deadline");
            case SELF_PAY -> reverseCharge(p, leg.with(leg.status(), null, "CHANNEL_TIMEOUT"), LegStatus.COMPENSATED);
            case COMMERCIAL -> Mono.error(new IllegalStateException("commercial legs are not planned by this engine yet"));
        };
    }

    // ------------------------------------------------------------------ join and compensation

    private Mono<PaymentRow> join(PaymentRow p, List<LegRow> legs) {
        boolean allSucceeded = legs.stream().allMatch(l -> l.status() == LegStatus.SUCCEEDED);
        boolean amountsHold = legs.stream().noneMatch(l -> "AMOUNT_CHANGED".equals(l.vendorCode()));
        if (allSucceeded && amountsHold) {
            return store.transition(p.paymentId(), PaymentStatus.SUCCEEDED, Stage.DONE, null, null, "all legs succeeded")
                    .then(store.find(p.paymentId()));
        }
        boolean anyOpen = legs.stream().anyMatch(l -> !l.status().isFinal() && l.status() != LegStatus.PLANNED);
        if (anyOpen) {
            // Left for recovery: a leg is still open after its schedule (e.g. a reversal that keeps failing).
            return store.find(p.paymentId());
        }
        LegRow failed = legs.stream().filter(l -> l.status() != LegStatus.SUCCEEDED).findFirst()
                .orElseGet(() -> legs.stream().filter(l -> "AMOUNT_CHANGED".equals(l.vendorCode())).findFirst().orElseThrow());
        String code = failureCode(failed);
        return store.transition(p.paymentId(), PaymentStatus.PROCESSING, Stage.COMPENSATING, null, null, "leg " + failed.kind() + " failed: " + code)
                .thenMany(Flux.fromIterable(legs).filter(l -> l.status() == LegStatus.SUCCEEDED).concatMap(l -> undo(p, l)))
                .then(store.transition(p.paymentId(), PaymentStatus.FAILED, Stage.DONE, code, failureMessage(failed, code), "failed; other legs undone"))
                .then(store.find(p.paymentId()));
    }

    private static String failureCode(LegRow failed) {
        if ("AMOUNT_CHANGED".equals(failed.vendorCode())) return "INSURANCE_AMOUNT_MISMATCH";
        if (failed.vendorCode() == null) return failed.kind() == Kind.INSURANCE ? "INSURANCE_DECLINED" : "PAYMENT_DECLINED";
        return switch (failed.kind()) {
            case INSURANCE -> failed.vendorCode().startsWith("INSURANCE_") ? failed.vendorCode() : "INSURANCE_" + failed.vendorCode();
            case SELF_PAY, COMMERCIAL -> failed.vendorCode();
        };
    }

    private static String failureMessage(LegRow failed, String code) {
        return switch (failed.kind()) {
            case INSURANCE -> "insurance settlement failed (" + code + "); nothing was charged";
            case SELF_PAY -> "self-pay on " + failed.channel() + " failed (" + code + "); the insurance part was cancelled";
            case COMMERCIAL -> "commercial insurer claim failed (" + code + ")";
        };
    }

    /** Undoes a leg that succeeded while another failed; recorded, retried until done (recovery goes on after). */
    Mono<LegRow> undo(PaymentRow p, LegRow leg) {
        return switch (leg.kind()) {
            case INSURANCE -> cancelSettlement(p, leg);
            case SELF_PAY -> refundCharge(p, leg);
            case COMMERCIAL -> Mono.error(new IllegalStateException("commercial legs are not planned by this engine yet"));
        };
    }

    private Mono<LegRow> cancelSettlement(PaymentRow p, LegRow leg) {
        return store.compensation(p.paymentId(), leg.legId(), "CANCEL_SETTLEMENT_2208", leg.amountFen(), insurance.newMsgId())
                .flatMap(c -> compensate(c, "INSURANCE", "CANCEL_2208", insurance::newMsgId,
                        msgId -> insurance.cancelSettlement(person(p), p.mdtrtId(), leg.vendorRef(), msgId).map(o -> switch (o) {
                            case Outcome.Succeeded<Void> s -> Attempt.DONE;
                            // Cancel refused (e.g. already cancelled or not cancellable): 2601 reversal of the 2207 msgid is the platform's last word.
                            case Outcome.Declined<Void> d -> d.refusedBeforeSending() ? Attempt.AGAIN : Attempt.ESCALATE;
                            case Outcome.Pending<Void> x -> Attempt.AGAIN;
                            case Outcome.Unknown<Void> u -> Attempt.AGAIN;
                        })))
                .flatMap(done -> done == Attempt.ESCALATE
                        ? reverseInsurance(p, leg, "2208 refused")
                        : update(leg.with(LegStatus.COMPENSATED, null, leg.vendorCode())));
    }

    private Mono<LegRow> reverseInsurance(PaymentRow p, LegRow leg, String why) {
        return store.compensation(p.paymentId(), leg.legId(), "REVERSAL_2601", leg.amountFen(), insurance.newMsgId())
                .flatMap(c -> compensate(c, "INSURANCE", "REVERSAL_2601", insurance::newMsgId,
                        msgId -> insurance.reverse(person(p), leg.requestId(), "2207", msgId).map(o -> switch (o) {
                            case Outcome.Succeeded<Void> s -> Attempt.DONE;
                            // The platform refused to reverse: nothing more we can do automatically; finance must look.
                            case Outcome.Declined<Void> d -> d.refusedBeforeSending() ? Attempt.AGAIN : Attempt.MANUAL;
                            case Outcome.Pending<Void> x -> Attempt.AGAIN;
                            case Outcome.Unknown<Void> u -> Attempt.AGAIN;
                        })))
                .flatMap(done -> {
                    if (done == Attempt.MANUAL) return needsReview(p, leg, "the platform refused the 2601 reversal (" + why + ")");
                    log.info("payment {}: insurance leg reversed ({})", p.paymentId(), why);
                    return update(leg.with(leg.status() == LegStatus.SUCCEEDED ? LegStatus.COMPENSATED : LegStatus.DECLINED, null,
                            leg.vendorCode() == null ? "REVERSED" : leg.vendorCode()));
                });
    }

    private Mono<LegRow> reverseCharge(PaymentRow p, LegRow leg, LegStatus after) {
        ChargePort.Method method = ChargePort.Method.valueOf(leg.channel());
        return store.compensation(p.paymentId(), leg.legId(), "REVERSE", leg.amountFen(), leg.requestId())
                .flatMap(c -> compensate(c, leg.channel(), "REVERSE", leg::requestId, id -> port(method).reverse(method, id).map(o -> switch (o) {
                    case Outcome.Succeeded<ChargePort.Reversal> s -> s.value().retry() ? Attempt.AGAIN : Attempt.DONE;
                    case Outcome.Declined<ChargePort.Reversal> d -> reversalRefused(d);
                    case Outcome.Pending<ChargePort.Reversal> x -> Attempt.AGAIN;
                    case Outcome.Unknown<ChargePort.Reversal> u -> Attempt.AGAIN;
                })))
                .flatMap(done -> done == Attempt.MANUAL
                        ? needsReview(p, leg, leg.channel() + " refused to reverse order " + leg.requestId())
                        : update(leg.with(after, null, leg.vendorCode())));
    }

    /** A compensation the counterparty refused for good: the leg is parked for finance, loudly. */
    private Mono<LegRow> needsReview(PaymentRow p, LegRow leg, String why) {
        log.error("payment {}: leg {} ({} fen on {}) NEEDS MANUAL REVIEW: {}", p.paymentId(), leg.kind(), leg.amountFen(),
                leg.channel(), why);
        return update(leg.with(LegStatus.NEEDS_REVIEW, null, "NEEDS_REVIEW"));
    }

    private Mono<LegRow> refundCharge(PaymentRow p, LegRow leg) {
        ChargePort.Method method = ChargePort.Method.valueOf(leg.channel());
        String refundNo = "C" + leg.requestId().substring(1);
        Money amount = Money.ofFen(leg.amountFen());
        return store.compensation(p.paymentId(), leg.legId(), "REFUND", leg.amountFen(), refundNo)
                .flatMap(c -> compensate(c, leg.channel(), "REFUND", () -> refundNo, id -> port(method).refund(method, leg.requestId(), id, amount, amount)
                        .map(o -> switch (o) {
                            case Outcome.Succeeded<ChargePort.Charge> s -> Attempt.DONE;
                            case Outcome.Declined<ChargePort.Charge> d -> d.refusedBeforeSending() ? Attempt.AGAIN : Attempt.ESCALATE;
                            case Outcome.Pending<ChargePort.Charge> x -> Attempt.AGAIN;
                            case Outcome.Unknown<ChargePort.Charge> u -> Attempt.AGAIN;
                        })))
                .flatMap(done -> done == Attempt.ESCALATE
                        ? reverseCharge(p, leg, LegStatus.COMPENSATED)
                        : update(leg.with(LegStatus.COMPENSATED, null, leg.vendorCode())));
    }

    /** DONE: undone. AGAIN: not confirmed, try later. ESCALATE: use the stronger tool. MANUAL: refused for good; finance must act. */
    enum Attempt { DONE, AGAIN, ESCALATE, MANUAL }

    /** What a vendor's refusal to reverse means: nothing to undo (the order never existed or is closed) or a human's job. */
    private static Attempt reversalRefused(Outcome.Declined<?> d) {
        if (d.refusedBeforeSending()) return Attempt.AGAIN;
        return switch (d.code()) {
            case DeclineCodes.ORDER_NOT_FOUND, DeclineCodes.ORDER_CLOSED, DeclineCodes.ORDER_REVERSED -> Attempt.DONE;
            default -> Attempt.MANUAL;
        };
    }

    /**
     * Runs one compensation with retries (exponential backoff from {@code compensationBackoff}), each
     * try recorded with its request id. Never gives up by itself: if the process dies, the row stays
     * PENDING and the recovery worker resumes it.
     */
    private Mono<Attempt> compensate(PaymentStore.CompensationRow c, String channel, String operation,
                                     java.util.function.Supplier<String> requestIdOfTry,
                                     java.util.function.Function<String, Mono<Attempt>> call) {
        return switch (c.status()) {
            case "DONE" -> Mono.just(Attempt.DONE);
            case "ESCALATED" -> Mono.just(Attempt.ESCALATE);
            case "MANUAL" -> Mono.just(Attempt.MANUAL);
            default -> tryCompensation(c, channel, operation, requestIdOfTry, call, props.compensationBackoff());
        };
    }

    private Mono<Attempt> tryCompensation(PaymentStore.CompensationRow c, String channel, String operation,
                                          java.util.function.Supplier<String> requestIdOfTry,
                                          java.util.function.Function<String, Mono<Attempt>> call, Duration backoff) {
        String requestId = requestIdOfTry.get();
        return store.attemptSent(c.paymentId(), c.legId(), channel, operation, requestId)
                .flatMap(attempt -> call.apply(requestId).flatMap(result -> store.attemptAnswered(attempt, result.name(), null).thenReturn(result)))
                .flatMap(result -> switch (result) {
                    case DONE -> store.compensationTried(c.compensationId(), "DONE", null).thenReturn(result);
                    case ESCALATE -> store.compensationTried(c.compensationId(), "ESCALATED", operation + " refused; escalated").thenReturn(result);
                    case MANUAL -> store.compensationTried(c.compensationId(), "MANUAL", operation + " refused for good").thenReturn(result);
                    case AGAIN -> store.compensationTried(c.compensationId(), "PENDING", operation + " not confirmed yet")
                            .then(Mono.delay(backoff))
                            .then(Mono.defer(() -> tryCompensation(c, channel, operation, requestIdOfTry, call,
                                    min(backoff.multipliedBy(2), Duration.ofMinutes(5)))));
                });
    }

    // ------------------------------------------------------------------ helpers

    private Mono<PaymentRow> fail(PaymentRow p, String code, String message) {
        return store.transition(p.paymentId(), PaymentStatus.FAILED, Stage.DONE, code, message, "failed before any money moved")
                .then(store.find(p.paymentId()));
    }

    private Mono<PaymentRow> failUnexpectedly(UUID paymentId, Throwable e) {
        // Nothing here may lose money: an unexpected error leaves the payment to recovery, which re-reads the legs.
        log.error("payment {} interrupted by an unexpected error; recovery will finish it", paymentId, e);
        return store.find(paymentId);
    }

    /** Publishes the final state and releases the lease so recovery is free to look again if needed. */
    private Mono<PaymentRow> finish(PaymentRow p) {
        Mono<Void> publish = switch (p.status()) {
            case SUCCEEDED -> events.succeeded(p);
            case FAILED -> events.failed(p);
            case RECEIVED, PROCESSING, PENDING, REFUNDED, PARTIALLY_REFUNDED -> Mono.empty();
        };
        return publish.onErrorResume(e -> Mono.empty())
                .then(store.releaseLease(p.paymentId(), owner()))
                .thenReturn(p);
    }

    /** Payment-code channels answer for their orders; a family-proxy leg's deduction is the payers' agreements' business. */
    private ChargePort port(ChargePort.Method method) {
        return method == ChargePort.Method.FAMILY_PROXY ? proxy.asChargePort() : charges;
    }

    private Mono<Void> record(long attemptId, Outcome<?> outcome) {
        String detail = switch (outcome) {
            case Outcome.Succeeded<?> s -> null;
            case Outcome.Declined<?> d -> d.code() + ": " + d.message() + " [" + d.vendorCode() + "]";
            case Outcome.Pending<?> x -> x.vendorCode();
            case Outcome.Unknown<?> u -> u.cause();
        };
        String name = switch (outcome) {
            case Outcome.Succeeded<?> s -> "SUCCEEDED";
            case Outcome.Declined<?> d -> "DECLINED";
            case Outcome.Pending<?> x -> "PENDING";
            case Outcome.Unknown<?> u -> "UNKNOWN";
        };
        return store.attemptAnswered(attemptId, name, detail);
    }

    private Mono<LegRow> update(LegRow leg) {
        return store.updateLeg(leg).thenReturn(leg);
    }

    private static InsurancePort.Person person(PaymentRow p) {
        return new InsurancePort.Person(p.psnNo(), null, p.insutype(), p.insuplcAdmdvs());
    }

    private LegRow newLeg(UUID paymentId, Kind kind, String channel, long amountFen, String requestId) {
        return new LegRow(UUID.randomUUID(), paymentId, kind, channel, amountFen, requestId, LegStatus.PLANNED, null, null, null, 0);
    }

    /** The payment's visit number at the insurance platform (2201 ipt_otp_no): 'V' + 29 hex digits of the id. */
    static String visitNo(UUID paymentId) {
        return "V" + paymentId.toString().replace("-", "").substring(3);
    }

    /** The merchant order number of a payment's charge: 'P' + the payment id's 31 last hex digits (WeChat allows 32). */
    static String outTradeNo(UUID paymentId) {
        return "P" + paymentId.toString().replace("-", "").substring(1);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
