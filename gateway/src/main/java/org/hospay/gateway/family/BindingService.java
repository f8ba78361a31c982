package org.hospay.gateway.family;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hospay.channels.Channel;
import org.hospay.channels.Outcome;
import org.hospay.code.Masking;
import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The mini-program's side of family proxy: payers (their identity verified by the token's issuer,
 * {@link VerifiedUsers}) verify and bind a patient's hospital card with a relation, limits and a priority;
 * the patient consents; the payer signs a withholding agreement on a channel, pauses, resumes and revokes;
 * patients see who pays for them, reorder and may revoke too. Every input is
 * checked before anything is written, and each bad input has its own 4xx code.
 */
@Service
class BindingService {

    private static final Logger log = LoggerFactory.getLogger(BindingService.class);
    /** No limit above 1,000,000 CNY a month: far beyond any outpatient spending, far below overflow. */
    static final long MAX_LIMIT_FEN = 100_000_000L;
    static final String WECHAT_CALLBACK = "/callbacks/wechat-pay";
    static final String ALIPAY_CALLBACK = "/callbacks/alipay";

    private final FamilyStore store;
    private final Identities identities;
    private final PatientVerifier verifier;
    private final WithholdingChannels channels;
    private final FamilyProperties props;
    private final VerifiedUsers users;
    private final HospitalRecords records;
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** How long a consent code lives, how soon another may be sent, how many wrong entries burn it. */
    static final java.time.Duration CODE_VALIDITY = java.time.Duration.ofMinutes(5);
    static final java.time.Duration CODE_RESEND_AFTER = java.time.Duration.ofSeconds(60);
    static final int CODE_ATTEMPTS = 5;

    BindingService(FamilyStore store, Identities identities, PatientVerifier verifier, WithholdingChannels channels, FamilyProperties props,
                   VerifiedUsers users, HospitalRecords records) {
        this.records = records;
        this.store = store;
        this.users = users;
        this.identities = identities;
        this.verifier = verifier;
        this.channels = channels;
        this.props = props;
    }

    // ------------------------------------------------------------------ API shapes

    record PatientRequest(String name, String idNo, String cardNo) {}

    record PatientView(String name, String idNo, String cardNo, Boolean insured) {}

    record Limits(BigDecimal perPaymentFen, BigDecimal perDayFen, BigDecimal perMonthFen) {}

    record LimitsView(long perPaymentFen, long perDayFen, long perMonthFen) {}

    record UsageView(long todayFen, long thisMonthFen) {}

    record BindRequest(PatientRequest patient, String relation, Integer priority, Limits limits) {}

    record UpdateRequest(Integer priority, Limits limits) {}

    record AgreementRequest(String channel) {}

    /** {@code role}: PAYER (the caller pays) or PATIENT (the caller is the one paid for). */
    record BindingView(UUID bindingId, String role, String status, String relation, int priority, PatientView patient,
                       String channel, String agreementStatus, LimitsView limits, UsageView usage, OffsetDateTime createdAt,
                       String revokedBy, OffsetDateTime revokedAt) {}

    /** What the mini-program needs to send the payer to the channel's signing page (the simulator plays that page). */
    record AgreementView(UUID bindingId, String channel, String agreementCode, String status, Long planId, String notifyUrl) {}

    // ------------------------------------------------------------------ verify and bind

    Mono<PatientView> verify(String userId, PatientRequest r) {
        if (r == null) return Mono.error(ApiException.badRequest("MISSING_PATIENT", "give the patient's name, idNo and cardNo"));
        return verifier.verify(userId, r.name(), r.idNo(), r.cardNo()).map(BindingService::patientView);
    }

