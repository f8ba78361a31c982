package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.hospay.gateway.it.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * The engine's statements on an open payment and its legs name the month's partition that holds them, learned from
 * the rows themselves, instead of the partitioned tables: PostgreSQL then locks and opens that one partition, not
 * every month's (which is what a statement by id on {@code payment} costs). Counted here by the locks a statement
 * leaves in its transaction.
 */
class PartitionAddressingIT extends GatewayIntegrationTest {

    @Autowired
    R2dbcPaymentRepository repo;

    @Autowired
    TransactionalOperator tx;

    /** Runs a statement in a transaction and counts the partitions of payment and payment_leg it locked. */
    private Locked locked(R2dbcPaymentRepository on, Mono<?> statement) {
        String count = """
                SELECT count(*) FILTER (WHERE i.inhparent = 'payment'::regclass) AS payments,
                       count(*) FILTER (WHERE i.inhparent = 'payment_leg'::regclass) AS legs
                FROM pg_locks l JOIN pg_inherits i ON i.inhrelid = l.relation
                WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation'""";
        return on.inTransaction(statement.then(db.sql(count)
                        .map(r -> new Locked(r.get("payments", Long.class), r.get("legs", Long.class))).one()))
                .block(Duration.ofSeconds(30));
    }

    record Locked(long payments, long legs) {}

    private long partitionsOf(String parent) {
        return db.sql("SELECT count(*) FROM pg_inherits WHERE inhparent = '" + parent + "'::regclass")
                .map(r -> r.get(0, Long.class)).one().block();
    }

    private PaymentRow received() {
        return new PaymentRow(UUID.randomUUID(), "it-hospital", WINDOW_ID, "W01", "PART-" + UUID.randomUUID(), "OUTPATIENT", "[]",
                300, "AGGREGATED_CODE", null, Plan.INSURANCE_AND_CHANNEL, PaymentStatus.RECEIVED, Stage.CREATED, null, null,
                null, null, null, null, null, null, null, null, null, null, 0, null, null, null, null, null, null);
    }

