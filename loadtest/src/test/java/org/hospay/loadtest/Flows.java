package org.hospay.loadtest;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CheckBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.function.Function;

/**
 * The window's requests as Gatling chains. Each one takes its single-use input from a queue made
 * before the run, signs the exact body it sends (docs/api.md §3), checks the answer the way the
 * report counts it, and records it. Expected results and scripted declines are OK for Gatling;
 * anything else (5xx, a timeout, an unknown state or failure code, a 202 past the wait budget) is
 * KO, and only that.
 *
 * <p>{@link #retrying} makes every request a window's that retries (the cluster mode, behind a load
 * balancer whose instance may die mid-request): on no answer, 502/503/504, 409 {@code REQUEST_IN_PROGRESS},
 * 429 (nothing was done) or, twice at most, 401 it sends the same body with the same Idempotency-Key again,
 * freshly signed (a new timestamp and nonce: the gateway refuses a nonce twice). The 401: HAProxy closes a
 * kept-alive client connection without an answer when the instance serving it dies, the HTTP client (Gatling's
 * as most) sends the identical request again on a new connection, and the instance it reaches refuses the
 * nonce the dead one had claimed. It follows a 202 with {@code GET /api/v1/payments/{id}} until
 * the payment is final, within a budget counted from the first send. A payment that ends FAILED
 * {@code INTERRUPTED} ("the gateway stopped before any money moved; nothing was charged: pay again with a fresh code …": another
 * instance's recovery finished it) is presented again, as the answer says: the same bill with a new key.
 * Only the final answer is recorded. A request the killed instance had in flight (an attempt got no answer or a
 * 502; or it was on its way when the instance was killed and its first answer was a 401 or a 409 in progress: the
 * client had resent it) is counted apart ({@link Recorder#dropped}, {@link Recorder#lostAfterDrop}).
 */
final class Flows {

    private static final String DATA_EXHAUSTED = "test data exhausted (made too few before the run)";

    private final Recorder recorder;
    private final Terminal terminal = Terminal.DEMO;
    private Retry retry;

    /**
     * How a window retries: for up to {@code budget} from its first send, {@code pause} between attempts;
     * {@code killedAt} says when an instance was killed (ms since the epoch, 0: not yet).
     */
    record Retry(Duration budget, Duration pause, java.util.function.LongSupplier killedAt) {}

    Flows(Recorder recorder) {
        this.recorder = recorder;
    }

    /** From now on, the chains made retry as {@link Retry} says (call before making them). */
    Flows retrying(Retry retry) {
        this.retry = retry;
        return this;
    }

    /** A payment of a bill with a single-use code (aggregated code or payment code), by {@code scannedCode}. */
    ChainBuilder payment(String name, Queue<TestData.Code> codes) {
        return payment(session -> name, codes);
    }

    ChainBuilder payment(Function<Session, String> name, Queue<TestData.Code> codes) {
        return take(codes, (session, code) -> {
            String body = TestData.bill(TestData.billNo(), "scannedCode", code.code());
            String expected = code.scriptedDecline() ? "INSUFFICIENT_FUNDS" : null;
            String label = name.apply(session) + (code.scriptedDecline() ? " (scripted decline)" : "");
            return signed(session, label, "POST", "/api/v1/payments", body, expected);
        }, request(paymentRequest()));
    }

    /** A partial refund (from the self-pay part) of a payment made before the run. */
    ChainBuilder refund(String name, Queue<String> paymentIds) {
        return take(paymentIds, (session, id) -> signed(session, name, "POST", "/api/v1/payments/" + id + "/refunds",
                "{\"amountFen\":" + TestData.REFUND_FEN + ",\"reason\":\"load test\"}", null), request(
                http("#{requestName}").post("#{path}").header("Idempotency-Key", "#{idempotencyKey}").headers(authHeaders())
                        .body(StringBody(s -> s.getString("body")))
                        .check(saving("$.status", "$.failureCode"))
                        .check(status().is(200), jsonPath("$.status").is("SUCCEEDED"))));
    }

    /** Code classification of one scanner text (no channel call). */
    ChainBuilder classify(String name, Queue<String> samples) {
        return take(samples, (session, raw) -> signed(session, name, "POST", "/api/v1/codes/classify",
                TestData.json(Map.of("raw", raw)), null), request(
                http("#{requestName}").post("#{path}").headers(authHeaders()).body(StringBody(s -> s.getString("body")))
                        .check(saving("$.kind", "$.reason"))
                        .check(status().is(200), jsonPath("$.kind").exists())));
    }

