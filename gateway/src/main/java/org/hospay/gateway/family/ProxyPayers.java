package org.hospay.gateway.family;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hospay.channels.Channel;
import org.hospay.channels.Charge;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.WithholdRequest;
import org.hospay.code.Masking;
import org.hospay.gateway.family.FamilyStore.DeductionStatus;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.ProxyPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Family-proxy deductions (docs/architecture.md §8): the card's payers are tried in priority order. For each, the
 * binding's limits are reserved atomically in PostgreSQL together with the intent (a SENT deduction), then
 * the channel is asked to deduct under the payer's agreement. A definite decline (insufficient funds, a
 * refused or ended agreement, WeChat's once-a-day or hours rule) releases the reservation and moves on to
 * the next payer; an unknown outcome stops the walk: that deduction is resolved first (query, then
 * reverse), because trying another payer meanwhile could make two payers pay one bill. The payer hears of
 * every deduction and every failure through the outbox, written in the transaction that records it.
 */
@Component
class ProxyPayers implements ProxyPort {

    private static final Logger log = LoggerFactory.getLogger(ProxyPayers.class);
    static final String NO_PAYER = "NO_PAYER_AVAILABLE";

    private final FamilyStore store;
    private final WithholdingChannels channels;
    private final Identities identities;
    private final FamilyProperties props;

    ProxyPayers(FamilyStore store, WithholdingChannels channels, Identities identities, FamilyProperties props) {
        this.store = store;
        this.channels = channels;
        this.identities = identities;
        this.props = props;
    }

    @Override
    public Mono<Holder> holder(String hospitalId, String cardNo) {
        return store.bindingsOfCard(hospitalId, cardNo).next()
                .map(b -> new Holder(b.cardNo(), identities.open(b.patientIdEnc()), Masking.mask(b.cardNo())));
    }

    // ------------------------------------------------------------------ deduct

    @Override
    public Mono<Outcome<ChargePort.Charge>> deduct(Deduction d) {
        return store.bindingsOfCard(d.hospitalId(), d.cardNo()).collectList()
                .flatMap(payers -> next(d, payers, 0, new ArrayList<>()))
                .onErrorResume(e -> {
                    // A database failure after a deduction may have been sent: the engine resolves it by query.
                    log.error("payment {}: family-proxy deduction interrupted", d.paymentId(), e);
                    return Mono.just(Outcome.unknown("family-proxy deduction interrupted: " + e));
                });
    }