    /** A new binding waits for the patient's consent ({@link #consent}); the payer's verified identity is recorded with it. */
    Mono<BindingView> bind(MiniUser user, BindRequest r) {
        return Mono.defer(() -> {
            VerifiedUsers.Self me = users.self(user);
            String payerId = user.id();
            if (r.patient() == null) throw ApiException.badRequest("MISSING_PATIENT", "give the patient's name, idNo and cardNo");
            // Everything that needs no I/O first: a bad input is refused before anyone is asked anything.
            Identities.name(r.patient().name());
            String idNo = identities.idNumber(r.patient().idNo());
            identities.cardNo(r.patient().cardNo());
            Binding.Relation relation = relation(r.relation());
            Integer priority = r.priority() == null ? null : priority(r.priority());
            long[] limits = limits(r.limits());
            String patientHash = identities.hash(idNo);
            if (me.idHash().equals(patientHash)) {
                throw ApiException.unprocessable("SELF_BINDING", "a payer cannot bind their own card; family proxy pays for someone else");
            }
            return users.save(user, me).then(verifier.verify(payerId, r.patient().name(), idNo, r.patient().cardNo()))
                    .flatMap(v -> (priority != null ? Mono.just(priority) : store.nextPriority(props.hospitalId(), v.cardNo()))
                            .flatMap(p -> {
                                Instant now = store.now();
                                Binding b = new Binding(UUID.randomUUID(), payerId, props.hospitalId(), v.cardNo(), v.name(),
                                        identities.seal(v.idNo()), patientHash, Identities.mask(v.idNo()), relation, p,
                                        Binding.Status.AWAITING_CONSENT, null, null, null, Binding.AgreementStatus.NONE,
                                        limits[0], limits[1], limits[2], null, 0, null, 0, null, null, null, now, now);
                                // The patient's registered guardian binds without consent: the hospital, not the payer, says who that is.
                                return records.isGuardian(v.cardNo(), me.idNo()).flatMap(guardian -> guardian
                                        ? store.inTransaction(store.insertBinding(b).then(store.consent(b.bindingId(), "GUARDIAN")))
                                        : store.insertBinding(b).then(store.binding(b.bindingId())));
                            }))
                    .onErrorMap(DataIntegrityViolationException.class, e -> String.valueOf(e.getMessage()).contains("family_binding_one_live")
                            ? ApiException.conflict("DUPLICATE_BINDING", "you have already bound this hospital card")
                            : e)
                    .doOnNext(b -> log.info("payer {} bound card {} (binding {})", payerId, Masking.mask(b.cardNo()), b.bindingId()))
                    .map(b -> view(b, "PAYER"));
        });
    }

    // ------------------------------------------------------------------ reading

    /** The caller's bindings as payer, or ({@code asPatient}) the bindings that pay for the caller. */
    Flux<BindingView> list(MiniUser user, boolean asPatient) {
        if (!asPatient) return store.bindingsOfPayer(user.id()).map(b -> view(b, "PAYER"));
        return Mono.fromSupplier(() -> users.self(user))
                .flatMapMany(me -> store.bindingsOfPatient(props.hospitalId(), identities.candidates(me.idNo()))).map(b -> view(b, "PATIENT"));
    }

    Mono<BindingView> get(MiniUser user, UUID bindingId) {
        return access(user, bindingId).map(a -> view(a.binding(), a.role()));
    }

    /** The caller's role on a binding: PAYER (theirs), PATIENT (paying for them); anyone else does not see it at all. */
    private record Access(Binding binding, String role) {}