    /**
     * A HIS bill event for a hospital card bound to a family payer (docs/api.md §9), sent by
     * the HIS: the gateway deducts from the payer by withholding, with no action of the patient.
     * Cards are reused (a bound parent sees the doctor many times a day in a compressed rush).
     */
    ChainBuilder hisBill(String name, Queue<String> cardNos) {
        return take(cardNos, (session, card) -> signed(session, Terminal.DEMO_HIS, name, "POST", "/api/v1/his/bills",
                TestData.bill(TestData.billNo(), "cardNo", card).replace(",\"medType\":\"OUTPATIENT\"", ""), null),
                request(paymentRequest()));
    }

    /**
     * A patient enrolled in credit care (docs/credit.md) hands the hospital card over at the window: the card plan
     * puts the bill on the credit line, a CREDIT leg, nothing charged now (the bank deducts it in the 00:00 batch).
     */
    ChainBuilder creditPayment(String name, Queue<String> cardNos) {
        return take(cardNos, (session, card) -> signed(session, name, "POST", "/api/v1/payments",
                TestData.bill(TestData.billNo(), "cardNo", card), null), request(paymentRequest()));
    }

    /**
     * The patient touches the window's NFC reader with a phone whose e-voucher (an aggregated code)
     * opens at once (docs/api.md §8.3): the reader's tap opens a session holding the code, then
     * the window pays its bill with that session. Tap and payment are recorded apart.
     */
    ChainBuilder nfcCheckout(String name, Queue<TestData.Code> codes) {
        return take(codes, (session, code) -> {
            String tap = TestData.json(Map.of("readerId", Terminal.DEMO_READER.id, "windowId", Terminal.DEMO_WINDOW,
                    "tagUid", tagUid(), "payload", code.code()));
            return signed(session, Terminal.DEMO_READER, name + " tap", "POST", "/api/v1/nfc/taps", tap, null)
                    .set("nfcDecline", code.scriptedDecline());
        }, request(http("#{requestName}").post("#{path}").headers(authHeaders()).body(StringBody(s -> s.getString("body")))
                .check(saving("$.sessionId", "$.error.code"))
                .check(jsonPath("$.sessionId").optional().saveAs("nfcSession"))
                .check(status().is(200), jsonPath("$.sessionId").exists()))
                .doIf(s -> s.contains("nfcSession")).then(exec(s -> signed(s.remove("nfcSession"), terminal,
                        name + (s.getBoolean("nfcDecline") ? " (scripted decline)" : ""), "POST", "/api/v1/payments",
                        TestData.bill(TestData.billNo(), "nfcSessionId", s.getString("nfcSession")),
                        s.getBoolean("nfcDecline") ? "INSUFFICIENT_FUNDS" : null))
                        .exec(request(paymentRequest()))));
    }