    private Mono<Outcome<ChargePort.Charge>> next(Deduction d, List<Binding> payers, int i, List<String> reasons) {
        if (i == payers.size()) {
            String why = reasons.isEmpty() ? "the card has no payer" : String.join("; ", reasons);
            log.debug("payment {}: no family payer could pay {} ({})", d.paymentId(), d.amount(), why);
            return Mono.just(Outcome.declined(NO_PAYER, "no family payer could pay: " + why, NO_PAYER));
        }
        Binding b = payers.get(i);
        Mono<Outcome<ChargePort.Charge>> onward = Mono.defer(() -> next(d, payers, i + 1, reasons));
        if (b.status() != Binding.Status.ACTIVE || b.agreementStatus() != Binding.AgreementStatus.SIGNED) {
            reasons.add(b.bindingId() + " " + b.status());
            return onward;
        }
        ZonedDateTime now = ZonedDateTime.ofInstant(store.now(), props.zone());
        if (b.channel() == Channel.WECHAT && !props.wechatHours().contain(now.toLocalTime())) {
            return skipped(d, b, "WECHAT_OUTSIDE_HOURS", "微信代扣仅在 " + props.wechatHours().from() + "–" + props.wechatHours().until() + " 可用", reasons)
                    .then(onward);
        }
        LocalDate day = now.toLocalDate();
        LocalDate month = day.withDayOfMonth(1);
        UUID deductionId = UUID.randomUUID();
        var deduction = new FamilyStore.Deduction(deductionId, b.bindingId(), d.paymentId(), d.billNo(), d.requestId(), b.channel(),
                outTradeNo(deductionId), d.amount().fen(), day, month, DeductionStatus.SENT, null, null, 0);
        Mono<Boolean> reserved = store.inTransaction(store.reserve(b.bindingId(), d.amount().fen(), day, month)
                .flatMap(ok -> ok ? store.insertDeduction(deduction).thenReturn(true) : Mono.just(false)));
        return reserved.flatMap(ok -> {
            if (!ok) {
                return store.binding(b.bindingId())
                        .flatMap(now$ -> skipped(d, now$, limitReason(now$, d.amount().fen(), day, month), "额度或状态不允许", reasons))
                        .then(onward);
            }
            var request = new WithholdRequest(b.agreementId(), deduction.outTradeNo(), d.amount(), "医院缴费 " + d.billNo());
            return channels.withhold(b.channel(), request).flatMap(outcome -> switch (outcome) {
                case Outcome.Succeeded<Charge> s -> succeeded(b, deduction, s.value());
                case Outcome.Declined<Charge> x -> declined(b, deduction, x.code(), x.message())
                        .then(Mono.fromRunnable(() -> reasons.add(b.bindingId() + " " + x.code())))
                        .then(onward);
                case Outcome.Pending<Charge> p -> store.markUnknown(deductionId).thenReturn(Outcome.<ChargePort.Charge>pending(p.vendorCode()));
                case Outcome.Unknown<Charge> u -> store.markUnknown(deductionId).thenReturn(Outcome.<ChargePort.Charge>unknown(u.cause()));
            });
        }).onErrorResume(DataIntegrityViolationException.class,
                // Another deduction of this leg is live (the leg was driven twice): that one decides, by query.
                e -> Mono.just(Outcome.unknown("another deduction of leg " + d.requestId() + " is in progress")));
    }

    /** Why a reservation was refused, read back from the binding (a label for the payer; the UPDATE decided). */
    private static String limitReason(Binding b, long amount, LocalDate day, LocalDate month) {
        if (b.status() != Binding.Status.ACTIVE || b.agreementStatus() != Binding.AgreementStatus.SIGNED) return "BINDING_NOT_ACTIVE";
        if (amount > b.perPaymentFen()) return "PER_PAYMENT_LIMIT";
        if (b.usedOn(day) + amount > b.perDayFen()) return "DAILY_LIMIT";
        if (b.usedInMonth(month) + amount > b.perMonthFen()) return "MONTHLY_LIMIT";
        if (b.channel() == Channel.WECHAT && day.equals(b.wechatDay())) return "WECHAT_ONCE_A_DAY";
        return "LIMIT";
    }

    private Mono<Void> skipped(Deduction d, Binding b, String code, String text, List<String> reasons) {
        reasons.add(b.bindingId() + " " + code);
        log.debug("payment {}: payer binding {} skipped ({})", d.paymentId(), b.bindingId(), code);
        return store.notify(b.payerId(), PayerMessages.DEDUCTION_FAILED, b.bindingId(), d.paymentId(),
                PayerMessages.failed(b, d.billNo(), d.amount().fen(), code + " " + text, store.now()));
    }

    // ------------------------------------------------------------------ outcomes of one deduction

    private Mono<Outcome<ChargePort.Charge>> succeeded(Binding b, FamilyStore.Deduction d, Charge charge) {
        return store.inTransaction(store.settleDeduction(d.deductionId(), DeductionStatus.SUCCEEDED, null, charge.channelTradeNo())
                        .flatMap(changed -> changed
                                ? store.notify(b.payerId(), PayerMessages.DEDUCTED, b.bindingId(), d.paymentId(),
                                        PayerMessages.deducted(b, d.billNo(), d.amountFen(), charge.channelTradeNo(), store.now()))
                                : Mono.empty()))
                .doOnSuccess(v -> log.debug("payment {}: {} deducted from payer binding {} on {}", d.paymentId(), d.amountFen(),
                        b.bindingId(), b.channel()))
                .thenReturn(Outcome.succeeded(new ChargePort.Charge(charge.channelTradeNo(), charge.amount())));
    }