    /** The patient is whoever's verified identity number hashes to the binding's: never a number the user typed. */
    private Mono<Access> access(MiniUser user, UUID bindingId) {
        return store.binding(bindingId)
                .flatMap(b -> {
                    if (b.payerId().equals(user.id())) return Mono.just(new Access(b, "PAYER"));
                    if (!user.verified() || b.status() == Binding.Status.REVOKED) return Mono.empty();
                    return Mono.fromSupplier(() -> users.self(user)).filter(me -> identities.matches(me.idNo(), b.patientIdHash()))
                            .map(me -> new Access(b, "PATIENT"));
                })
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("BINDING_NOT_FOUND", "no binding " + bindingId)));
    }

    private Mono<Binding> asPayer(MiniUser user, UUID bindingId) {
        return access(user, bindingId).flatMap(a -> a.role().equals("PAYER") ? Mono.just(a.binding())
                : Mono.error(ApiException.forbidden("PAYER_ONLY", "only the payer may do this")));
    }

    // ------------------------------------------------------------------ changing

    /** The payer changes priority and limits; the patient may change the priority (the order their payers are tried in). */
    Mono<BindingView> update(MiniUser user, UUID bindingId, UpdateRequest r) {
        return Mono.defer(() -> {
            Integer priority = r.priority() == null ? null : priority(r.priority());
            long[] limits = r.limits() == null ? null : limits(r.limits());
            return access(user, bindingId).flatMap(a -> {
                if (limits != null && !a.role().equals("PAYER")) {
                    return Mono.error(ApiException.forbidden("PAYER_ONLY", "only the payer sets the limits"));
                }
                Binding b = a.binding();
                if (b.status() == Binding.Status.REVOKED) return Mono.error(revoked(b));
                return store.updateTerms(bindingId, priority == null ? b.priority() : priority,
                                limits == null ? b.perPaymentFen() : limits[0], limits == null ? b.perDayFen() : limits[1],
                                limits == null ? b.perMonthFen() : limits[2])
                        .switchIfEmpty(Mono.error(() -> revoked(b)))
                        .map(updated -> view(updated, a.role()));
            });
        });
    }

    Mono<BindingView> pause(MiniUser user, UUID bindingId) {
        return asPayer(user, bindingId).flatMap(b -> store.changeStatus(bindingId, Binding.Status.ACTIVE, Binding.Status.PAUSED)
                .switchIfEmpty(Mono.error(() -> stateConflict(b, "only an ACTIVE binding can be paused")))
                .map(x -> view(x, "PAYER")));
    }

    Mono<BindingView> resume(MiniUser user, UUID bindingId) {
        return asPayer(user, bindingId).flatMap(b -> store.changeStatus(bindingId, Binding.Status.PAUSED,
                        b.agreementStatus() == Binding.AgreementStatus.SIGNED ? Binding.Status.ACTIVE : Binding.Status.AWAITING_AGREEMENT)
                .switchIfEmpty(Mono.error(() -> stateConflict(b, "only a PAUSED binding can be resumed")))
                .map(x -> view(x, "PAYER")));
    }

    /**
     * Payer or patient ends the binding for good: from the commit on no reservation can succeed (it checks the
     * status in the same row), so it never pays again; the agreement is then ended at the channel too.
     */
    Mono<BindingView> revoke(MiniUser user, UUID bindingId) {
        return access(user, bindingId).flatMap(a -> {
            String by = a.role();
            return store.inTransaction(store.revoke(bindingId, by)
                            .flatMap(r -> store.notify(r.payerId(), PayerMessages.BINDING_REVOKED, r.bindingId(), null,
                                    PayerMessages.revoked(r, by, store.now())).thenReturn(r)))
                    .flatMap(r -> {
                        log.info("binding {} revoked by the {}", bindingId, by.toLowerCase());
                        return channels.endAgreement(r).onErrorResume(e -> Mono.empty()).thenReturn(view(r, a.role()));
                    })
                    // Already revoked: revoking again changes nothing and says so.
                    .switchIfEmpty(Mono.defer(() -> store.binding(bindingId).map(b -> view(b, a.role()))));
        });
    }

    /**
     * The patient, signed in with their own verified identity, approves a binding that pays for them; the payer
     * is told and may then sign an agreement. Approving again changes nothing; only the patient may approve.
     */
    Mono<BindingView> consent(MiniUser user, UUID bindingId) {
        return access(user, bindingId).flatMap(a -> {
            if (!a.role().equals("PATIENT")) {
                return Mono.error(ApiException.forbidden("PATIENT_ONLY", "only the patient the binding pays for may consent to it"));
            }
            Binding b = a.binding();
            if (b.status() != Binding.Status.AWAITING_CONSENT) return Mono.just(view(b, "PATIENT"));
            return store.inTransaction(store.consent(bindingId, "PATIENT")
                            .flatMap(c -> store.notify(c.payerId(), PayerMessages.CONSENT_GIVEN, c.bindingId(), null,
                                    PayerMessages.consentGiven(c, store.now())).thenReturn(c)))
                    .doOnNext(c -> log.info("binding {}: the patient consented", bindingId))
                    .switchIfEmpty(Mono.defer(() -> store.binding(bindingId)))
                    .map(c -> view(c, "PATIENT"));
        });
    }

    record ConsentCodeSent(UUID bindingId, String sentTo, long expiresInSeconds) {}

    record ConsentCodeEntry(String code) {}

    /**
     * The payer asks the hospital to text a one-time code to the phone it registered for the patient (for a patient
     * without a mini-program of their own); the patient reads it out and the payer enters it ({@link #consentByCode}).
     * One code per minute per binding; the code itself is never stored, only its keyed hash.
     */
    Mono<ConsentCodeSent> sendConsentCode(MiniUser user, UUID bindingId) {
        return asPayer(user, bindingId).flatMap(b -> {
            if (b.status() != Binding.Status.AWAITING_CONSENT) {
                return Mono.error(ApiException.conflict("BINDING_STATE_CONFLICT", "binding " + bindingId + " is " + b.status() + ", not waiting for consent"));
            }
            Instant now = store.now();
            return store.consentCode(bindingId)
                    .filter(c -> c.usedAt() == null && c.sentAt().plus(CODE_RESEND_AFTER).isAfter(now))
                    .flatMap(c -> Mono.<ConsentCodeSent>error(ApiException.rateLimited("a code was sent less than a minute ago",
                            java.time.Duration.between(now, c.sentAt().plus(CODE_RESEND_AFTER)))))
                    .switchIfEmpty(Mono.defer(() -> {
                        String code = String.format("%06d", RANDOM.nextInt(1_000_000));
                        String text = "【" + props.hospitalId() + "】" + Identities.maskName(b.patientName()) + "，您的家人申请为您代付医疗费用。"
                                + "同意请将验证码 " + code + " 告知对方，" + CODE_VALIDITY.toMinutes() + "分钟内有效。如非本人意愿请忽略。";
                        return records.textHolder(b.cardNo(), text).flatMap(sent -> switch (sent) {
                            case Outcome.Succeeded<java.util.Optional<String>> s when s.value().isPresent() ->
                                    store.saveConsentCode(bindingId, codeHash(bindingId, code), now, now.plus(CODE_VALIDITY))
                                            .thenReturn(new ConsentCodeSent(bindingId, s.value().get(), CODE_VALIDITY.toSeconds()));
                            case Outcome.Succeeded<java.util.Optional<String>> s -> Mono.error(ApiException.unprocessable("NO_PATIENT_PHONE",
                                    "the hospital has no phone for this patient; the patient consents in their own mini-program"));
                            default -> Mono.error(ApiException.unavailable("HOSPITAL_RECORDS_UNAVAILABLE",
                                    "the hospital could not send the code; try again later"));
                        });
                    }));
        });
    }

    /**
     * The payer enters the code the patient read out: the binding is consented ({@code consent_by} SMS_CODE). Wrong:
     * 400 CONSENT_CODE_INVALID (the fifth wrong entry burns the code: 429 until a new one); expired: 410; spent: 409.
     */
    Mono<BindingView> consentByCode(MiniUser user, UUID bindingId, ConsentCodeEntry entry) {
        return Mono.defer(() -> {
            String code = entry == null || entry.code() == null ? "" : entry.code().strip();
            if (!code.matches("^\\d{6}$")) throw ApiException.badRequest("CONSENT_CODE_INVALID", "the code is 6 digits");
            return asPayer(user, bindingId).flatMap(b -> store.consentCode(bindingId)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("CONSENT_CODE_NOT_SENT", "no code was sent for binding " + bindingId)))
                    .flatMap(c -> {
                        Instant now = store.now();
                        if (c.usedAt() != null) return Mono.error(ApiException.conflict("CONSENT_CODE_USED", "this code was already used"));
                        if (!c.expiresAt().isAfter(now)) return Mono.error(ApiException.gone("CONSENT_CODE_EXPIRED", "the code expired; ask for a new one"));
                        if (c.failedAttempts() >= CODE_ATTEMPTS) {
                            return Mono.error(ApiException.rateLimited("too many wrong codes; ask for a new one",
                                    java.time.Duration.ofSeconds(Math.max(1, java.time.Duration.between(now, c.sentAt().plus(CODE_RESEND_AFTER)).toSeconds()))));
                        }
                        if (!identities.matches(codeText(bindingId, code), c.codeHash())) {
                            return store.consentCodeFailed(bindingId).then(Mono.error(ApiException.badRequest("CONSENT_CODE_INVALID",
                                    "wrong code", java.util.Map.of("attemptsLeft", Math.max(0, CODE_ATTEMPTS - c.failedAttempts() - 1)))));
                        }
                        return store.inTransaction(store.useConsentCode(bindingId, now).flatMap(first -> first
                                        ? store.consent(bindingId, "SMS_CODE")
                                                .flatMap(x -> store.notify(x.payerId(), PayerMessages.CONSENT_GIVEN, x.bindingId(), null,
                                                        PayerMessages.consentGiven(x, now)).thenReturn(x))
                                                .switchIfEmpty(Mono.defer(() -> store.binding(bindingId)))
                                        : Mono.error(ApiException.conflict("CONSENT_CODE_USED", "this code was already used"))))
                                .doOnNext(x -> log.info("binding {}: the patient consented by code", bindingId))
                                .map(x -> view(x, "PAYER"));
                    }));
        });
    }

    /** Keyed (the look-up HMAC), so a database copy does not give the six digits away by trying a million of them. */
    private String codeHash(UUID bindingId, String code) {
        return identities.hash(codeText(bindingId, code));
    }

    private static String codeText(UUID bindingId, String code) {
        return "consent-code:" + bindingId + ":" + code;
    }

    // ------------------------------------------------------------------ agreements

    /** Opens signing on a channel; the payer then signs in the channel's app, whose callback makes the binding ACTIVE. */
    Mono<AgreementView> startAgreement(MiniUser user, UUID bindingId, AgreementRequest r, URI requestBase) {
        return Mono.defer(() -> {
            Channel channel = channel(r == null ? null : r.channel());
            String code = "FA" + UUID.randomUUID().toString().replace("-", "");
            return asPayer(user, bindingId).flatMap(b -> {
                if (b.status() == Binding.Status.REVOKED) return Mono.error(revoked(b));
                if (b.status() == Binding.Status.AWAITING_CONSENT) {
                    return Mono.error(ApiException.conflict("CONSENT_PENDING", "the patient has not consented to this binding yet; "
                            + "they approve it in their own mini-program (POST /api/v1/mini/bindings/{id}/consent)"));
                }
                if (b.agreementStatus() == Binding.AgreementStatus.SIGNED) {
                    return Mono.error(ApiException.conflict("AGREEMENT_ALREADY_SIGNED",
                            "this binding already has a signed " + b.channel() + " agreement; revoke and bind again to change it"));
                }
                return store.startSigning(bindingId, channel, code.substring(0, 32))
                        .switchIfEmpty(Mono.error(() -> stateConflict(b, "the binding cannot start signing now")))
                        .map(s -> agreementView(s, requestBase));
            });
        });
    }

    private AgreementView agreementView(Binding b, URI requestBase) {
        URI base = FamilyProperties.orElse(props.callbackBaseUrl(), requestBase);
        String path = b.channel() == Channel.WECHAT ? WECHAT_CALLBACK : ALIPAY_CALLBACK;
        return new AgreementView(b.bindingId(), b.channel().name(), b.agreementCode(), b.agreementStatus().name(),
                channels.template(b.channel()), base.resolve(path).toString());
    }

    /** The channel says the payer signed (callback): the binding pays from now on. Repeats change nothing. */
    Mono<Void> agreementSigned(Channel channel, String agreementCode, String agreementId) {
        return store.bindingByAgreementCode(agreementCode)
                .filter(b -> b.channel() == channel)
                .flatMap(b -> store.inTransaction(store.signed(b.bindingId(), agreementId)
                        .flatMap(s -> store.notify(s.payerId(), PayerMessages.AGREEMENT_SIGNED, s.bindingId(), null,
                                PayerMessages.agreementSigned(s, store.now())).thenReturn(s))))
                .flatMap(s -> {
                    log.info("binding {}: {} agreement signed", s.bindingId(), channel);
                    // Revoked while the payer was signing: the new agreement must not outlive the binding.
                    return s.status() == Binding.Status.REVOKED ? channels.endAgreement(s) : Mono.empty();
                })
                .then();
    }

    /** The agreement ended at the channel (the payer ended it in the app, or we did): no deduction until signed again. */
    Mono<Void> agreementEnded(Channel channel, String agreementCode, String agreementId) {
        return store.bindingByAgreementCode(agreementCode)
                .filter(b -> b.channel() == channel)
                .flatMap(b -> store.inTransaction(store.agreementEnded(b.bindingId(), agreementId)
                        .flatMap(e -> e.status() == Binding.Status.REVOKED ? Mono.just(e)
                                : store.notify(e.payerId(), PayerMessages.AGREEMENT_ENDED, e.bindingId(), null,
                                        PayerMessages.agreementEnded(e, store.now())).thenReturn(e))))
                .doOnNext(e -> log.info("binding {}: {} agreement ended at the channel", e.bindingId(), channel))
                .then();
    }

    // ------------------------------------------------------------------ parsing

    private static Binding.Relation relation(String raw) {
        if (raw != null) {
            for (Binding.Relation r : Binding.Relation.values()) if (r.name().equals(raw.strip())) return r;
        }
        throw ApiException.badRequest("INVALID_RELATION", "relation must be one of PARENT, SPOUSE, CHILD, OTHER");
    }

    /** A channel a payer can sign a withholding agreement on (the names the API and family_binding use). */
    private Channel channel(String raw) {
        if (raw != null) {
            for (Channel c : channels.channels()) if (c.name().equals(raw.strip())) return c;
        }
        throw ApiException.badRequest("INVALID_CHANNEL", "channel must be "
                + channels.channels().stream().map(Channel::name).collect(Collectors.joining(" or ")) + " (withholding agreements)");
    }

    private static int priority(int p) {
        if (p < 1 || p > 99) throw ApiException.badRequest("INVALID_PRIORITY", "priority must be 1 (tried first) to 99");
        return p;
    }

    /** Per payment ≤ per day ≤ per month, each a positive whole number of fen. */
    static long[] limits(Limits l) {
        if (l == null) throw ApiException.badRequest("INVALID_LIMIT", "limits (perPaymentFen, perDayFen, perMonthFen) are required");
        long perPayment = limit(l.perPaymentFen(), "perPaymentFen");
        long perDay = limit(l.perDayFen(), "perDayFen");
        long perMonth = limit(l.perMonthFen(), "perMonthFen");
        if (perPayment > perDay || perDay > perMonth) {
            throw ApiException.badRequest("LIMITS_INVERTED", "limits must satisfy perPaymentFen <= perDayFen <= perMonthFen",
                    Map.of("perPaymentFen", perPayment, "perDayFen", perDay, "perMonthFen", perMonth));
        }
        return new long[] {perPayment, perDay, perMonth};
    }

    private static long limit(BigDecimal v, String field) {
        if (v == null) throw ApiException.badRequest("INVALID_LIMIT", "limits." + field + " is required");
        if (v.signum() <= 0) throw ApiException.badRequest("INVALID_LIMIT", "limits." + field + " must be greater than 0, was " + v.toPlainString());
        try {
            long fen = v.longValueExact();
            if (fen > MAX_LIMIT_FEN) throw ApiException.badRequest("INVALID_LIMIT", "limits." + field + " must be at most " + MAX_LIMIT_FEN + " fen");
            return fen;
        } catch (ArithmeticException e) {
            throw ApiException.badRequest("INVALID_LIMIT", "limits." + field + " must be a whole number of fen, was " + v.toPlainString());
        }
    }

    // ------------------------------------------------------------------ views

    private BindingView view(Binding b, String role) {
        LocalDate today = ZonedDateTime.ofInstant(store.now(), props.zone()).toLocalDate();
        return new BindingView(b.bindingId(), role, b.status().name(), b.relation().name(), b.priority(),
                new PatientView(Identities.maskName(b.patientName()), b.patientIdMasked(), Masking.mask(b.cardNo()), null),
                b.channel() == null ? null : b.channel().name(), b.agreementStatus().name(),
                new LimitsView(b.perPaymentFen(), b.perDayFen(), b.perMonthFen()),
                new UsageView(b.usedOn(today), b.usedInMonth(today.withDayOfMonth(1))),
                b.createdAt().atZone(props.zone()).toOffsetDateTime(), b.revokedBy(),
                b.revokedAt() == null ? null : b.revokedAt().atZone(props.zone()).toOffsetDateTime());
    }

    private static PatientView patientView(PatientVerifier.Verified v) {
        return new PatientView(Identities.maskName(v.name()), Identities.mask(v.idNo()), Masking.mask(v.cardNo()), v.insured());
    }

    private static ApiException revoked(Binding b) {
        return ApiException.conflict("BINDING_REVOKED", "binding " + b.bindingId() + " was revoked");
    }

    private static ApiException stateConflict(Binding b, String why) {
        return ApiException.conflict("BINDING_STATE_CONFLICT", why + "; it is " + b.status(),
                Map.of("status", b.status().name()));
    }
}
