package org.hospay.gateway.credit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.CreditPort;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The engine's side of credit care ({@link CreditPort}): consumptions against the line, recorded in real time
 * (the consumption row is the clearing record: the bank owes the hospital its amount, the patient owes the bank),
 * reversed or refunded before the batch (the line restored, the batch never sees it), or refunded after it as
 * a credit refund for the bank.
 */
@Component
class CreditLedger implements CreditPort {

    private static final Logger log = LoggerFactory.getLogger(CreditLedger.class);

    private final CreditStore store;
    private final CreditCodes codes;
    private final CreditIdentity identity;
    private final CreditClock clock;
    private final CreditProperties props;
    private final PatientNotifier notifier;

    CreditLedger(CreditStore store, CreditCodes codes, CreditIdentity identity, CreditClock clock, CreditProperties props,
                 PatientNotifier notifier) {
        this.store = store;
        this.codes = codes;
        this.identity = identity;
        this.clock = clock;
        this.props = props;
        this.notifier = notifier;
    }

    private Instant now() {
        return clock.clock().instant();
    }

    private LocalDate today(Instant at) {
        return at.atZone(props.zone()).toLocalDate();
    }

    private Holder holder(Account a) {
        return new Holder(a.cardNo(), identity.open(a.idEnc()), a.idMasked(), a.blacklisted(), a.availableFen());
    }

    @Override
    public Mono<Holder> holder(String hospitalId, String cardNo) {
        return store.account(hospitalId, cardNo).map(this::holder);
    }

    @Override
    public boolean isCreditCode(String raw) {
        return CreditCodes.looksLikeCode(raw);
    }

    @Override
    public Mono<Holder> redeem(String hospitalId, String raw) {
        return Mono.defer(() -> {
            CreditCodes.Verified v = codes.verify(raw, now());
            return store.account(v.accountId())
                    .filter(a -> a.hospitalId().equals(hospitalId))
                    .switchIfEmpty(Mono.error(() -> ApiException.badRequest("CREDIT_CODE_INVALID", "the credit code names no account of this hospital")))
                    .flatMap(a -> {
                        if (a.blacklisted()) {
                            return Mono.error(ApiException.unprocessable("CREDIT_BLACKLISTED",
                                    "this patient's credit is suspended (" + a.overdueCount() + " overdue bills); pay with a payment code"));
                        }
                        return store.claimCode(v.nonce(), a.accountId(), v.expiresAt()).flatMap(first -> first ? Mono.just(holder(a))
                                : Mono.error(ApiException.badRequest("CREDIT_CODE_REPLAYED", "this credit code was already used; refresh it")));
                    });
        });
    }

    @Override
    public Mono<Outcome<ChargePort.Charge>> consume(Consumption c) {
        Instant at = now();
        return store.account(c.hospitalId(), c.cardNo()).flatMap(a -> store.consume(c.requestId(), a.accountId(), c.paymentId(), c.billNo(),
                                c.amount().fen(), at, today(at))
                        .flatMap(done -> notifier.send("credit-use-" + done.consumptionId(), a.userId(), "CREDIT_CONSUMPTION",
                                        Map.of("billNo", done.billNo(), "amountFen", done.amountFen(), "cardNo", a.cardNo()))
                                .thenReturn(charged(done)))
                        .onErrorResume(DataIntegrityViolationException.class, e -> Mono.empty())
                        // Nothing reserved: the same consumption already exists, or the line or the status stopped it.
                        .switchIfEmpty(Mono.defer(() -> query(c.requestId()).flatMap(known -> known instanceof Outcome.Succeeded<?>
                                ? Mono.just(known) : store.account(a.accountId()).map(now -> refusal(now, c.amount().fen()))))))
                .defaultIfEmpty(Outcome.declined("CREDIT_NOT_ENROLLED", "the card is not enrolled in credit care", null));
    }

    private static Outcome<ChargePort.Charge> refusal(Account a, long fen) {
        if (a.blacklisted()) {
            return Outcome.declined("CREDIT_BLACKLISTED", "credit suspended: " + a.statusReason(), null);
        }
        return Outcome.declined("CREDIT_LINE_EXCEEDED", fen + " fen exceeds the available credit of " + a.availableFen() + " fen", null);
    }

    private static Outcome<ChargePort.Charge> charged(org.hospay.gateway.credit.Consumption c) {
        return Outcome.succeeded(new ChargePort.Charge(c.consumptionId(), Money.ofFen(c.amountFen())));
    }

    @Override
    public Mono<Outcome<ChargePort.Charge>> query(String requestId) {
        return store.consumption(requestId)
                .map(c -> c.status().equals("RELEASED")
                        ? Outcome.<ChargePort.Charge>declined("CREDIT_RELEASED", "the consumption was given back", null)
                        : charged(c))
                .defaultIfEmpty(Outcome.declined("ORDER_NOT_FOUND", "no consumption under " + requestId, null));
    }

    @Override
    public Mono<Outcome<ChargePort.Reversal>> reverse(String requestId) {
        return store.release(requestId, now())
                .map(released -> Outcome.succeeded(new ChargePort.Reversal(true, false)))
                .switchIfEmpty(Mono.defer(() -> store.consumption(requestId)
                        .map(c -> c.status().equals("RELEASED") ? Outcome.succeeded(new ChargePort.Reversal(true, false))
                                : Outcome.<ChargePort.Reversal>declined("ORDER_SETTLED", "the consumption went to the bank; refund it", null))
                        .defaultIfEmpty(Outcome.declined("ORDER_NOT_FOUND", "no consumption under " + requestId, null))));
    }

    @Override
    public Mono<Outcome<ChargePort.Charge>> refund(String requestId, String outRefundNo, Money amount) {
        Instant at = now();
        return store.refundKnown(outRefundNo).flatMap(known -> known
                ? Mono.just(refunded(outRefundNo, amount))
                : store.refundUnsettled(outRefundNo, requestId, amount.fen(), at, today(at)).map(c -> refunded(outRefundNo, amount))
                        .switchIfEmpty(Mono.defer(() -> store.creditRefund(outRefundNo, requestId, amount.fen(), today(at), at)
                                .map(ok -> {
                                    if (ok) log.info("credit refund {} of {} for consumption {} goes to the bank", outRefundNo, amount, requestId);
                                    return ok ? refunded(outRefundNo, amount)
                                            : Outcome.<ChargePort.Charge>declined("REFUND_NOT_ALLOWED",
                                            "consumption " + requestId + " has less than " + amount + " left to refund", null);
                                }))));
    }

    private static Outcome<ChargePort.Charge> refunded(String refundNo, Money amount) {
        return Outcome.succeeded(new ChargePort.Charge(refundNo, amount));
    }
}