    @Test
    void anOpenPaymentsStatementsLockOnlyItsMonthsPartitionAndAFinishedPaymentIsForgotten() {
        assertThat(partitionsOf("payment")).as("this month, months ahead and the rows from before").isGreaterThan(2);
        PaymentRow p = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow insurance = LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, "INSURANCE", 100, "PI-" + UUID.randomUUID());
        LegRow wechat = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "WECHAT", 200, "PW-" + UUID.randomUUID());

        Locked presettled = locked(repo, repo.presettled(p.paymentId(), null, null, 100, 0, 200, "WECHAT",
                List.of(insurance, wechat), PaymentStatus.PROCESSING, Stage.PRESETTLED, null));
        assertThat(presettled.payments()).as("the payment's own month only").isEqualTo(1);
        assertThat(presettled.legs()).as("the new legs are routed to their month").isEqualTo(1);

        Locked sent = locked(repo, repo.legSent(wechat.with(LegStatus.SENT, null, null), "CHARGE"));
        assertThat(sent).isEqualTo(new Locked(0, 1));

        // another instance (recovery after a crash) knows nothing yet: the partitioned table, every month locked
        R2dbcPaymentRepository fresh = new R2dbcPaymentRepository(db, tx, Clock.systemUTC());
        assertThat(locked(fresh, fresh.transition(p.paymentId(), PaymentStatus.PROCESSING, Stage.LEGS_SENT, null, null, "it")))
                .isEqualTo(new Locked(partitionsOf("payment"), 0));
        assertThat(locked(fresh, fresh.legs(p.paymentId()).then())).isEqualTo(new Locked(0, partitionsOf("payment_leg")));
        // ... and learns the partitions from what it read
        assertThat(locked(fresh, fresh.updateLeg(insurance.with(LegStatus.SUCCEEDED, "SETL-1", null)))).isEqualTo(new Locked(0, 1));

        int before = repo.partitionsRemembered();
        PaymentRow done = repo.transition(p.paymentId(), PaymentStatus.SUCCEEDED, Stage.DONE, null, null, "it").block();
        assertThat(done.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(repo.partitionsRemembered()).as("a finished payment is forgotten").isEqualTo(before - 1);
        assertThat(repo.transition(p.paymentId(), PaymentStatus.FAILED, Stage.DONE, null, null, "it").blockOptional())
                .as("a finished payment does not move again, whichever table is asked").isEmpty();
    }

    @Test
    void legsSentAtOnceAreWrittenInOneStatementOnTheirMonthWithOneAttemptEach() {
        PaymentRow p = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow insurance = LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, "INSURANCE", 100, "PI-" + UUID.randomUUID());
        LegRow wechat = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "WECHAT", 200, "PW-" + UUID.randomUUID());
        repo.presettled(p.paymentId(), null, null, 100, 0, 200, "WECHAT", List.of(insurance, wechat),
                PaymentStatus.PROCESSING, Stage.LEGS_SENT, null).block();

        List<LegRow> sent = List.of(insurance.with(LegStatus.SENT, null, null), wechat.with(LegStatus.SENT, null, null));
        AtomicReference<List<PaymentRepository.Sent>> written = new AtomicReference<>();
        Locked locked = locked(repo, repo.legsSent(sent, List.of("SETTLE_2207", "CHARGE")).doOnNext(written::set));
        List<PaymentRepository.Sent> intents = written.get();
        assertThat(locked).as("the legs' own month only").isEqualTo(new Locked(0, 1));
        assertThat(intents).extracting(i -> i.leg().legId()).as("in the order asked")
                .containsExactly(insurance.legId(), wechat.legId());
        assertThat(intents).extracting(i -> i.leg().status()).containsOnly(LegStatus.SENT);
        assertThat(intents).extracting(i -> i.leg().pendingSince()).doesNotContainNull();
        assertThat(attempts(p.paymentId())).containsExactlyInAnyOrder(
                insurance.legId() + " SETTLE_2207 " + insurance.requestId() + " " + intents.get(0).attemptId(),
                wechat.legId() + " CHARGE " + wechat.requestId() + " " + intents.get(1).attemptId());

        // an instance that knows no partition asks the partitioned table: still one attempt per leg and call
        R2dbcPaymentRepository fresh = new R2dbcPaymentRepository(db, tx, Clock.systemUTC());
        assertThat(fresh.legsSent(sent, List.of("SETTLE_2207", "CHARGE")).block()).hasSize(2);
        assertThat(attempts(p.paymentId())).hasSize(4);
    }

    @Test
    void aPlanWrittenWithItsLegsIntentsIsOneStatementOnItsMonthWithTheLegsSentAndOneAttemptEach() {
        PaymentRow p = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow insurance = LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, "INSURANCE", 100, "PI-" + UUID.randomUUID());
        LegRow wechat = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "WECHAT", 200, "PW-" + UUID.randomUUID());
        AtomicReference<PaymentRepository.Planned> written = new AtomicReference<>();

        Locked locked = locked(repo, repo.presettledAndSent(p.paymentId(), null, null, 100, 0, 200, "WECHAT", List.of(insurance, wechat),
                null, List.of("SETTLE_2207", "CHARGE")).doOnNext(written::set));
        PaymentRepository.Planned planned = written.get();
        assertThat(locked).as("the payment's and the legs' own months only").isEqualTo(new Locked(1, 1));
        assertThat(planned.payment().stage()).isEqualTo(Stage.LEGS_SENT);
        assertThat(planned.payment().status()).isEqualTo(PaymentStatus.PROCESSING);
        assertThat(planned.sent()).extracting(i -> i.leg().legId()).as("in the order asked").containsExactly(insurance.legId(), wechat.legId());
        assertThat(repo.legs(p.paymentId()).collectList().block()).as("as stored")
                .allSatisfy(l -> {
                    assertThat(l.status()).isEqualTo(LegStatus.SENT);
                    assertThat(l.pendingSince()).isNotNull();
                });
        assertThat(attempts(p.paymentId())).containsExactlyInAnyOrder(
                insurance.legId() + " SETTLE_2207 " + insurance.requestId() + " " + planned.sent().get(0).attemptId(),
                wechat.legId() + " CHARGE " + wechat.requestId() + " " + planned.sent().get(1).attemptId());
        assertThat(db.sql("SELECT note FROM payment_transition WHERE payment_id = :p").bind("p", p.paymentId())
                .map(r -> r.get("note", String.class)).all().collectList().block()).containsExactly("received", "pre-settled, legs sent");

        // an instance that knows no partition writes the same on the partitioned tables
        PaymentRow q = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow alipay = LegRow.planned(q.paymentId(), LegRow.Kind.SELF_PAY, "ALIPAY", 300, "PA-" + UUID.randomUUID());
        R2dbcPaymentRepository unknowing = new R2dbcPaymentRepository(db, tx, Clock.systemUTC());
        assertThat(unknowing.presettledAndSent(q.paymentId(), null, null, 0, 0, 300, "ALIPAY", List.of(alipay), null, List.of("CHARGE"))
                .block().sent()).singleElement().satisfies(x -> assertThat(attempts(q.paymentId()))
                        .containsExactly(alipay.legId() + " CHARGE " + alipay.requestId() + " " + x.attemptId()));
    }

    @Test
    void theLastLegsSuccessMovesThePaymentToSucceededInOneStatementOnItsMonthsAndNotAFinishedOne() {
        PaymentRow p = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow wechat = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "WECHAT", 300, "PW-" + UUID.randomUUID());
        PaymentRepository.Sent sent = repo.presettledAndSent(p.paymentId(), null, null, 0, 0, 300, "WECHAT", List.of(wechat), null,
                List.of("CHARGE")).block().sent().get(0);
        LegRow paid = sent.leg().with(LegStatus.SUCCEEDED, "4200001", null);
        AtomicReference<PaymentRepository.Completed> written = new AtomicReference<>();

        Locked locked = locked(repo, repo.lastLegSucceeded(p.paymentId(), sent.attemptId(), paid, PaymentEngine.ALL_SUCCEEDED)
                .doOnNext(written::set));
        assertThat(locked).as("the payment's and the leg's own months only").isEqualTo(new Locked(1, 1));
        assertThat(written.get().leg()).isEqualTo(paid);
        PaymentRow done = written.get().succeeded();
        assertThat(done.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(done.stage()).isEqualTo(Stage.DONE);
        assertThat(done.completedAt()).isNotNull();
        assertThat(repo.find(p.paymentId()).block().status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(repo.legs(p.paymentId()).collectList().block()).singleElement()
                .satisfies(l -> assertThat(l.status()).isEqualTo(LegStatus.SUCCEEDED))
                .satisfies(l -> assertThat(l.vendorRef()).isEqualTo("4200001"));
        assertThat(db.sql("SELECT outcome FROM channel_attempt WHERE attempt_id = :a").bind("a", sent.attemptId())
                .map(r -> r.get("outcome", String.class)).one().block()).isEqualTo("SUCCEEDED");
        assertThat(db.sql("SELECT lease_owner IS NULL AND lease_until IS NULL AS free FROM payment WHERE payment_id = :p")
                .bind("p", p.paymentId()).map(r -> r.get("free", Boolean.class)).one().block()).as("the lease given up").isTrue();
        assertThat(transitions(p.paymentId())).containsExactly("received", "pre-settled, legs sent", "all legs succeeded");

        // a payment already final is not moved again (nor given a transition); the leg's answer is written all the same,
        // by an instance that knows no partition, on the partitioned tables
        R2dbcPaymentRepository unknowing = new R2dbcPaymentRepository(db, tx, Clock.systemUTC());
        PaymentRepository.Completed again = unknowing.lastLegSucceeded(p.paymentId(), sent.attemptId(),
                sent.leg().with(LegStatus.SUCCEEDED, "4200002", null), PaymentEngine.ALL_SUCCEEDED).block();
        assertThat(again.succeeded()).isNull();
        assertThat(repo.legs(p.paymentId()).blockFirst().vendorRef()).isEqualTo("4200002");
        assertThat(transitions(p.paymentId())).hasSize(3);
    }

    @Test
    void theLastLegsSuccessOfALegThatIsNotStoredMovesNoPayment() {
        PaymentRow p = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow ghost = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "WECHAT", 300, "PW-" + UUID.randomUUID());
        assertThat(repo.lastLegSucceeded(p.paymentId(), -1, ghost.with(LegStatus.SUCCEEDED, "4200001", null), PaymentEngine.ALL_SUCCEEDED)
                .blockOptional()).isEmpty();
        assertThat(repo.find(p.paymentId()).block().status()).isEqualTo(PaymentStatus.RECEIVED);
        assertThat(transitions(p.paymentId())).containsExactly("received");
    }

    private List<String> transitions(UUID paymentId) {
        return db.sql("SELECT note FROM payment_transition WHERE payment_id = :p ORDER BY at, note").bind("p", paymentId)
                .map(r -> r.get("note", String.class)).all().collectList().block();
    }

    @Test
    void legsSentOfALegThatIsNotStoredWriteNoAttemptAndFail() {
        PaymentRow p = repo.create(received(), null, "partition-it", Duration.ofMinutes(1)).block();
        LegRow wechat = LegRow.planned(p.paymentId(), LegRow.Kind.SELF_PAY, "WECHAT", 300, "PW-" + UUID.randomUUID());
        repo.presettled(p.paymentId(), null, null, 0, 0, 300, "WECHAT", List.of(wechat), PaymentStatus.PROCESSING, Stage.LEGS_SENT, null).block();
        LegRow ghost = LegRow.planned(p.paymentId(), LegRow.Kind.INSURANCE, "INSURANCE", 0, "PI-" + UUID.randomUUID());

        assertThat(repo.legsSent(List.of(wechat.with(LegStatus.SENT, null, null), ghost.with(LegStatus.SENT, null, null)),
                List.of("CHARGE", "SETTLE_2207")).materialize().block().getThrowable())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not all stored");
        assertThat(attempts(p.paymentId())).as("no call is written down for a leg that is not there").isEmpty();
    }

    private List<String> attempts(UUID paymentId) {
        return db.sql("SELECT leg_id || ' ' || operation || ' ' || request_id || ' ' || attempt_id AS a FROM channel_attempt WHERE payment_id = :p")
                .bind("p", paymentId).map(r -> r.get("a", String.class)).all().collectList().block();
    }
}
