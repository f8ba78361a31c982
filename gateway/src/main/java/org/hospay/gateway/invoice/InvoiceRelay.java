package org.hospay.gateway.invoice;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.invoice.EInvoicePlatform;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issues receipts through the e-invoice platform, from the outbox: every {@code interval} it writes the receipts
 * payments and refunds call for (a first receipt for a payment that succeeded; for a refund the red-flush of the
 * live receipt and, after a partial refund, a receipt re-issued for what stays paid), then sends the due ones in
 * order. Every call is idempotent by our number, so one not answered is simply made again, with exponential
 * backoff (1 s doubling to 5 minutes); an outage of the platform only delays receipts.
 */
@Component
@ConditionalOnProperty(name = "hospay.invoice.enabled", havingValue = "true")
class InvoiceRelay extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(InvoiceRelay.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** How much earlier than the last pass a pass looks again (SweepWindow). */
    private static final Duration OVERLAP = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InvoiceStore store;
    private final EInvoicePlatform platform;
    private final InvoiceProperties props;
    private final SweepWindow payments;
    private final SweepWindow refunds;

    InvoiceRelay(InvoiceStore store, EInvoicePlatform platform, InvoiceProperties props) {
        super("invoice relay");
        this.store = store;
        this.platform = platform;
        this.props = props;
        this.payments = new SweepWindow(props.lookBack(), props.fullSweepEvery(), OVERLAP);
        this.refunds = new SweepWindow(props.lookBack(), props.fullSweepEvery(), OVERLAP);
    }

    @Override
    protected Duration firstDelay() {
        return props.interval();
    }

    @Override
    protected Duration period() {
        return props.interval();
    }

    @Override
    protected Mono<Void> pass() {
        Instant now = store.now();
        boolean paymentsFull = payments.full(now);
        boolean refundsFull = refunds.full(now);
        // A pass flushes at most a batch of refunds, oldest first: while a batch comes back full the refunds' window
        // stays where it was. What a narrower window still misses (a refund whose receipt was not ready to flush
        // yet), the next full sweep finds.
        return store.deriveFirst(payments.since(now))
                .doOnNext(derived -> payments.completed(now, paymentsFull))
                .thenMany(store.refundsToFlush(refunds.since(now), props.batch()))
                .concatMap(refund -> store.flushFor(refund).thenReturn(refund))
                .count()
                .doOnNext(found -> {
                    if (found < props.batch()) refunds.completed(now, refundsFull);
                })
                .then(Mono.defer(() -> store.claimDue(props.batch(), LEASE).concatMap(this::send).then()));
    }

    private Mono<Void> send(InvoiceStore.Row row) {
        Mono<Outcome<EInvoicePlatform.Invoice>> call = "RED".equals(row.kind())
                ? store.ofPayment(row.paymentId()).filter(i -> i.invoiceId().equals(row.flushes())).next()
                        .flatMap(blue -> platform.redFlush(row.outNo(), blue.invoiceCode(), blue.invoiceNo(), "退费"))
                : platform.issue(request(row));
        return call.flatMap(o -> switch (o) {
            case Outcome.Succeeded<EInvoicePlatform.Invoice> s -> store.issued(row, s.value().invoiceCode(), s.value().invoiceNo(),
                    s.value().checkCode(), s.value().pdfUrl(), s.value().verifyUrl(), s.value().issuedAt());
            case Outcome.Declined<EInvoicePlatform.Invoice> d -> d.refusedBeforeSending()
                    ? later(row, "not sent: " + d.code())
                    // The platform refused this receipt for good: it stays FAILED for finance to see (docs/finance.md).
                    : store.retryLater(row, Duration.ZERO, d.code() + ": " + d.message(), true)
                            .doOnSuccess(v -> log.error("invoice {} of payment {} refused by the platform: {} {}", row.outNo(), row.paymentId(),
                                    d.code(), d.message()));
            case Outcome.Pending<EInvoicePlatform.Invoice> p -> later(row, "pending");
            case Outcome.Unknown<EInvoicePlatform.Invoice> u -> later(row, u.cause());
        }).onErrorResume(e -> later(row, e.toString()));
    }

    private Mono<Void> later(InvoiceStore.Row row, String why) {
        Duration after = Duration.ofSeconds(Math.min(300, 1L << Math.min(row.attempts(), 9)));
        log.info("invoice {} of payment {} not issued yet (attempt {}), again in {}: {}", row.outNo(), row.paymentId(), row.attempts() + 1, after, why);
        return store.retryLater(row, after, why, false);
    }

    /** What the receipt shows: the bill's items on a first receipt; one line for what stays paid on a re-issue. */
    static EInvoicePlatform.IssueRequest request(InvoiceStore.Row row) {
        List<EInvoicePlatform.Item> items = new ArrayList<>();
        if (row.refundId() == null && row.itemsJson() != null) {
            for (JsonNode i : JSON.readTree(row.itemsJson())) {
                items.add(new EInvoicePlatform.Item(i.path("name").asString(""), i.path("category").asString(""), Money.ofFen(i.path("amountFen").asLong())));
            }
        } else {
            items.add(new EInvoicePlatform.Item("医疗费用(退费后)", "OTHER", Money.ofFen(row.amountFen())));
        }
        long self = row.amountFen() - row.fundPayFen() - row.accountPayFen();
        return new EInvoicePlatform.IssueRequest(row.outNo(), "患者", row.billNo(), Money.ofFen(row.amountFen()), Money.ofFen(row.fundPayFen()),
                Money.ofFen(row.accountPayFen()), Money.ofFen(self), items);
    }
}
