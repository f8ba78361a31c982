package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.hospay.gateway.payment.IdempotentCommands.Command;
import org.hospay.gateway.payment.IdempotentCommands.Scope;
import org.hospay.gateway.payment.IdempotentCommands.StoredKey;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The rules of the command edge shared by pay, present-code and refund, with the lock and the key table faked. */
class IdempotentCommandsTest {

    /** The Redis lock: SET NX of the hash per (terminal, scope, key). */
    static final class FakeLocks implements IdempotentCommands.Locks {
        final Map<String, String> held = new HashMap<>();
        final List<String> released = new ArrayList<>();

        @Override
        public Mono<String> acquire(String terminalId, String scope, String key, String hash) {
            return Mono.fromCallable(() -> held.putIfAbsent(terminalId + ":" + scope + ":" + key, hash));
        }

        @Override
        public Mono<Void> release(String terminalId, String scope, String key) {
            return Mono.fromRunnable(() -> {
                held.remove(terminalId + ":" + scope + ":" + key);
                released.add(key);
            });
        }
    }

    /** The idempotency table. */
    static final class FakeKeys implements IdempotentCommands.StoredKeys {
        final Map<String, StoredKey> rows = new HashMap<>();

        @Override
        public Mono<StoredKey> find(String terminalId, String scope, String key) {
            return Mono.justOrEmpty(rows.get(terminalId + ":" + scope + ":" + key));
        }

        void record(Command c, UUID resource) {
            rows.put(c.terminalId() + ":" + c.scope() + ":" + c.key(), new StoredKey(c.requestHash(), resource));
        }
    }

    private final FakeLocks locks = new FakeLocks();
    private final FakeKeys keys = new FakeKeys();
    private final IdempotentCommands commands = new IdempotentCommands(locks, keys);
    private final AtomicInteger firstRuns = new AtomicInteger();
    private final List<UUID> replayed = new ArrayList<>();
    private final Function<UUID, Mono<String>> replay = id -> {
        replayed.add(id);
        return Mono.just("replay of " + id);
    };

    private static Command command(String key, String body) {
        return Command.of("T-1", Scope.PAYMENT, key, body.getBytes(StandardCharsets.UTF_8));
    }

    private Mono<String> run(Command c) {
        return commands.run(c, replay, () -> {
            firstRuns.incrementAndGet();
            return Mono.just("first run");
        });
    }

    private static void assertApiError(Throwable e, int status, String code) {
        assertThat(e).isInstanceOf(ApiException.class);
        assertThat(((ApiException) e).status().value()).isEqualTo(status);
        assertThat(((ApiException) e).code()).isEqualTo(code);
    }

    // ------------------------------------------------------------------ the key

    @Test
    void aMissingKeyIsRequired() {
        for (String missing : new String[] {null, ""}) {
            assertThatThrownBy(() -> IdempotentCommands.requireKey(missing))
                    .satisfies(e -> assertApiError(e, 400, "IDEMPOTENCY_KEY_REQUIRED"))
                    .hasMessage("the Idempotency-Key header is required");
        }
    }

    @Test
    void aKeyIsOneToSixtyFourVisibleAsciiCharacters() {
        assertThat(IdempotentCommands.requireKey("k")).isEqualTo("k");
        assertThat(IdempotentCommands.requireKey("!~" + "a".repeat(62))).hasSize(64);
        for (String bad : new String[] {"a".repeat(65), "has space", "tab\t", "键", "é", "line\n"}) {
            assertThatThrownBy(() -> IdempotentCommands.requireKey(bad))
                    .as(bad)
                    .satisfies(e -> assertApiError(e, 400, "INVALID_IDEMPOTENCY_KEY"))
                    .hasMessage("Idempotency-Key must be 1-64 visible ASCII characters");
        }
    }

    @Test
    void theRequestHashIsOfTheRequestBytes() {
        assertThat(command("k", "a").requestHash()).isEqualTo(command("k", "a").requestHash()).hasSize(64);
        assertThat(command("k", "a").requestHash()).isNotEqualTo(command("k", "b").requestHash());
        assertThatThrownBy(() -> command(" ", "a")).satisfies(e -> assertApiError(e, 400, "INVALID_IDEMPOTENCY_KEY"));
    }

    // ------------------------------------------------------------------ new, replay, 422, 409

    @Test
    void aNewKeyRunsTheCommandOnceAndReleasesTheLock() {
        StepVerifier.create(run(command("k1", "pay 100"))).expectNext("first run").verifyComplete();

        assertThat(firstRuns).hasValue(1);
        assertThat(replayed).isEmpty();
        assertThat(locks.held).isEmpty();
        assertThat(locks.released).containsExactly("k1");
    }

    @Test
    void aFailedFirstRunStillReleasesTheLock() {
        Mono<String> failing = commands.run(command("k1", "pay 100"), replay, () -> Mono.error(ApiException.badRequest("X", "no")));

        StepVerifier.create(failing).verifyErrorSatisfies(e -> assertApiError(e, 400, "X"));
        assertThat(locks.held).isEmpty();
    }

