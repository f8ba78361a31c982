package org.hospay.gateway.payment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.hospay.gateway.support.SecretBox;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/v1/payments} from validation to answer: bad input is refused before anything is
 * written; the idempotency key decides between a new payment, a replay, 409 and 422; the bill's
 * uniqueness guard decides BILL_ALREADY_PAID; then the engine runs detached from the HTTP request
 * and the caller gets the final state or, past the wait budget, the payment still running
 * ({@link PaymentAnswer}; the controller says it in HTTP). The key rules are {@link IdempotentCommands}'.
 */
@Service
public class PaymentService {

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final PaymentRepository store;
    private final PaymentEngine engine;
    private final CodeReader codes;
    private final IdempotentCommands commands;
    private final EngineProperties props;
    private final JsonMapper json;
    private final SecretBox box;
    private final ProxyPort proxy;
    private final NfcCheckout nfc;
    private final CreditPort credit;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** False once the instance is shutting down ({@link PaymentDrain}): new payments go to another instance. */
    private volatile boolean admitting = true;
    /** Emits when this instance gives up the payments it still runs, just before it hands their leases over. */
    private volatile reactor.core.publisher.Sinks.One<Boolean> abandon = reactor.core.publisher.Sinks.one();
    private final PaymentMeters meters;

    private final HealthCardPort healthCards;
    private final ChannelSwitches switches;

    PaymentService(PaymentRepository store, PaymentEngine engine, CodeReader codes, IdempotentCommands commands,
                   EngineProperties props, JsonMapper json, SecretBox box, ProxyPort proxy, NfcCheckout nfc, CreditPort credit,
                   HealthCardPort healthCards, PaymentMeters meters, ChannelSwitches switches) {
        this.switches = switches;
        this.credit = credit;
        this.healthCards = healthCards;
        this.meters = meters;
        meters.inFlight(inFlight);
        this.proxy = proxy;
        this.nfc = nfc;
        this.box = box;
        this.store = store;
        this.engine = engine;
        this.codes = codes;
        this.commands = commands;
        this.props = props;
        this.json = json;
    }

    public Mono<PaymentAnswer> pay(Terminal terminal, String idempotencyKey, PaymentRequest request) {
        return Mono.defer(() -> {
            IdempotentCommands.requireKey(idempotencyKey);
            Bill bill = BillValidator.validate(request.billNo(), request.medType(), request.items(), request.totalFen());
            Presented raw = sourceOf(request);
            var command = IdempotentCommands.Command.of(terminal.terminalId(), IdempotentCommands.Scope.PAYMENT, idempotencyKey,
                    json.writeValueAsBytes(request));
            return commands.run(command, this::replay, () -> admit(terminal, command, bill, raw));
        });
    }

    /**
     * Inpatient money (a deposit, or a discharge's shortfall) through the same engine, keys and guards as a bill:
     * one self-pay leg of {@code amount} on the code, tapped session or hospital card presented, under {@code billNo}
     * (one live payment per bill number). Only the inpatient feature calls it; the public API refuses the med type.
     */
    public Mono<PaymentAnswer> payInpatient(Terminal terminal, String idempotencyKey, String billNo, String itemName,
                                            org.hospay.channels.Money amount, String scannedCode, String cardNo, String nfcSessionId) {
        return Mono.defer(() -> {
            IdempotentCommands.requireKey(idempotencyKey);
            var item = new Bill.Line("ZY-" + Bill.MedType.INPATIENT.name(), itemName, Bill.Category.OTHER, 1, amount, amount);
            Bill bill = new Bill(billNo, Bill.MedType.INPATIENT, java.util.List.of(item), amount);
            var request = new PaymentRequest(billNo, scannedCode, nfcSessionId, cardNo, Bill.MedType.INPATIENT.name(), java.util.List.of(),
                    java.math.BigDecimal.valueOf(amount.fen()));
            Presented raw = sourceOf(request);
            var command = IdempotentCommands.Command.of(terminal.terminalId(), IdempotentCommands.Scope.PAYMENT, idempotencyKey,
                    json.writeValueAsBytes(request));
            return commands.run(command, this::replay, () -> admit(terminal, command, bill, raw));
        });
    }