    /** A definite decline: nothing moved, the reservation (and WeChat's day, which only successes use) is given back. */
    private Mono<Void> declined(Binding b, FamilyStore.Deduction d, String code, String message) {
        log.debug("payment {}: payer binding {} declined on {} ({})", d.paymentId(), b.bindingId(), b.channel(), code);
        return store.inTransaction(store.settleDeduction(d.deductionId(), DeductionStatus.DECLINED, code, null)
                .flatMap(changed -> changed
                        ? store.release(b.bindingId(), d.amountFen(), d.dayKey(), d.monthKey(), true)
                                .then(store.notify(b.payerId(), PayerMessages.DEDUCTION_FAILED, b.bindingId(), d.paymentId(),
                                        PayerMessages.failed(b, d.billNo(), d.amountFen(), code + " " + message, store.now())))
                        : Mono.empty()));
    }

    // ------------------------------------------------------------------ query, reverse, refund by leg

    @Override
    public Mono<Outcome<ChargePort.Charge>> query(String requestId) {
        return store.lastDeduction(requestId).flatMap(d -> switch (d.status()) {
                    case SUCCEEDED -> Mono.just(Outcome.<ChargePort.Charge>succeeded(new ChargePort.Charge(d.channelTradeNo(), Money.ofFen(d.amountFen()))));
                    case DECLINED, REVERSED -> Mono.just(Outcome.<ChargePort.Charge>declined(
                            d.declineCode() == null ? DeclineCodes.ORDER_CLOSED : d.declineCode(), "deduction " + d.outTradeNo() + " is " + d.status(), d.status().name()));
                    case SENT, UNKNOWN -> store.binding(d.bindingId()).flatMap(b -> channels.query(d.channel(), d.outTradeNo()).flatMap(o -> switch (o) {
                        case Outcome.Succeeded<Charge> s -> succeeded(b, d, s.value());
                        case Outcome.Declined<Charge> x -> x.refusedBeforeSending() ? Mono.just(Outcome.<ChargePort.Charge>declined(x.code(), x.message(), x.vendorCode()))
                                : declined(b, d, x.code(), x.message()).thenReturn(Outcome.<ChargePort.Charge>declined(x.code(), x.message(), x.vendorCode()));
                        case Outcome.Pending<Charge> p -> Mono.just(Outcome.<ChargePort.Charge>pending(p.vendorCode()));
                        case Outcome.Unknown<Charge> u -> Mono.just(Outcome.<ChargePort.Charge>unknown(u.cause()));
                    }));
                })
                .defaultIfEmpty(Outcome.declined(DeclineCodes.ORDER_NOT_FOUND, "no deduction was made for leg " + requestId, "NO_DEDUCTION"))
                .onErrorResume(e -> Mono.just(Outcome.unknown("family-proxy query failed: " + e)));
    }

    /**
     * Makes sure the leg's deduction cannot take money (open or declined by query) or gives it back (succeeded):
     * the channel's reversal closes the order whatever its state.
     */
    @Override
    public Mono<Outcome<ChargePort.Reversal>> reverse(String requestId) {
        return store.lastDeduction(requestId).flatMap(d -> {
                    if (d.status() == DeductionStatus.REVERSED) return Mono.just(Outcome.succeeded(new ChargePort.Reversal(true, false)));
                    return store.binding(d.bindingId()).flatMap(b -> channels.reverse(d.channel(), d.outTradeNo()).flatMap(o -> switch (o) {
                        case Outcome.Succeeded<org.hospay.channels.Reversal> s -> s.value().retry()
                                ? Mono.just(Outcome.succeeded(new ChargePort.Reversal(false, true)))
                                : closed(b, d).thenReturn(Outcome.succeeded(new ChargePort.Reversal(true, false)));
                        case Outcome.Declined<org.hospay.channels.Reversal> x -> switch (x.code()) {
                            case DeclineCodes.ORDER_NOT_FOUND, DeclineCodes.ORDER_CLOSED, DeclineCodes.ORDER_REVERSED ->
                                    closed(b, d).thenReturn(Outcome.<ChargePort.Reversal>declined(x.code(), x.message(), x.vendorCode()));
                            default -> Mono.just(Outcome.<ChargePort.Reversal>declined(x.code(), x.message(), x.vendorCode()));
                        };
                        case Outcome.Pending<org.hospay.channels.Reversal> p -> Mono.just(Outcome.<ChargePort.Reversal>pending(p.vendorCode()));
                        case Outcome.Unknown<org.hospay.channels.Reversal> u -> Mono.just(Outcome.<ChargePort.Reversal>unknown(u.cause()));
                    }));
                })
                .defaultIfEmpty(Outcome.succeeded(new ChargePort.Reversal(true, false)))
                .onErrorResume(e -> Mono.just(Outcome.unknown("family-proxy reversal failed: " + e)));
    }

