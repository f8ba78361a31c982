package org.hospay.gateway.nfc;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hospay.code.ScannedCode;
import org.hospay.code.ScannedCodeParser;
import org.hospay.gateway.config.GatewayProperties;
import org.hospay.gateway.payment.PaymentRequest;
import org.hospay.gateway.payment.PaymentService;
import org.hospay.gateway.payment.PaymentView;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.hospay.gateway.window.WindowBill;
import org.hospay.gateway.window.WindowBills;
import org.hospay.gateway.window.WindowEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * A tap at a window's reader (docs/architecture.md §8): the reader must be who signed, at the window it names;
 * the tap opens a short-lived session for that window with its pending bill attached and shows up
 * on the window's console at once. When the tap itself brings something to pay with (the phone's
 * e-voucher, a hospital card) and a bill is waiting, the bill is paid right away through the
 * engine; otherwise the patient's next scan at the window completes the session.
 */
@Service
class Taps {

    private static final Logger log = LoggerFactory.getLogger(Taps.class);

    private final NfcSessions sessions;
    private final WindowBills bills;
    private final WindowEvents events;
    private final PaymentService payments;
    private final ScannedCodeParser parser;
    private final Clock clock;

    Taps(NfcSessions sessions, WindowBills bills, WindowEvents events, PaymentService payments, GatewayProperties properties, Clock clock) {
        this.sessions = sessions;
        this.bills = bills;
        this.events = events;
        this.payments = payments;
        this.parser = new ScannedCodeParser(Pattern.compile(properties.codes().hospitalCardPattern()), clock);
        this.clock = clock;
    }

    /** The answer of docs/api.md §8.3, plus what the tap opened and, when it paid at once, the payment. */
    record TapAnswer(String sessionId, Instant expiresAt, String windowId, NfcSessions.Kind kind, String presentedKind,
                     String billNo, PaymentView payment) {}

    Mono<TapAnswer> tap(Terminal reader, TapRequest r) {
        return Mono.defer(() -> {
            checkReader(reader, r);
            if (!NfcSessions.validTag(r.tagUid())) {
                throw ApiException.badRequest("INVALID_TAG_UID", "tagUid must be the chip's UID: 8-20 hex digits (colons allowed)");
            }
            NfcSessions.Held held = held(r.payload());
            return bills.current(reader.hospitalId(), reader.windowId()).map(Optional::of).defaultIfEmpty(Optional.empty())
                    .flatMap(bill -> sessions.open(reader, r.tagUid(), held,
                                    bill.map(WindowBill::billNo).orElse(null), bill.map(b -> b.totalFen().longValueExact()).orElse(null))
                            .flatMap(session -> events.publish(reader.hospitalId(), reader.windowId(), "tap", tapEvent(session))
                                    .then(bill.isPresent() && held.secret() != null
                                            ? payNow(reader, session, bill.get())
                                            : Mono.just(answer(session, null)))));
        });
    }

    private static void checkReader(Terminal reader, TapRequest r) {
        if (reader.kind() != Terminal.Kind.NFC_READER) {
            throw ApiException.forbidden("NOT_AN_NFC_READER", "terminal " + reader.terminalId() + " is a " + reader.kind() + ", not an NFC reader");
        }
        if (!reader.terminalId().equals(r.readerId())) {
            throw ApiException.forbidden("UNKNOWN_READER", "readerId " + r.readerId() + " is not the reader that signed this tap");
        }
        if (reader.windowId() == null || !reader.windowId().equals(r.windowId())) {
            throw ApiException.forbidden("WRONG_WINDOW", "reader " + reader.terminalId() + " is installed at window "
                    + reader.windowId() + ", not " + r.windowId(), Map.of("readerWindowId", String.valueOf(reader.windowId())));
        }
    }

    /** What the tap brought, parsed (verification of the e-voucher's signature is the payment's, once). */
    private NfcSessions.Held held(String payload) {
        if (payload == null || payload.isBlank()) return new NfcSessions.Held(NfcSessions.Kind.PHONE, null, null, null);
        ScannedCode code = parser.parse(payload);
        return switch (code) {
            case ScannedCode.SignedCode signed -> {
                if (!signed.expiresAt().isAfter(clock.instant())) {
                    throw ApiException.badRequest("CODE_EXPIRED", "the e-voucher the phone presented has expired; ask the patient to refresh it");
                }
                yield new NfcSessions.Held(NfcSessions.Kind.PHONE, code.kind().name(), code.masked(), payload);
            }
            case ScannedCode.HospitalCard card -> new NfcSessions.Held(NfcSessions.Kind.CARD, code.kind().name(), code.masked(), card.number());
            case ScannedCode.WeChatPayCode w -> throw notTappable(code);
            case ScannedCode.AlipayCode a -> throw notTappable(code);
            case ScannedCode.UnionPayCode u -> throw notTappable(code);
            case ScannedCode.EHealthCard e -> throw notTappable(code);
            case ScannedCode.IdCard i -> throw notTappable(code);
            case ScannedCode.Unrecognized u -> throw notTappable(code);
        };
    }

    private static ApiException notTappable(ScannedCode code) {
        return ApiException.badRequest("INVALID_TAP_PAYLOAD",
                "a tap carries an insurance e-voucher or a hospital card number, not " + code.kind().name());
    }

    /** The tap brought the means and the window has a bill: pay it now, as the reader, keyed by the session so a retry is a replay. */
    private Mono<TapAnswer> payNow(Terminal reader, NfcSessions.Session session, WindowBill bill) {
        var request = new PaymentRequest(bill.billNo(), null, session.sessionId(), null, bill.medType(), bill.items(), bill.totalFen());
        return payments.pay(reader, "nfc-" + session.sessionId(), request)
                .map(paid -> answer(session, paid.view()))
                .onErrorResume(ApiException.class, e -> {
                    log.info("tap session {} at window {} could not pay bill {}: {}", session.sessionId(), session.windowId(), bill.billNo(), e.code());
                    Map<String, Object> refused = new LinkedHashMap<>();
                    refused.put("sessionId", session.sessionId());
                    refused.put("billNo", bill.billNo());
                    refused.put("code", e.code());
                    refused.put("message", e.getMessage());
                    Map<String, Object> details = new LinkedHashMap<>(e.details());
                    details.put("sessionId", session.sessionId());
                    return events.publish(reader.hospitalId(), reader.windowId(), "tap.refused", refused)
                            .then(Mono.error(e.withDetails(details)));
                });
    }

    private static TapAnswer answer(NfcSessions.Session s, PaymentView payment) {
        return new TapAnswer(s.sessionId(), s.expiresAt(), s.windowId(), s.kind(), s.presentedKind(), s.billNo(), payment);
    }

    private static Map<String, Object> tapEvent(NfcSessions.Session s) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("sessionId", s.sessionId());
        e.put("readerId", s.readerId());
        e.put("kind", s.kind().name());
        e.put("tagUid", s.tagUid());
        e.put("presentedKind", s.presentedKind());
        e.put("presented", s.presented());
        e.put("billNo", s.billNo());
        e.put("totalFen", s.billTotalFen());
        e.put("expiresAt", s.expiresAt().toString());
        return e;
    }
}