    /**
     * A bill paid from the phone (docs/api.md §10.1) through the same keys, bill guard, lease and recovery as the window:
     * the mini-program user is the "terminal" of their own payments ({@code payer}: a stable name derived from their
     * token's subject), so their idempotency keys are theirs alone and the window and the phone share the one-live-
     * payment-per-bill index. The bill is the HIS's, read by the caller; the answer comes as soon as the payment is
     * final or its in-app order waits for the patient, whichever is first (within the answer budget).
     */
    public Mono<PaymentAnswer> payFromPhone(String hospitalId, String payer, String idempotencyKey, Bill bill, PaymentSource.Phone source) {
        return Mono.defer(() -> {
            IdempotentCommands.requireKey(idempotencyKey);
            switches.requireFor(source);
            Terminal terminal = new Terminal(payer, null, hospitalId, null);
            byte[] request = (bill.billNo() + "\n" + source.method() + "\n" + source.payerId()).getBytes(StandardCharsets.UTF_8);
            var command = IdempotentCommands.Command.of(payer, IdempotentCommands.Scope.PAYMENT, idempotencyKey, request);
            return commands.run(command, this::replayPhone, () -> admit(terminal, command, bill, new Presented.Phone(source)));
        });
    }

    /** A repeated phone command answers the payment as it is: final, or waiting in the patient's app. */
    private Mono<PaymentAnswer> replayPhone(UUID paymentId) {
        return store.find(paymentId).flatMap(this::view).map(PaymentAnswer::of);
    }

    /** The payment's legs, for the mini-program's view of its own payment (the in-app order's pay reference). */
    public Flux<LegRow> legsOf(UUID paymentId) {
        return store.legs(paymentId);
    }

    /** A payment read for the phone that made it; empty when it is not {@code payer}'s. */
    public Mono<PaymentView> phonePayment(String hospitalId, String payer, UUID paymentId) {
        return store.find(paymentId)
                .filter(p -> p.hospitalId().equals(hospitalId) && p.terminalId().equals(payer))
                .flatMap(this::view);
    }

    /** The bill's payment that is not FAILED (paid, refunded or being paid), if any: what the per-bill guard holds. */
    public Flux<PaymentView> liveByBill(String hospitalId, String billNo) {
        return store.findLiveByBill(hospitalId, billNo).flatMap(this::view).flux();
    }

    /** The second scan of a payment waiting for a payment code (e-voucher or card with no self-pay source). */
    public Mono<PaymentAnswer> presentCode(Terminal terminal, UUID paymentId, String idempotencyKey, String raw) {
        return Mono.defer(() -> {
            IdempotentCommands.requireKey(idempotencyKey);
            if (raw == null || raw.isBlank()) throw ApiException.badRequest("INVALID_CODE", "scannedCode is required");
            var command = IdempotentCommands.Command.of(terminal.terminalId(), IdempotentCommands.Scope.CODE, idempotencyKey,
                    (paymentId + "\n" + raw).getBytes(StandardCharsets.UTF_8));
            return commands.run(command, this::replay, () -> completeWithCode(terminal, paymentId, command, raw));
        });
    }

    /** A payment's answer to a repeated command: once it has one (final, or waiting for a payment code); empty before. */
    private Mono<PaymentAnswer> replay(UUID paymentId) {
        return store.find(paymentId)
                .filter(p -> p.status().isFinal() || (p.status() == PaymentStatus.PENDING && p.stage() == Stage.AWAITING_CODE))
                .flatMap(this::view)
                .map(PaymentAnswer::of);
    }

