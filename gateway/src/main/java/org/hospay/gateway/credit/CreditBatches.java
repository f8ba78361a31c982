package org.hospay.gateway.credit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.bank.BankFiles;
import org.hospay.channels.bank.CreditBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The 00:00 (Beijing) batch to the bank, in three steps each of which a crash may interrupt and a later run
 * finishes: <b>prepare</b> (the file of the day's OPEN consumptions, plus earlier ones never sent and UNPAID
 * ones tried again, written and stored in one transaction with the lines it carries), <b>submit</b> (the stored
 * file, again and again until the bank accepts it: the bank takes the same file under the same number as the same
 * submission, so a submission whose answer was lost is simply sent again), <b>apply</b> (the result file, once).
 * Consumptions are counted once: a consumption is in at most one batch at a time and the bank deducts a
 * consumption id at most once.
 */
@Component
class CreditBatches {

    private static final Logger log = LoggerFactory.getLogger(CreditBatches.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    private final BatchStore batches;
    private final CreditStore store;
    private final CreditBank bank;
    private final CreditProperties props;
    private final CreditClock clock;

    CreditBatches(BatchStore batches, CreditStore store, CreditBank bank, CreditProperties props, CreditClock clock) {
        this.batches = batches;
        this.store = store;
        this.bank = bank;
        this.props = props;
        this.clock = clock;
    }

    /** The batch number of a day: {@code HB<yyyyMMdd>}. */
    static String batchNo(LocalDate date) {
        return "HB" + DAY.format(date);
    }

    String merchantNo() {
        return props.bank().demoKeys() ? "HOSPAY-DEMO-BANK" : props.bank().merchantNo();
    }

    /** The last day whose batch is due: yesterday, Beijing time (the day is cut at 00:00). */
    LocalDate lastClosedDay() {
        return clock.clock().instant().atZone(props.zone()).toLocalDate().minusDays(1);
    }

    /** Writes the batch of {@code date} if it is not written yet and has lines; the stored one otherwise. */
    Mono<BatchStore.Batch> prepare(LocalDate date) {
        return batches.batch(date).switchIfEmpty(Mono.defer(() -> store.inTransaction(batches.dueLines(date).collectList()
                        .zipWith(batches.dueRefunds(date).collectList())
                        .filter(t -> !t.getT1().isEmpty() || !t.getT2().isEmpty())
                        .flatMap(t -> {
                            Instant now = clock.clock().instant();
                            CreditBank.ConsumptionBatch file = file(date, t.getT1(), t.getT2());
                            String text = BankFiles.writeConsumption(file);
                            return batches.insert(date, file.batchNo(), text, t.getT1(), t.getT2(), file.total().fen(), now);
                        }))
                        // Another run wrote it at the same moment: theirs is the batch.
                        .onErrorResume(org.springframework.dao.DataIntegrityViolationException.class, e -> batches.batch(date)))
                .doOnNext(b -> log.info("credit batch {}: {} lines, {} fen", b.batchNo(), b.recordCount(), b.totalFen())));
    }

    private CreditBank.ConsumptionBatch file(LocalDate date, List<BatchStore.Due> lines, List<BatchStore.RefundDue> due) {
        var consumptions = lines.stream().map(d -> new CreditBank.Consumption(d.consumptionId(), d.customerNo(), Money.ofFen(d.amountFen()),
                BatchStore.local(d.occurredAt(), props.zone()).withNano(0), d.billNo())).toList();
        var refunds = due.stream().map(r -> new CreditBank.Refund(r.refundNo(), r.customerNo(), Money.ofFen(r.amountFen()),
                BatchStore.local(r.refundedAt(), props.zone()).withNano(0), r.consumptionId())).toList();
        return new CreditBank.ConsumptionBatch(merchantNo(), batchNo(date), date, date.plusDays(1).atStartOfDay(), consumptions, refunds);
    }

    /** Takes a batch as far as it goes now: submitted if not yet, its result applied if the bank has one. */
    Mono<BatchStore.Batch> advance(BatchStore.Batch b) {
        Mono<Boolean> submitted = b.status().equals("CREATED") ? submit(b) : Mono.just(true);
        return submitted.flatMap(ok -> ok ? fetchAndApply(b) : Mono.empty()).then(batches.batch(b.batchDate()));
    }

    /** Sends the stored file again (a re-run of the date): the bank answers it as the same submission. */
    Mono<BatchStore.Batch> rerun(LocalDate date) {
        return batches.batch(date).flatMap(b -> submit(b).flatMap(ok -> ok ? fetchAndApply(b) : Mono.empty()).then(batches.batch(date)));
    }

    private Mono<Boolean> submit(BatchStore.Batch b) {
        return bank.submitBatch(BankFiles.parseConsumption(b.fileText())).flatMap(o -> switch (o) {
            case Outcome.Succeeded<CreditBank.BatchReceipt> s -> batches.submitted(b.batchDate()).thenReturn(true);
            case Outcome.Declined<CreditBank.BatchReceipt> d -> failed(b, "submission refused: " + d.code() + " " + d.message());
            case Outcome.Pending<CreditBank.BatchReceipt> p -> failed(b, "submission pending");
            case Outcome.Unknown<CreditBank.BatchReceipt> u -> failed(b, "submission unanswered: " + u.cause());
        });
    }

    private Mono<Boolean> failed(BatchStore.Batch b, String why) {
        log.warn("credit batch {} not through yet ({}); the next run sends it again", b.batchNo(), why);
        return batches.failedAttempt(b.batchDate(), why).thenReturn(false);
    }

    private Mono<Void> fetchAndApply(BatchStore.Batch b) {
        return bank.fetchResult(b.batchNo()).flatMap(o -> switch (o) {
            case Outcome.Succeeded<CreditBank.BatchResult> s -> apply(b, s.value());
            case Outcome.Declined<CreditBank.BatchResult> d -> failed(b, "result refused: " + d.code()).then();
            case Outcome.Pending<CreditBank.BatchResult> p -> Mono.empty();
            case Outcome.Unknown<CreditBank.BatchResult> u -> failed(b, "result unreadable: " + u.cause()).then();
        });
    }

    private Mono<Void> apply(BatchStore.Batch b, CreditBank.BatchResult result) {
        if (!result.batchNo().equals(b.batchNo()) || result.lines().size() != b.recordCount()) {
            return failed(b, "result file names batch " + result.batchNo() + " with " + result.lines().size() + " lines").then();
        }
        var consumptions = result.lines().stream().filter(l -> !l.refund()).toList();
        var refunds = result.lines().stream().filter(CreditBank.ResultLine::refund).toList();
        String[] ids = consumptions.stream().map(CreditBank.ResultLine::consumptionId).toArray(String[]::new);
        String[] codes = consumptions.stream().map(l -> l.result().code()).toArray(String[]::new);
        String[] refundNos = refunds.stream().map(CreditBank.ResultLine::consumptionId).toArray(String[]::new);
        String[] refundCodes = refunds.stream().map(l -> l.result().code()).toArray(String[]::new);
        LocalDate due = b.batchDate().plusDays(props.repayDays());
        return batches.apply(b.batchDate(), ids, codes, refundNos, refundCodes, result.deducted().fen(), result.credited().fen(), due,
                        clock.clock().instant(), props.raiseAfter(), props.raiseStepFen(), props.maxLineFen())
                .doOnNext(fen -> log.info("credit batch {} applied: {} fen deducted of {}, {} fen credited back", b.batchNo(), fen,
                        b.totalFen(), result.credited().fen()))
                .then();
    }
}