    /** The channel closed the deduction's order: an open deduction is over, a paid one returned; the limits get it back. */
    private Mono<Void> closed(Binding b, FamilyStore.Deduction d) {
        return store.inTransaction(store.settleDeduction(d.deductionId(), DeductionStatus.REVERSED, "REVERSED", null)
                .flatMap(wasOpen -> wasOpen ? Mono.just(true) : store.reversedAfterSuccess(d.deductionId()))
                .flatMap(changed -> changed
                        ? store.release(b.bindingId(), d.amountFen(), d.dayKey(), d.monthKey(), d.status() != DeductionStatus.SUCCEEDED)
                        : Mono.empty()));
    }

    /** Refunds go back the way the money came: on the payer's channel, under their deduction's order number. */
    @Override
    public Mono<Outcome<ChargePort.Charge>> refund(String requestId, String outRefundNo, Money amount) {
        return store.deductionsOfLeg(requestId).filter(d -> d.status() == DeductionStatus.SUCCEEDED).next()
                .flatMap(d -> store.binding(d.bindingId()).flatMap(b -> channels.refund(d.channel(),
                                new RefundRequest(d.outTradeNo(), outRefundNo, amount, Money.ofFen(d.amountFen())))
                        .flatMap(o -> switch (o) {
                            case Outcome.Succeeded<org.hospay.channels.Refund> s -> store.inTransaction(
                                            store.addRefund(d.deductionId(), outRefundNo, amount.fen()).flatMap(first -> first
                                                    ? store.release(b.bindingId(), amount.fen(), d.dayKey(), d.monthKey(), false)
                                                            .then(store.notify(b.payerId(), PayerMessages.REFUNDED, b.bindingId(), d.paymentId(),
                                                                    PayerMessages.refunded(b, d.billNo(), amount.fen(), outRefundNo, store.now())))
                                                    : Mono.empty()))
                                    .thenReturn(Outcome.<ChargePort.Charge>succeeded(new ChargePort.Charge(s.value().channelRefundNo(), s.value().amount())));
                            case Outcome.Declined<org.hospay.channels.Refund> x -> Mono.just(Outcome.<ChargePort.Charge>declined(x.code(), x.message(), x.vendorCode()));
                            case Outcome.Pending<org.hospay.channels.Refund> p -> Mono.just(Outcome.<ChargePort.Charge>pending(p.vendorCode()));
                            case Outcome.Unknown<org.hospay.channels.Refund> u -> Mono.just(Outcome.<ChargePort.Charge>unknown(u.cause()));
                        })))
                .defaultIfEmpty(Outcome.declined(DeclineCodes.ORDER_NOT_PAID, "leg " + requestId + " has no successful deduction", "NO_DEDUCTION"))
                .onErrorResume(e -> Mono.just(Outcome.unknown("family-proxy refund failed: " + e)));
    }

    /** A deduction's order number: 'F' + 31 hex digits of its id (WeChat allows 32; never a payment's own 'P' number). */
    static String outTradeNo(UUID deductionId) {
        return "F" + deductionId.toString().replace("-", "").substring(1);
    }
}