    @Test
    void theSameKeyWithTheSameRequestReplaysTheStoredAnswer() {
        Command c = command("k1", "pay 100");
        UUID payment = UUID.randomUUID();
        keys.record(c, payment);

        StepVerifier.create(run(command("k1", "pay 100"))).expectNext("replay of " + payment).verifyComplete();

        assertThat(firstRuns).hasValue(0);
        assertThat(replayed).containsExactly(payment);
    }

    @Test
    void theSameKeyWithAnotherRequestIs422() {
        keys.record(command("k1", "pay 100"), UUID.randomUUID());

        StepVerifier.create(run(command("k1", "pay 999")))
                .verifyErrorSatisfies(e -> {
                    assertApiError(e, 422, "IDEMPOTENCY_KEY_REUSED");
                    assertThat(e).hasMessage("this Idempotency-Key was used with a different request");
                });
        assertThat(firstRuns).hasValue(0);
        assertThat(replayed).isEmpty();
    }

    @Test
    void aStoredKeyWithoutAnAnswerYetIs409() {
        Command c = command("k1", "pay 100");
        keys.record(c, UUID.randomUUID());

        StepVerifier.create(commands.run(c, id -> Mono.<String>empty(), () -> Mono.just("first run")))
                .verifyErrorSatisfies(e -> assertApiError(e, 409, "REQUEST_IN_PROGRESS"));
    }

    @Test
    void whileTheSameRequestHoldsTheKeyItIs409AndTheLockStaysWithItsHolder() {
        Command c = command("k1", "pay 100");
        locks.held.put("T-1:PAYMENT:k1", c.requestHash());

        StepVerifier.create(run(c))
                .verifyErrorSatisfies(e -> {
                    assertApiError(e, 409, "REQUEST_IN_PROGRESS");
                    assertThat(e).hasMessage("a request with this Idempotency-Key is still running; retry shortly");
                });
        assertThat(firstRuns).hasValue(0);
        assertThat(locks.held).containsKey("T-1:PAYMENT:k1");
        assertThat(locks.released).isEmpty();
    }

    @Test
    void whileAnotherRequestHoldsTheKeyItIs422() {
        locks.held.put("T-1:PAYMENT:k1", command("k1", "pay 100").requestHash());

        StepVerifier.create(run(command("k1", "pay 999")))
                .verifyErrorSatisfies(e -> assertApiError(e, 422, "IDEMPOTENCY_KEY_REUSED"));
        assertThat(locks.held).containsKey("T-1:PAYMENT:k1");
    }

    @Test
    void whileHeldAnAnswerAlreadyStoredIsReplayed() {
        Command c = command("k1", "pay 100");
        UUID payment = UUID.randomUUID();
        locks.held.put("T-1:PAYMENT:k1", c.requestHash());
        keys.record(c, payment);

        StepVerifier.create(run(c)).expectNext("replay of " + payment).verifyComplete();
        assertThat(locks.held).containsKey("T-1:PAYMENT:k1");
    }

    @Test
    void keysAreScopedByTerminalAndCommand() {
        keys.record(command("k1", "pay 100"), UUID.randomUUID());
        Command refund = Command.of("T-1", Scope.REFUND, "k1", "refund 100".getBytes(StandardCharsets.UTF_8));
        Command otherTerminal = Command.of("T-2", Scope.PAYMENT, "k1", "pay 999".getBytes(StandardCharsets.UTF_8));

        StepVerifier.create(run(refund)).expectNext("first run").verifyComplete();
        StepVerifier.create(run(otherTerminal)).expectNext("first run").verifyComplete();
        assertThat(firstRuns).hasValue(2);
    }

    // ------------------------------------------------------------------ the race the lock cannot see

    @Test
    void aKeyRecordedMeanwhileByAnotherInstanceIsReplayed() {
        Command c = command("k1", "pay 100");
        UUID winner = UUID.randomUUID();
        Mono<String> lost = commands.run(c, replay, () -> Mono.fromRunnable(() -> keys.record(c, winner))
                .then(Mono.error(new DataIntegrityViolationException("duplicate key value violates unique constraint \"idempotency_key_pkey\""))));

        StepVerifier.create(lost).expectNext("replay of " + winner).verifyComplete();
        assertThat(locks.held).isEmpty();
    }

    @Test
    void anotherConstraintIsNotMistakenForTheKeyRace() {
        var billTaken = new DataIntegrityViolationException("duplicate key value violates unique constraint \"payment_one_live_per_bill\"");

        StepVerifier.create(commands.run(command("k1", "pay 100"), replay, () -> Mono.<String>error(billTaken)))
                .verifyErrorSatisfies(e -> assertThat(e).isSameAs(billTaken));
        assertThat(replayed).isEmpty();
    }
}
