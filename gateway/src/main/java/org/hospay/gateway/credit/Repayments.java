package org.hospay.gateway.credit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.CodeReader;
import org.hospay.gateway.payment.PaymentSource;
import org.hospay.gateway.payment.SelfPayMethod;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Repayment of an owed credit bill in the mini-program (docs/credit.md §5): the patient pays what the bill still
 * owes with a WeChat Pay or Alipay payment code their wallet app shows. The bill is repaid once: starting moves it
 * UNPAID → REPAYING (so the bank's batch leaves it out and a second repayment is refused), and only the transaction
 * that ends the PENDING repayment applies it. An unknown outcome is asked again (now, and by the credit jobs for
 * repayments left PENDING), never taken for a failure.
 */
@Component
class Repayments {

    private static final Logger log = LoggerFactory.getLogger(Repayments.class);
    /** A PENDING repayment older than this is asked about by the jobs (longer than any charge's own timeouts). */
    static final Duration SETTLE_AFTER = Duration.ofMinutes(2);

    record Request(String paymentCode) {}

    /** A repayment and whether this request started it (else it is the bill's earlier one, answered again). */
    record Result(RepaymentStore.Repayment repayment, boolean started) {}

    record View(String repaymentNo, String consumptionId, String channel, String paymentCode, long amountFen, String status,
                String failureCode, Boolean onTime, OffsetDateTime createdAt) {
        static View of(RepaymentStore.Repayment r, ZoneId zone) {
            return new View(r.repaymentNo(), r.consumptionId(), r.channel(), r.codeMasked(), r.amountFen(), r.status(), r.failureCode(),
                    r.onTime(), r.createdAt().atZone(zone).toOffsetDateTime());
        }
    }

    private final RepaymentStore repayments;
    private final CreditStore store;
    private final ChargePort charges;
    private final CodeReader codes;
    private final CreditProperties props;
    private final CreditClock clock;
    private final PatientNotifier notifier;

    Repayments(RepaymentStore repayments, CreditStore store, ChargePort charges, CodeReader codes, CreditProperties props, CreditClock clock,
               PatientNotifier notifier) {
        this.repayments = repayments;
        this.store = store;
        this.charges = charges;
        this.codes = codes;
        this.props = props;
        this.clock = clock;
        this.notifier = notifier;
    }

    /** Repays the account's bill {@code consumptionId}; a bill repaid before answers its repayment again. */
    Mono<Result> repay(Account account, String consumptionId, Request request) {
        return Mono.defer(() -> {
            if (request == null || request.paymentCode() == null || request.paymentCode().isBlank()) {
                throw ApiException.badRequest("PAYMENT_CODE_REQUIRED", "paymentCode is required: the payment code your WeChat or Alipay app shows");
            }
            PaymentSource source = codes.read(request.paymentCode().strip());
            if (!(source instanceof PaymentSource.ChannelCode code)
                    || (code.method() != SelfPayMethod.WECHAT && code.method() != SelfPayMethod.ALIPAY)) {
                throw ApiException.unprocessable("REPAYMENT_CHANNEL_NOT_SUPPORTED", "a credit bill is repaid with a WeChat Pay or Alipay payment code");
            }
            return store.consumption(consumptionId).filter(c -> c.accountId().equals(account.accountId()))
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("CREDIT_BILL_NOT_FOUND", "no such bill on this credit account")))
                    .flatMap(bill -> repayments.live(consumptionId)
                            .flatMap(known -> known.status().equals("PENDING") ? settle(known) : Mono.just(known))
                            .map(known -> new Result(known, false))
                            .switchIfEmpty(Mono.defer(() -> start(account, bill, code).map(r -> new Result(r, true)))));
        });
    }

    private Mono<RepaymentStore.Repayment> start(Account account, Consumption bill, PaymentSource.ChannelCode code) {
        Channel channel = code.method().codeChannel().orElseThrow();
        String no = "CR" + HexFormat.of().formatHex(randomBytes());
        Instant now = clock.clock().instant();
        return repayments.start(no, bill.consumptionId(), account.accountId(), channel.name(), code.masked(), now)
                .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class, e -> Mono.empty())
                .switchIfEmpty(Mono.error(() -> notOwed(bill)))
                .flatMap(r -> charges.charge(channel, no, code.authCode(), Money.ofFen(r.amountFen()), "credit repayment " + bill.billNo())
                        .flatMap(o -> switch (o) {
                            case Outcome.Succeeded<ChargePort.Charge> s -> succeeded(r, s.value().channelTradeNo());
                            case Outcome.Declined<ChargePort.Charge> d -> declined(r, d.code());
                            // Not known yet: ask once now; the jobs ask again later.
                            default -> charges.query(channel, no).flatMap(q -> q instanceof Outcome.Succeeded<ChargePort.Charge> s
                                    ? succeeded(r, s.value().channelTradeNo()) : Mono.just(r));
                        }));
    }

    private static ApiException notOwed(Consumption bill) {
        return switch (bill.status()) {
            case "BATCHED" -> ApiException.conflict("CREDIT_BILL_IN_BATCH",
                    "the bank is deducting this bill in tonight's batch; look again once its result is in");
            case "REPAYING" -> ApiException.conflict("REPAYMENT_IN_PROGRESS", "a repayment of this bill is running");
            default -> ApiException.conflict("CREDIT_BILL_NOT_OWED", "nothing is owed on this bill (" + bill.status() + ")");
        };
    }

    /** Asks the channel about a PENDING repayment and ends it if the answer is definite. */
    Mono<RepaymentStore.Repayment> settle(RepaymentStore.Repayment r) {
        Channel channel = Channel.valueOf(r.channel());
        return charges.query(channel, r.repaymentNo()).flatMap(o -> switch (o) {
            case Outcome.Succeeded<ChargePort.Charge> s -> succeeded(r, s.value().channelTradeNo());
            // Never reached the channel or closed there: close it for sure before the bill is owed again.
            case Outcome.Declined<ChargePort.Charge> d -> charges.reverse(channel, r.repaymentNo())
                    .flatMap(rev -> closed(rev) ? declined(r, d.code()) : Mono.just(r));
            default -> Mono.just(r);
        });
    }

    private static boolean closed(Outcome<ChargePort.Reversal> reversal) {
        return reversal instanceof Outcome.Succeeded<ChargePort.Reversal> ok ? ok.value().done()
                : reversal instanceof Outcome.Declined<ChargePort.Reversal> d && "ORDER_NOT_FOUND".equals(d.code());
    }

    /** The jobs' part: repayments left PENDING (a crash, a timeout) are asked about again. */
    Mono<Long> settleLeftovers() {
        return repayments.pendingBefore(clock.clock().instant().minus(SETTLE_AFTER))
                .concatMap(r -> settle(r).onErrorResume(e -> {
                    log.warn("credit repayment {} still unsettled: {}", r.repaymentNo(), e.toString());
                    return Mono.just(r);
                }))
                .filter(r -> !r.status().equals("PENDING")).count();
    }

    private Mono<RepaymentStore.Repayment> succeeded(RepaymentStore.Repayment r, String tradeNo) {
        Instant now = clock.clock().instant();
        LocalDate today = now.atZone(props.zone()).toLocalDate();
        return repayments.succeeded(r.repaymentNo(), tradeNo, today, now, props.raiseAfter(), props.raiseStepFen(), props.maxLineFen())
                .flatMap(done -> store.account(done.accountId())
                        .flatMap(a -> notifier.send("credit-repaid-" + done.repaymentNo(), a.userId(), "CREDIT_REPAID",
                                Map.of("amountFen", done.amountFen(), "cardNo", a.cardNo())))
                        .thenReturn(done))
                .switchIfEmpty(repayments.repayment(r.repaymentNo()));
    }

    private Mono<RepaymentStore.Repayment> declined(RepaymentStore.Repayment r, String code) {
        return repayments.declined(r.repaymentNo(), code, clock.clock().instant()).switchIfEmpty(repayments.repayment(r.repaymentNo()));
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[15];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }
}