    public Mono<PaymentView> get(Terminal terminal, UUID paymentId) {
        return store.find(paymentId)
                .filter(p -> p.hospitalId().equals(terminal.hospitalId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId)))
                .flatMap(this::view);
    }

    public Flux<PaymentView> byBill(Terminal terminal, String billNo) {
        return store.findByBill(terminal.hospitalId(), billNo).concatMap(this::view);
    }

    public Flux<PaymentView> byWindowSince(Terminal terminal, String windowId, java.time.Instant since) {
        return store.findByWindowSince(terminal.hospitalId(), windowId, since).concatMap(this::view);
    }

    Mono<PaymentView> view(PaymentRow p) {
        return store.legs(p.paymentId()).collectList().map(legs -> PaymentView.of(p, legs));
    }

    // ------------------------------------------------------------------ admission

    private Mono<PaymentAnswer> admit(Terminal terminal, IdempotentCommands.Command command, Bill bill, Presented raw) {
        return switch (raw) {
            case Presented.Scanned s when credit.isCreditCode(s.raw()) -> credit.redeem(terminal.hospitalId(), s.raw())
                    .flatMap(h -> admit(terminal, command, bill, raw,
                            new PaymentSource.Card(terminal.hospitalId(), h.cardNo(), h.idNo(), h.masked(), SelfPayMethod.CREDIT)));
            case Presented.Scanned s -> codes.healthCard(s.raw())
                    .map(masked -> HealthCards.source(healthCards, s.raw(), masked).flatMap(source -> admit(terminal, command, bill, raw, source)))
                    .orElseGet(() -> admit(terminal, command, bill, raw, codes.read(s.raw())));
            case Presented.CardNo c -> card(terminal, c.cardNo()).flatMap(source -> admit(terminal, command, bill, raw, source));
            case Presented.InsuranceCard c -> admit(terminal, command, bill, raw, InsuranceCards.source(c.cardNo(),
                    c.scanned() == null ? null : codes.read(c.scanned())));
            case Presented.Nfc n -> admitNfc(terminal, command, bill, n);
            case Presented.Phone ph -> admit(terminal, command, bill, raw, ph.source());
        };
    }

    /**
     * Pays with an NFC session: with the scan that completes it, or with what the tap brought (the
     * phone's e-voucher, or a bound hospital card). A bad scan is refused before the single-use
     * session is spent.
     */
    private Mono<PaymentAnswer> admitNfc(Terminal terminal, IdempotentCommands.Command command, Bill bill, Presented.Nfc n) {
        PaymentSource read = n.scanned() == null ? null : codes.read(n.scanned());
        return nfc.redeem(terminal, n.sessionId(), bill.billNo(), read != null).flatMap(held -> {
            if (read != null) return admit(terminal, command, bill, new Presented.Scanned(n.scanned()), read);
            return switch (held) {
                case NfcCheckout.Presented.Code code -> admit(terminal, command, bill, new Presented.Scanned(code.raw()));
                case NfcCheckout.Presented.Card card -> admit(terminal, command, bill, new Presented.CardNo(card.cardNo()));
                case NfcCheckout.Presented.Nothing nothing -> Mono.error(new IllegalStateException("redeem gave an empty session without a scan"));
            };
        });
    }

    /**
     * A hospital card pays only through its family bindings or its credit enrolment: its holder (for insurance)
     * is the one the payers or the credit enrolment verified. A card with credit only, black-listed, cannot pay.
     */
    private Mono<PaymentSource> card(Terminal terminal, String cardNo) {
        return proxy.holder(terminal.hospitalId(), cardNo)
                .<PaymentSource>map(h -> new PaymentSource.Card(terminal.hospitalId(), h.cardNo(), h.idNo(), h.masked()))
                .switchIfEmpty(Mono.defer(() -> credit.holder(terminal.hospitalId(), cardNo).map(h -> {
                    if (h.blacklisted()) throw ApiException.unprocessable("CREDIT_BLACKLISTED",
                            "this card's credit is suspended (overdue bills); pay with a code");
                    return new PaymentSource.Card(terminal.hospitalId(), h.cardNo(), h.idNo(), h.masked());
                })))
                .switchIfEmpty(Mono.error(() -> ApiException.unprocessable("CARD_NOT_BOUND",
                        "no family-proxy binding or credit enrolment names this hospital card; pay with a code")));
    }

    private Mono<PaymentAnswer> admit(Terminal terminal, IdempotentCommands.Command command, Bill bill, Presented raw, PaymentSource source) {
        if (!admitting) return stopping();
        if (inFlight.incrementAndGet() > props.maxInFlight()) {
            inFlight.decrementAndGet();
            meters.refused("GATEWAY_BUSY");
            return Mono.error(ApiException.unavailable("GATEWAY_BUSY",
                    "this gateway is running " + props.maxInFlight() + " payments; nothing was done, retry in a moment"));
        }
        // The slot is held until the engine's work ends, or given back at once if the work never starts.
        AtomicBoolean held = new AtomicBoolean(true);
        Runnable release = () -> {
            if (held.compareAndSet(true, false)) inFlight.decrementAndGet();
        };
        AtomicBoolean started = new AtomicBoolean();
        // Before the code is claimed and anything is written: a switched-off channel leaves no trace.
        return Mono.fromRunnable(() -> switches.requireFor(source)).then(Mono.defer(() -> codes.claim(source))).flatMap(first -> {
            if (!first) return Mono.error(ApiException.badRequest("CODE_REPLAYED", "this code was already used; ask the patient to refresh it"));
            UUID id = UUID.randomUUID();
            PaymentRow row = newRow(id, terminal, bill, source);
            var idem = new PaymentRepository.IdempotencyRow(terminal.terminalId(), command.scope().name(), command.key(), command.requestHash(), id);
            return Mono.deferContextual(caller -> {
                // The person look-up (1101) leaves beside the payment's first write, not after its commit: a read.
                var lookUp = engine.lookUpAhead(bill, source, caller);
                return store.create(row, idem, engine.owner(), props.lease()).flatMap(created -> {
                    started.set(true);
                    meters.admitted(created);
                    Mono<PaymentState> work = engine.start(created, bill, source, lookUp).doFinally(s -> release.run());
                    return source instanceof PaymentSource.Phone ? runUntilPayable(id, work) : run(id, work);
                });
            }).onErrorResume(DataIntegrityViolationException.class, e -> codes.release(source)
                    .then(conflict(e, terminal, command, bill, raw)));
        }).doFinally(s -> {
            if (!started.get()) release.run();
        });
    }

    private Mono<PaymentAnswer> stopping() {
        meters.refused("GATEWAY_STOPPING");
        return Mono.error(ApiException.unavailable("GATEWAY_STOPPING",
                "this gateway is shutting down; nothing was done, retry with the same Idempotency-Key"));
    }

    void stopAdmitting() {
        admitting = false;
    }

    /** Started again (a test context resumed after a pause; in production the lifecycle starts once). */
    void resumeAdmitting() {
        abandon = reactor.core.publisher.Sinks.one();
        admitting = true;
    }

    boolean admitting() {
        return admitting;
    }

    /** Cancels the engine's work on every payment still running here (shutdown, right before the leases are handed over). */
    void abandonRunning() {
        abandon.tryEmitValue(Boolean.TRUE);
    }

    /** New payments this instance is running now (see {@link EngineProperties#maxInFlight()}). */
    int inFlight() {
        return inFlight.get();
    }

    private Mono<PaymentAnswer> completeWithCode(Terminal terminal, UUID paymentId, IdempotentCommands.Command command, String raw) {
        if (!admitting) return stopping();
        PaymentSource source = codes.read(raw);
        if (!(source instanceof PaymentSource.ChannelCode code)) {
            return Mono.error(ApiException.badRequest("PAYMENT_CODE_REQUIRED", "scan a WeChat, Alipay or UnionPay payment code"));
        }
        switches.require(code.method().codeChannel());
        return store.find(paymentId)
                .filter(p -> p.hospitalId().equals(terminal.hospitalId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("PAYMENT_NOT_FOUND", "no payment " + paymentId)))
                .flatMap(p -> {
                    if (p.stage() != Stage.AWAITING_CODE || p.status() != PaymentStatus.PENDING) {
                        return Mono.error(ApiException.conflict("PAYMENT_NOT_AWAITING_CODE",
                                "payment " + paymentId + " is " + p.status().external() + ", not waiting for a payment code"));
                    }
                    var idem = new PaymentRepository.IdempotencyRow(terminal.terminalId(), command.scope().name(), command.key(), command.requestHash(), paymentId);
                    Bill bill = billOf(p);
                    return store.insertIdempotency(idem, store.now())
                            .then(store.lease(paymentId, engine.owner(), props.lease()))
                            .flatMap(leased -> leased ? Mono.just(p) : Mono.error(IdempotentCommands.inProgress()))
                            .flatMap(leased -> run(paymentId, engine.completeWithCode(p, bill, code, insuredOf(p))));
                });
    }

    /**
     * The one place the engine's work is answered: run detached from the caller, its state within the
     * answer budget, else the payment as it is then.
     */
    private Mono<PaymentAnswer> run(UUID id, Mono<PaymentState> work) {
        return DetachedRun.answerWithin(props.answerWithin(), work.takeUntilOther(abandon.asMono()).map(PaymentState::view), store.find(id).flatMap(this::view),
                        e -> log.error("payment {} engine error", id, e))
                .map(PaymentAnswer::of);
    }

    /**
     * A phone payment waits for the patient in their app for minutes, so its caller is answered as soon as the in-app
     * order exists (its leg PENDING with the pay reference) or the payment is final, polled like {@link #awaitBill}.
     */
    private Mono<PaymentAnswer> runUntilPayable(UUID id, Mono<PaymentState> work) {
        Mono<PaymentAnswer> finished = run(id, work);
        Mono<PaymentAnswer> payable = Flux.interval(Duration.ofMillis(100))
                .concatMap(i -> store.legs(id).collectList())
                .filter(legs -> legs.stream().anyMatch(l -> l.status() == LegStatus.PENDING && LegType.of(l) == LegType.IN_APP && l.vendorCode() != null))
                .next()
                .flatMap(legs -> store.find(id).flatMap(this::view))
                .map(PaymentAnswer::of);
        return Mono.firstWithValue(finished, payable);
    }

    // ------------------------------------------------------------------ conflicts

    /**
     * A unique index refused the insert: the bill is taken (answered here), or the same key raced on
     * another instance (left to {@link IdempotentCommands}, which replays the winner).
     */
    private Mono<PaymentAnswer> conflict(DataIntegrityViolationException e, Terminal terminal, IdempotentCommands.Command command,
                                         Bill bill, Presented raw) {
        String message = String.valueOf(e.getMessage());
        if (!message.contains("payment_one_live_per_bill")) return Mono.error(e);
        return awaitBill(terminal, bill.billNo(), System.nanoTime() + props.answerWithin().toNanos())
                .<PaymentAnswer>flatMap(live -> switch (live.status()) {
                    case SUCCEEDED, REFUNDED, PARTIALLY_REFUNDED -> Mono.error(ApiException.conflict("BILL_ALREADY_PAID",
                            "bill " + bill.billNo() + " is already paid", Map.of("paymentId", live.paymentId().toString())));
                    case RECEIVED, PROCESSING, PENDING -> Mono.error(ApiException.conflict("BILL_PAYMENT_IN_PROGRESS",
                            "bill " + bill.billNo() + " is being paid by payment " + live.paymentId(),
                            Map.of("paymentId", live.paymentId().toString())));
                    case FAILED -> Mono.error(new IllegalStateException("unreachable: live payments are never FAILED"));
                })
                // The other payment failed meanwhile: the bill is free again, so this request may pay it.
                .switchIfEmpty(Mono.defer(() -> admit(terminal, command, bill, raw)));
    }

    /** Waits (polling, bounded by the answer budget) for the live payment of a bill to settle; empty if none remains. */
    private Mono<PaymentRow> awaitBill(Terminal terminal, String billNo, long deadlineNanos) {
        return store.findLiveByBill(terminal.hospitalId(), billNo).flatMap(live -> {
            boolean waiting = live.status() == PaymentStatus.RECEIVED || live.status() == PaymentStatus.PROCESSING;
            if (!waiting || System.nanoTime() > deadlineNanos) return Mono.just(live);
            return Mono.delay(Duration.ofMillis(100)).then(Mono.defer(() -> awaitBill(terminal, billNo, deadlineNanos)));
        });
    }

    // ------------------------------------------------------------------ helpers

    /** What the request presented to pay with, before it is read into a {@link PaymentSource}. */
    private sealed interface Presented {
        record Scanned(String raw) implements Presented {}

        record CardNo(String cardNo) implements Presented {}

        /** A physical insurance card read at the window, with the payment code for the self-pay part or (null) none yet. */
        record InsuranceCard(String cardNo, String scanned) implements Presented {}

        /** An NFC session, with the scan that completes it or (null) to pay with what the tap brought. */
        record Nfc(String sessionId, String scanned) implements Presented {}

        /** A verified mini-program user paying their own bill (identity from their token, never from the body). */
        record Phone(PaymentSource.Phone source) implements Presented {}
    }

    private static Presented sourceOf(PaymentRequest r) {
        if (r.insuranceCardNo() != null) {
            if (r.cardNo() != null || r.nfcSessionId() != null) throw ApiException.badRequest("AMBIGUOUS_PAYMENT_SOURCE",
                    "insuranceCardNo goes alone, or with the payment code for the self-pay part in scannedCode");
            if (r.scannedCode() != null && r.scannedCode().isBlank()) throw ApiException.badRequest("INVALID_CODE", "scannedCode is empty");
            return new Presented.InsuranceCard(InsuranceCards.checked(r.insuranceCardNo()), r.scannedCode());
        }
        boolean nfc = r.nfcSessionId() != null;
        int given = (nfc || r.scannedCode() != null ? 1 : 0) + (r.cardNo() == null ? 0 : 1);
        if (given == 0) throw ApiException.badRequest("PAYMENT_SOURCE_REQUIRED", "give one of scannedCode, nfcSessionId or cardNo");
        if (given > 1) throw ApiException.badRequest("AMBIGUOUS_PAYMENT_SOURCE", "give only one of scannedCode, nfcSessionId or cardNo (a scan may accompany nfcSessionId)");
        if (r.cardNo() != null) {
            if (r.cardNo().isBlank() || r.cardNo().length() > 32) throw ApiException.badRequest("INVALID_CARD_NO", "cardNo must be 1-32 characters");
            return new Presented.CardNo(r.cardNo().strip());
        }
        if (nfc && r.nfcSessionId().isBlank()) throw ApiException.badRequest("INVALID_NFC_SESSION", "nfcSessionId is empty");
        if (r.scannedCode() != null && r.scannedCode().isBlank()) throw ApiException.badRequest("INVALID_CODE", "scannedCode is empty");
        if (nfc) return new Presented.Nfc(r.nfcSessionId(), r.scannedCode());
        return new Presented.Scanned(r.scannedCode());
    }

    private PaymentRow newRow(UUID id, Terminal t, Bill bill, PaymentSource source) {
        Plan plan = bill.medType() == Bill.MedType.INPATIENT && !(source instanceof PaymentSource.Card) ? Plan.CHANNEL_ONLY : switch (source) {
            case PaymentSource.ChannelCode c -> Plan.CHANNEL_ONLY;
            case PaymentSource.Insured i -> i.authorisesSelfPay() ? Plan.INSURANCE_AND_CHANNEL : Plan.INSURANCE_THEN_CODE;
            case PaymentSource.Card c -> Plan.CARD;
            case PaymentSource.Phone ph -> Plan.PHONE;
        };
        PaymentSource.Insured insured = switch (source) {
            case PaymentSource.Card c -> c.insured();
            case PaymentSource.Insured i -> i;
            case PaymentSource.Phone ph -> ph.insured();
            case PaymentSource.ChannelCode c -> null;
        };
        String certType = insured != null ? insured.certType().name() : null;
        byte[] cert = insured != null ? box.seal(insured.certNo().getBytes(StandardCharsets.UTF_8)) : null;
        return new PaymentRow(id, t.hospitalId(), t.terminalId(), t.windowId(), bill.billNo(), bill.medType().name(),
                json.writeValueAsString(bill.items()), bill.total().fen(), source.kind(), source.masked(), plan,
                PaymentStatus.RECEIVED, Stage.CREATED, certType, cert, null, null, null, null, null, null, null, null,
                null, null, 0, store.now().plus(props.awaitingCodeTtl()), null, null, null, null, null);
    }

    private Bill billOf(PaymentRow p) {
        var lines = java.util.List.of(json.readValue(p.itemsJson(), Bill.Line[].class));
        return new Bill(p.billNo(), Bill.MedType.valueOf(p.medType()), lines, org.hospay.channels.Money.ofFen(p.totalFen()));
    }

    private PaymentSource.Insured insuredOf(PaymentRow p) {
        return new PaymentSource.Insured(p.sourceKind(), InsurancePort.CertType.valueOf(p.certType()), new String(box.open(p.certEnc()), StandardCharsets.UTF_8),
                p.sourceMasked(), null, null, null, null, null);
    }
}