    /** A phone's NFC chip UID: 7 bytes in hex, like a real tag's. */
    private static String tagUid() {
        return String.format("04%012X", java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 48));
    }

    private HttpRequestActionBuilder paymentRequest() {
        return paymentChecks(http("#{requestName}").post("#{path}").header("Idempotency-Key", "#{idempotencyKey}").headers(authHeaders())
                .body(StringBody(s -> s.getString("body"))));
    }

    /** What a window checks of a payment, from its POST or from the GET that follows a 202. */
    private static HttpRequestActionBuilder paymentChecks(HttpRequestActionBuilder request) {
        return request.check(saving("$.status", "$.failure.code"))
                .check(jsonPath("$.paymentId").optional().saveAs("paymentId"))
                .checkIf(s -> s.getString("expectedFailure") == null)
                .then(status().is(200), jsonPath("$.status").is("SUCCEEDED"))
                .checkIf(s -> s.getString("expectedFailure") != null)
                .then(status().is(200), jsonPath("$.status").is("FAILED"), jsonPath("$.failure.code").is(x -> x.getString("expectedFailure")));
    }

    /** Checks that only save what the answer said (they never fail), for the recorder's classification. */
    private static CheckBuilder[] saving(String statePath, String codePath) {
        return new CheckBuilder[] {
                responseTimeInMillis().saveAs("rt"),
                status().saveAs("httpStatus"),
                jsonPath(statePath).optional().saveAs("state"),
                jsonPath(codePath).optional().saveAs("code"),
                jsonPath("$.error.code").optional().saveAs("errorCode"),
                bodyString().transform(b -> b.length() > 300 ? b.substring(0, 300) : b).optional().saveAs("answer")};
    }

    private static Map<String, String> authHeaders() {
        return Map.of("X-Terminal-Id", "#{xTerminalId}", "X-Timestamp", "#{xTimestamp}", "X-Nonce", "#{xNonce}",
                "X-Signature", "#{xSignature}");
    }

    /** Puts the body, its signature headers and what is expected of the answer into the session. */
    private Session signed(Session session, String label, String method, String path, String body, String expectedFailure) {
        return signed(session, terminal, label, method, path, body, expectedFailure);
    }

    private Session signed(Session session, Terminal by, String label, String method, String path, String body, String expectedFailure) {
        Map<String, String> sig = by.sign(method, path, body);
        Map<String, Object> attrs = new HashMap<>();
        attrs.put("label", label);
        attrs.put("requestName", label);
        attrs.put("signer", by);
        attrs.put("method", method);
        attrs.put("path", path);
        attrs.put("sentMethod", method);
        attrs.put("sentPath", path);
        attrs.put("body", body);
        attrs.put("idempotencyKey", UUID.randomUUID().toString());
        attrs.put("xTerminalId", sig.get("X-Terminal-Id"));
        attrs.put("xTimestamp", sig.get("X-Timestamp"));
        attrs.put("xNonce", sig.get("X-Nonce"));
        attrs.put("xSignature", sig.get("X-Signature"));
        attrs.put("expectedFailure", expectedFailure);
        attrs.put("sentAt", System.currentTimeMillis());
        return session.removeAll(ANSWER).removeAll("tries", "polls", "gaveUp", "dropped", "refusals").setAll(attrs);
    }

    interface Preparation<T> {
        Session prepare(Session session, T input);
    }

    /** Takes one input; without one, records the shortfall as an unexpected error instead of sending. */
    private <T> ChainBuilder take(Queue<T> inputs, Preparation<T> prepare, ChainBuilder send) {
        String slot = "input-" + UUID.randomUUID();
        return exec(session -> {
            T input = inputs.poll();
            return input == null ? session.remove(slot) : prepare.prepare(session, input).set(slot, true);
        }).exec(doIfOrElse(s -> s.contains(slot)).then(send).orElse(exec(session -> {
            long now = System.currentTimeMillis();
            recorder.record("test data", new Recorder.Answer(now, now, 0, Recorder.Outcome.UNEXPECTED, DATA_EXHAUSTED));
            return session.markAsFailed();
        })));
    }

    /** What one answer saved into the session. */
    private static final String[] ANSWER = {"rt", "httpStatus", "state", "code", "errorCode", "answer", "paymentId"};

    /** The request, then its classification into the recorder; with {@link #retry}, the window's retries between. */
    private ChainBuilder request(HttpRequestActionBuilder request) {
        if (retry == null) return exec(request).exec(this::classifyAnswer);
        HttpRequestActionBuilder poll = paymentChecks(http("#{requestName}").get("#{path}").headers(authHeaders()));
        return exec(s -> s.setAll(Map.<String, Object>of("tries", 0, "polls", 0, "refusals", 0, "again", true)))
                .asLongAs(s -> s.getBoolean("again")).on(
                        exec(this::beforeAttempt)
                                .pause(s -> s.getInt("tries") + s.getInt("polls") == 0 ? Duration.ZERO : retry.pause())
                                .doIfOrElse(s -> s.getString("method").equals("GET")).then(exec(poll)).orElse(exec(request))
                                .exec(this::afterAttempt))
                .exec(this::classifyAnswer);
    }

    /** Clears the last answer; a repeated request is signed again (same body, same key, new timestamp and nonce). */
    private Session beforeAttempt(Session s) {
        Session t = s.removeAll(ANSWER).markAsSucceeded();
        if (t.getInt("tries") + t.getInt("polls") == 0) return t;
        Terminal by = t.get("signer");
        Map<String, String> sig = by.sign(t.getString("method"), t.getString("path"), t.getString("method").equals("GET") ? "" : t.getString("body"));
        return t.setAll(Map.<String, Object>of("xTimestamp", sig.get("X-Timestamp"), "xNonce", sig.get("X-Nonce"), "xSignature", sig.get("X-Signature"),
                "requestName", t.getString("label") + (t.getString("method").equals("GET") ? " (follow 202)" : " (retry)")));
    }

    /** Decides whether the window tries again (and why), follows a 202, or has its final answer. */
    private Session afterAttempt(Session s) {
        String why = retryReason(s);
        int status = s.contains("httpStatus") ? s.getInt("httpStatus") : 0;
        if (status == 0 || status == 502 || s.getInt("tries") + s.getInt("polls") == 0 && inFlightAtKill(s)
                && (status == 401 || status == 409 && "REQUEST_IN_PROGRESS".equals(s.getString("errorCode")))) {
            s = s.set("dropped", true);
        }
        if (status == 401 && s.getInt("refusals") < 2) {
            why = "HTTP 401 " + s.getString("errorCode");
            s = s.set("refusals", s.getInt("refusals") + 1);
        }
        if (why == null && "FAILED".equals(s.getString("state")) && "INTERRUPTED".equals(s.getString("code"))
                && System.currentTimeMillis() - s.getLong("sentAt") <= retry.budget().toMillis()) {
            recorder.retryAttempt("FAILED INTERRUPTED: presented again with a new Idempotency-Key");
            return s.setAll(Map.<String, Object>of("tries", s.getInt("tries") + 1, "idempotencyKey", UUID.randomUUID().toString(),
                    "method", s.getString("sentMethod"), "path", s.getString("sentPath")));
        }
        boolean pending = "PENDING".equals(s.getString("state")) && s.getString("paymentId") != null && s.contains("httpStatus")
                && (s.getInt("httpStatus") == 202 || s.getInt("httpStatus") == 200 && s.getString("method").equals("GET"));
        if (why == null && !pending) return s.set("again", false);
        long waited = System.currentTimeMillis() - s.getLong("sentAt");
        if (waited > retry.budget().toMillis()) {
            String last = why != null ? why : "still PENDING";
            return s.setAll(Map.<String, Object>of("again", false, "gaveUp", "no final answer within " + retry.budget().toSeconds() + " s ("
                    + s.getInt("tries") + " retries; last: " + last + ")"));
        }
        if (why != null) {
            recorder.retryAttempt(why);
            return s.set("tries", s.getInt("tries") + 1);
        }
        // A 202: the payment runs on; the window follows it with GET, signed as a GET.
        return s.setAll(Map.<String, Object>of("polls", s.getInt("polls") + 1, "method", "GET", "path", "/api/v1/payments/" + s.getString("paymentId")));
    }

    /** Whether the request was sent before the kill and answered after it. */
    private boolean inFlightAtKill(Session s) {
        long killed = retry.killedAt().getAsLong();
        return killed > 0 && s.getLong("sentAt") < killed;
    }

    /** Why the answer says "the same request again" (null: it does not): nothing done, or done and answerable later. */
    private static String retryReason(Session s) {
        if (!s.contains("httpStatus")) return "no answer (connection closed or timed out)";
        int status = s.getInt("httpStatus");
        String code = s.getString("errorCode");
        if (status == 502 || status == 503 || status == 504 || status == 429) return "HTTP " + status + (code == null ? "" : " " + code);
        if (status == 409 && ("REQUEST_IN_PROGRESS".equals(code) || "BILL_PAYMENT_IN_PROGRESS".equals(code))) return "HTTP 409 " + code;
        return null;
    }

    private Session classifyAnswer(Session s) {
        long now = System.currentTimeMillis();
        long sentAt = s.getLong("sentAt");
        // A retrying window's latency is its whole wait, from the first send to the final answer.
        boolean retrying = s.contains("tries");
        int latency = s.contains("rt") && !retrying ? s.getInt("rt") : (int) (now - sentAt);
        String expectedFailure = s.getString("expectedFailure");
        Recorder.Outcome outcome;
        String reason = null;
        if (s.contains("gaveUp")) {
            outcome = Recorder.Outcome.UNEXPECTED;
            reason = s.getString("gaveUp");
        } else if (!s.contains("httpStatus")) {
            outcome = Recorder.Outcome.UNEXPECTED;
            reason = "no answer (timeout or connection error)";
        } else if (s.getInt("httpStatus") != 200) {
            outcome = Recorder.Outcome.UNEXPECTED;
            reason = "HTTP " + s.getInt("httpStatus") + " " + s.getString("errorCode");
        } else if (s.isFailed()) {
            outcome = Recorder.Outcome.UNEXPECTED;
            reason = "200 but " + s.getString("state") + (s.getString("code") == null ? "" : " " + s.getString("code"));
        } else if (expectedFailure != null) {
            outcome = Recorder.Outcome.SCRIPTED_DECLINE;
        } else {
            outcome = Recorder.Outcome.OK;
        }
        recorder.record(s.getString("label"), new Recorder.Answer(now - latency, now, latency, outcome, reason));
        if (retrying && s.getInt("tries") > 0) recorder.retried(s.getString("label"));
        if (s.contains("dropped")) recorder.dropped(s.getString("label"));
        if (outcome == Recorder.Outcome.UNEXPECTED && s.contains("dropped")) recorder.lostAfterDrop(s.getString("label"));
        if (outcome == Recorder.Outcome.UNEXPECTED && unexpectedShown.size() < 20) {
            unexpectedShown.add(s.getString("label") + ": " + reason + " :: " + s.getString("answer"));
        }
        return s.markAsSucceeded();
    }

    /** The first few unexpected answers verbatim (cut), for the report. */
    final List<String> unexpectedShown = java.util.Collections.synchronizedList(new ArrayList<>());
}
