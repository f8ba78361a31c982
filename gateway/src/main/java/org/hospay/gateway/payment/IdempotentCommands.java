package org.hospay.gateway.payment;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hospay.gateway.terminal.RequestSignature;
import org.hospay.gateway.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import reactor.core.publisher.Mono;

/**
 * The one edge of the idempotent commands (pay, present a payment code, refund): the same key rule,
 * the same messages and the same answers for all three.
 *
 * <ul>
 *   <li>the key is 1-64 visible ASCII characters ({@code 400 IDEMPOTENCY_KEY_REQUIRED} /
 *       {@code INVALID_IDEMPOTENCY_KEY});</li>
 *   <li>a key first seen runs the command, holding the fast lock while it runs;</li>
 *   <li>a key seen before with the same request replays the stored answer, or
 *       {@code 409 REQUEST_IN_PROGRESS} while there is none yet;</li>
 *   <li>a key seen before with another request is {@code 422 IDEMPOTENCY_KEY_REUSED}.</li>
 * </ul>
 *
 * <p>It depends on two small ports, so the rules are tested without Redis or PostgreSQL: the fast
 * {@link Locks} and the lasting {@link StoredKeys} (the {@code idempotency_key} table, the real
 * guard). The command itself writes its key with its first effect, in the same transaction; when
 * that write loses a race to another instance ({@link #lostKeyRace}) the winner's answer is replayed.
 */
final class IdempotentCommands {

    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,64}$");

    /** What a key is scoped to; stored as the name in {@code idempotency_key.scope}. */
    enum Scope { PAYMENT, CODE, REFUND }

    /** The fast lock per (terminal, scope, key), holding the request hash. */
    interface Locks {
        /** Empty when acquired; otherwise the hash held by the request that has it. */
        Mono<String> acquire(String terminalId, String scope, String key, String hash);

        Mono<Void> release(String terminalId, String scope, String key);
    }

    /** The keys a command has recorded with its first effect. */
    @FunctionalInterface
    interface StoredKeys {
        Mono<StoredKey> find(String terminalId, String scope, String key);
    }

    record StoredKey(String requestHash, UUID resourceId) {}

    /** One command as the edge sees it: who asks, in which scope, with which key, for what (the request's hash). */
    record Command(String terminalId, Scope scope, String key, String requestHash) {

        /** Checks the key (see {@link #requireKey}) and hashes the request's canonical bytes. */
        static Command of(String terminalId, Scope scope, String rawKey, byte[] request) {
            return new Command(terminalId, scope, requireKey(rawKey), RequestSignature.sha256Hex(request));
        }
    }

    private final Locks locks;
    private final StoredKeys keys;

    IdempotentCommands(Locks locks, StoredKeys keys) {
        this.locks = locks;
        this.keys = keys;
    }

    /**
     * The key rule; call it before any other validation, so a request without a usable key is
     * refused for that first.
     */
    static String requireKey(String key) {
        if (key == null || key.isEmpty()) throw ApiException.badRequest("IDEMPOTENCY_KEY_REQUIRED", "the Idempotency-Key header is required");
        if (!KEY.matcher(key).matches()) throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1-64 visible ASCII characters");
        return key;
    }

    /**
     * Runs {@code firstRun} for a key not seen before, or answers from what the key recorded.
     *
     * @param replay   the stored answer for the resource a key recorded; empty while that resource
     *                 has no answer to give yet (then {@code 409 REQUEST_IN_PROGRESS})
     * @param firstRun the command itself; it records the key with its first effect
     */
    <T> Mono<T> run(Command c, Function<UUID, Mono<T>> replay, Supplier<Mono<T>> firstRun) {
        String scope = c.scope().name();
        return locks.acquire(c.terminalId(), scope, c.key(), c.requestHash())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(held -> {
                    if (held.isPresent()) {
                        return held.get().equals(c.requestHash()) ? replayStored(c, replay) : Mono.<T>error(keyReused());
                    }
                    return keys.find(c.terminalId(), scope, c.key())
                            .map(Optional::of)
                            .defaultIfEmpty(Optional.empty())
                            .flatMap(stored -> stored.isPresent()
                                    ? replayOrConflict(c, stored.get(), replay)
                                    : Mono.defer(firstRun).onErrorResume(IdempotentCommands::lostKeyRace, e -> replayStored(c, replay)))
                            .doFinally(s -> locks.release(c.terminalId(), scope, c.key()).subscribe());
                });
    }

    /** Answers from the stored key: replay, 422 for another request, or 409 while nothing can be replayed yet. */
    <T> Mono<T> replayStored(Command c, Function<UUID, Mono<T>> replay) {
        return keys.find(c.terminalId(), c.scope().name(), c.key())
                .flatMap(stored -> replayOrConflict(c, stored, replay))
                .switchIfEmpty(Mono.error(IdempotentCommands::inProgress));
    }

    private static <T> Mono<T> replayOrConflict(Command c, StoredKey stored, Function<UUID, Mono<T>> replay) {
        if (!stored.requestHash().equals(c.requestHash())) return Mono.error(keyReused());
        return replay.apply(stored.resourceId()).switchIfEmpty(Mono.error(IdempotentCommands::inProgress));
    }

    /** The command's key insert hit the key's primary key: the same key was recorded meanwhile (another instance). */
    static boolean lostKeyRace(Throwable e) {
        return e instanceof DataIntegrityViolationException && String.valueOf(e.getMessage()).contains("idempotency_key_pkey");
    }

    static ApiException inProgress() {
        return ApiException.conflict("REQUEST_IN_PROGRESS", "a request with this Idempotency-Key is still running; retry shortly");
    }

    static ApiException keyReused() {
        return ApiException.unprocessable("IDEMPOTENCY_KEY_REUSED", "this Idempotency-Key was used with a different request");
    }
}
