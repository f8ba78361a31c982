package org.hospay.gateway.inpatient;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.code.Masking;
import org.hospay.gateway.family.PatientNotices;
import org.hospay.gateway.payment.InsurancePort;
import org.hospay.gateway.payment.BillValidator;
import org.hospay.gateway.payment.PaymentAnswer;
import org.hospay.gateway.payment.PaymentRequest;
import org.hospay.gateway.payment.PaymentService;
import org.hospay.gateway.terminal.Terminal;
import org.hospay.gateway.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stay from admission to discharge, but the discharge itself ({@link Discharges}): admission (for an insured patient
 * also at the insurance platform, {@link InsuredStays}), deposits (each a payment through the engine, one self-pay leg
 * on the code, tap or card presented), fee batches from the HIS and their corrections, the ward's reminders.
 * Bad input is refused before anything is written; a stay's changes serialise on its row.
 */
@Service
class Stays {

    record Admission(String admissionNo, String patientName, String ward, String bed, InsuranceCert insurance) {}

    /** An insured admission: the certificate the patient presented (as §6.1's insured sources: e-voucher token, ID or card number). */
    record InsuranceCert(String certType, String certNo) {

        @Override
        public String toString() {
            return "InsuranceCert[certType=" + certType + "]";
        }
    }

    record DepositRequest(BigDecimal amountFen, String scannedCode, String cardNo, String nfcSessionId) {}

    record FeeBatch(String batchNo, List<PaymentRequest.Item> items, BigDecimal totalFen) {}

    /** {@code insurance}: the batch at the platform — NONE (self-pay stay), PENDING, UPLOADED, DECLINED, CANCELLING or CANCELLED. */
    record FeeAnswer(UUID stayId, String batchNo, long amountFen, boolean replayed, long feesFen, long batches, String insurance) {}

    /** A deposit as answered: the deposit, the payment that carries it, and the stay's balance after it. */
    record DepositAnswer(UUID depositId, UUID stayId, String kind, long amountFen, String status, org.hospay.gateway.payment.PaymentView payment,
                         long balanceFen, boolean stillRunning) {}

    private static final Pattern ADMISSION_NO = Pattern.compile("[A-Za-z0-9-]{1,32}");
    private static final Pattern CARD_NO = Pattern.compile("[A-Za-z0-9]{4,32}");
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,64}");
    /** A single deposit: at most 1,000,000 CNY. */
    static final long MAX_DEPOSIT_FEN = 100_000_000L;

    private final StayStore store;
    private final PaymentService payments;
    private final InpatientProperties props;
    private final JsonMapper json;
    private final InsurancePort insurance;
    private final InsuredStays insured;
    private final PatientNotices notices;

    Stays(StayStore store, PaymentService payments, InpatientProperties props, JsonMapper json, InsurancePort insurance,
          InsuredStays insured, PatientNotices notices) {
        this.notices = notices;
        this.insurance = insurance;
        this.insured = insured;
        this.store = store;
        this.payments = payments;
        this.props = props;
        this.json = json;
    }

    Mono<StayView> admit(Terminal t, Admission a) {
        return Mono.defer(() -> {
            if (a == null || a.admissionNo() == null || !ADMISSION_NO.matcher(a.admissionNo()).matches()) {
                throw ApiException.badRequest("INVALID_ADMISSION_NO", "admissionNo must be 1-32 letters, digits or '-'", Map.of("field", "admissionNo"));
            }
            if (a.patientName() == null || a.patientName().isBlank() || a.patientName().length() > 32) {
                throw ApiException.badRequest("INVALID_PATIENT_NAME", "patientName must be 1-32 characters", Map.of("field", "patientName"));
            }
            if ((a.ward() != null && a.ward().length() > 32) || (a.bed() != null && a.bed().length() > 16)) {
                throw ApiException.badRequest("INVALID_BED", "ward is at most 32 characters, bed at most 16", Map.of("field", "ward"));
            }
            String ward = a.ward() != null ? a.ward() : t.kind() == Terminal.Kind.BEDSIDE ? t.windowId() : null;
            InsurancePort.CertType certType = a.insurance() == null ? null : certType(a.insurance());
            Mono<Stay.Insurance> ins = certType == null ? Mono.just(Stay.Insurance.NONE)
                    : insurance.identify(certType, a.insurance().certNo()).map(o -> switch (o) {
                        case Outcome.Succeeded<InsurancePort.Person> p -> new Stay.Insurance(Stay.InsStage.ADMITTING, p.value().psnNo(),
                                p.value().insutype(), p.value().insuplcAdmdvs(), certType.name(), insured.seal(a.insurance().certNo()),
                                null, insured.newMsgId(), null, null, null, null, null, null, null, null);
                        case Outcome.Declined<InsurancePort.Person> d when !DeclineCodes.CHANNEL_UNAVAILABLE.equals(d.code())
                                && !DeclineCodes.CHANNEL_BUSY.equals(d.code()) ->
                                throw ApiException.unprocessable("INSURANCE_IDENTITY_REJECTED", "the insurance platform does not know "
                                        + "this certificate: " + d.message());
                        default -> throw ApiException.unavailable("INSURANCE_UNAVAILABLE",
                                "the insurance platform did not answer who the patient is; try again");
                    });
            return ins.flatMap(i -> {
                Stay stay = new Stay(UUID.randomUUID(), t.hospitalId(), a.admissionNo(), maskName(a.patientName().strip()), ward, a.bed(),
                        Stay.Status.ADMITTED, Stay.Stage.STAYING, t.terminalId(), store.now(), 0, null, null, null, null, null, null, null, 0,
                        null, null, i);
                Mono<Void> registered = store.insert(stay)
                        .onErrorMap(DataIntegrityViolationException.class, e -> ApiException.conflict("ADMISSION_EXISTS",
                                "admission " + a.admissionNo() + " is already registered"));
                if (!stay.insured()) return registered.then(view(t, stay.stayId()));
                // 2401 after the row (its msgid written down); an unanswered one is finished by recovery with that msgid.
                return registered.then(insured.admit(stay)).flatMap(o -> o instanceof Outcome.Declined<String> d
                        && !DeclineCodes.CHANNEL_UNAVAILABLE.equals(d.code()) && !DeclineCodes.CHANNEL_BUSY.equals(d.code())
                        ? store.deleteAdmitting(stay.stayId()).then(Mono.<StayView>error(ApiException.unprocessable(
                                "INSURANCE_ADMISSION_REFUSED", "the insurance platform refused the admission: " + d.message(),
                                Map.of("reason", d.code()))))
                        : view(t, stay.stayId()));
            });
        });
    }

    private static InsurancePort.CertType certType(InsuranceCert c) {
        InsurancePort.CertType type;
        try {
            type = c.certType() == null ? null : InsurancePort.CertType.valueOf(c.certType());
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null) throw ApiException.badRequest("INVALID_CERT_TYPE", "insurance.certType must be EVOUCHER_TOKEN, ID_NUMBER or "
                + "SOCIAL_SECURITY_CARD", Map.of("field", "insurance.certType"));
        if (c.certNo() == null || c.certNo().isBlank() || c.certNo().length() > 128)
            throw ApiException.badRequest("INVALID_CERT_NO", "insurance.certNo must be 1-128 characters", Map.of("field", "insurance.certNo"));
        return type;
    }

    /** The stay of this terminal's hospital, or 404 STAY_NOT_FOUND. */
    Mono<Stay> stay(Terminal t, UUID stayId) {
        return store.find(stayId).filter(s -> s.hospitalId().equals(t.hospitalId()))
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("STAY_NOT_FOUND", "no stay " + stayId)));
    }

    Mono<StayView> view(Terminal t, UUID stayId) {
        return stay(t, stayId).flatMap(this::view);
    }

    Mono<StayView> view(Stay s) {
        return Mono.zip(store.deposits(s.stayId()).collectList(), store.refunds(s.stayId()).collectList(),
                        store.reminders(s.stayId()).collectList())
                .map(d -> StayView.of(s, d.getT1(), d.getT2(), s.ins().poolingJson() == null ? null
                        : json.readValue(s.ins().poolingJson(), InsurancePort.Pooling.class), d.getT3()));
    }

    Mono<StayBook> book(Stay s) {
        return Mono.zip(store.deposits(s.stayId()).collectList(), store.refunds(s.stayId()).collectList())
                .map(d -> StayBook.of(s, d.getT1(), d.getT2()));
    }

    /** A deposit at admission or a top-up; only while the stay is ADMITTED. Idempotent by key like a payment. */
    Mono<DepositAnswer> deposit(Terminal t, UUID stayId, String key, DepositRequest r) {
        return Mono.defer(() -> {
            requireKey(key);
            long fen = amount(r == null ? null : r.amountFen(), MAX_DEPOSIT_FEN);
            requireOneSource(r.scannedCode(), r.cardNo(), r.nfcSessionId());
            UUID depositId = UUID.nameUUIDFromBytes((stayId + "\n" + t.terminalId() + "\n" + key).getBytes(StandardCharsets.UTF_8));
            String billNo = "ZYD" + depositId.toString().replace("-", "");
            Mono<Void> record = stay(t, stayId).then(store.inTransaction(store.lock(stayId).flatMap(s -> {
                if (s.status() != Stay.Status.ADMITTED) {
                    return Mono.error(ApiException.conflict("STAY_NOT_ADMITTED", "stay " + stayId + " is " + s.status()
                            + "; deposits are taken only during the stay", Map.of("status", s.status().name())));
                }
                return store.insertDeposit(depositId, stayId, billNo, Deposit.Kind.DEPOSIT, fen, t.terminalId());
            })));
            return record.then(payments.payInpatient(t, key, billNo, "住院预交金", Money.ofFen(fen), r.scannedCode(), r.cardNo(), r.nfcSessionId()))
                    .flatMap(answer -> answered(t, stayId, depositId, answer));
        });
    }

    /** The shortfall of a discharge's self-pay part, collected by a code, tap or card; only while the discharge waits for it. */
    Mono<DepositAnswer> collect(Terminal t, UUID stayId, String key, DepositRequest r) {
        return Mono.defer(() -> {
            requireKey(key);
            requireOneSource(r == null ? null : r.scannedCode(), r == null ? null : r.cardNo(), r == null ? null : r.nfcSessionId());
            return stay(t, stayId).flatMap(s -> {
                if (s.stage() != Stay.Stage.COLLECTING) {
                    return Mono.error(ApiException.conflict("STAY_NOT_COLLECTING", "stay " + stayId + " is " + s.status() + " / " + s.stage()
                            + "; a shortfall is collected only while its discharge waits for it", Map.of("status", s.status().name())));
                }
                // One bill per discharge round: the engine's one-live-payment-per-bill guard makes two scans charge once.
                String billNo = "ZYS" + stayId.toString().replace("-", "") + "-" + s.round();
                UUID depositId = UUID.nameUUIDFromBytes(billNo.getBytes(StandardCharsets.UTF_8));
                return book(s).flatMap(book -> {
                    long due = -book.balanceFen();
                    if (due <= 0) return Mono.error(ApiException.conflict("NOTHING_DUE", "the self-pay part is covered already"));
                    return store.insertDeposit(depositId, stayId, billNo, Deposit.Kind.SHORTFALL, due, t.terminalId())
                            .then(store.deposit(depositId))
                            .flatMap(d -> payments.payInpatient(t, key, billNo, "住院结算补缴", Money.ofFen(d.amountFen()), r.scannedCode(),
                                    r.cardNo(), r.nfcSessionId()))
                            .flatMap(answer -> answered(t, stayId, depositId, answer));
                });
            });
        });
    }

    private Mono<DepositAnswer> answered(Terminal t, UUID stayId, UUID depositId, PaymentAnswer answer) {
        return Mono.zip(store.deposit(depositId), stay(t, stayId).flatMap(this::book)).map(x -> new DepositAnswer(depositId, stayId,
                x.getT1().kind().name(), x.getT1().amountFen(), answer.view().status(), answer.view(), x.getT2().balanceFen(),
                "PENDING".equals(answer.view().status())));
    }

    /** A batch of fees (2301's batches): the same batch again is a replay, another content under its number 409. */
    Mono<FeeAnswer> fees(Terminal t, UUID stayId, FeeBatch b) {
        return Mono.defer(() -> {
            if (b == null || b.batchNo() == null || !ADMISSION_NO.matcher(b.batchNo()).matches()) {
                throw ApiException.badRequest("INVALID_BATCH_NO", "batchNo must be 1-32 letters, digits or '-'", Map.of("field", "batchNo"));
            }
            var bill = BillValidator.validate(b.batchNo(), null, b.items(), b.totalFen());
            String items = json.writeValueAsString(bill.items());
            String hash = sha256(items);
            long fen = bill.total().fen();
            Mono<Boolean> write = store.lock(stayId).flatMap(s -> store.feeBatchHash(stayId, b.batchNo())
                    .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(old -> {
                        if (old.isPresent()) {
                            return old.get().equals(hash) ? Mono.just(true) : Mono.<Boolean>error(ApiException.conflict("FEE_BATCH_CONFLICT",
                                    "fee batch " + b.batchNo() + " was uploaded with other items"));
                        }
                        if (s.status() != Stay.Status.ADMITTED) {
                            return Mono.<Boolean>error(ApiException.conflict("STAY_NOT_ADMITTED", "stay " + stayId + " is " + s.status()
                                    + "; fees are uploaded only during the stay", Map.of("status", s.status().name())));
                        }
                        boolean ins = s.insured() && s.ins().stage() != Stay.InsStage.REFUSED;
                        return store.insertFeeBatch(stayId, b.batchNo(), fen, hash, items, bill.items().size(), ins ? "PENDING" : "NONE",
                                ins ? insured.newMsgId() : null).then(store.addFees(stayId, fen)).thenReturn(false);
                    }));
            // An insured stay's batch goes to the platform (2301) after it is written; unanswered, recovery sends it again.
            return stay(t, stayId).then(store.inTransaction(write))
                    .flatMap(replayed -> store.find(stayId).flatMap(insured::syncFeesQuietly).thenReturn(replayed))
                    .flatMap(replayed -> Mono.zip(store.find(stayId), store.feeBatches(stayId), store.feeBatch(stayId, b.batchNo()))
                            .map(x -> new FeeAnswer(stayId, b.batchNo(), fen, replayed, x.getT1().feesFen(), x.getT2(), x.getT3().status())));
        });
    }

    /**
     * Cancels a fee batch for a correction (2302 for an insured stay's lines at the platform); the batch number may then be
     * uploaded again with the corrected items. Only while ADMITTED. 200 once cancelled; 202 while the platform has not answered.
     */
    Mono<FeeAnswer> cancelFees(Terminal t, UUID stayId, String batchNo) {
        return Mono.defer(() -> {
            if (batchNo == null || !ADMISSION_NO.matcher(batchNo).matches()) {
                throw ApiException.badRequest("INVALID_BATCH_NO", "batchNo must be 1-32 letters, digits or '-'", Map.of("field", "batchNo"));
            }
            Mono<Void> decide = store.lock(stayId).flatMap(s -> store.feeBatch(stayId, batchNo)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("FEE_BATCH_NOT_FOUND", "stay " + stayId + " has no fee batch " + batchNo)))
                    .flatMap(batch -> {
                        if (s.status() != Stay.Status.ADMITTED) {
                            return Mono.<Void>error(ApiException.conflict("STAY_NOT_ADMITTED", "stay " + stayId + " is " + s.status()
                                    + "; fees are corrected only during the stay", Map.of("status", s.status().name())));
                        }
                        // At the platform (or maybe, when its upload was unanswered): cancelled there first (2302), then here.
                        boolean there = "UPLOADED".equals(batch.status()) || ("PENDING".equals(batch.status()) && s.ins().mdtrtId() != null);
                        if ("CANCELLING".equals(batch.status())) return Mono.<Void>empty();
                        return there ? store.feeBatchCancelling(stayId, batchNo, insured.newMsgId()) : store.deleteFeeBatch(stayId, batchNo).then();
                    }));
            return stay(t, stayId).then(store.inTransaction(decide))
                    .then(store.find(stayId)).flatMap(insured::syncFeesQuietly)
                    .then(Mono.zip(store.find(stayId), store.feeBatches(stayId),
                            store.feeBatch(stayId, batchNo).map(StayStore.FeeBatchRow::status).defaultIfEmpty("CANCELLED")))
                    .map(x -> new FeeAnswer(stayId, batchNo, 0, false, x.getT1().feesFen(), x.getT2(), x.getT3()));
        });
    }

    record ReminderEvent(String reminderNo, String admissionNo, String cardNo, BigDecimal suggestedFen) {}

    record ReminderAnswer(UUID stayId, String reminderNo, String kind, long suggestedFen, long balanceFen, int notified, boolean replayed) {}

    /**
     * The ward's "deposit low" reminder, posted by the HIS as a bill event (§13.7): the stay shows it, and the patient
     * (in the mini-program) and the family payers bound to {@code cardNo} are told, in the same transaction. The same
     * reminder number again answers the first reminder and tells nobody twice. Only while the stay is ADMITTED.
     */
    Mono<ReminderAnswer> remind(Terminal t, ReminderEvent e) {
        return Mono.defer(() -> {
            if (e == null || e.reminderNo() == null || !ADMISSION_NO.matcher(e.reminderNo()).matches()) {
                throw ApiException.badRequest("INVALID_REMINDER_NO", "reminderNo must be 1-32 letters, digits or '-'", Map.of("field", "reminderNo"));
            }
            if (e.admissionNo() == null || !ADMISSION_NO.matcher(e.admissionNo()).matches()) {
                throw ApiException.badRequest("INVALID_ADMISSION_NO", "admissionNo must be 1-32 letters, digits or '-'", Map.of("field", "admissionNo"));
            }
            if (e.cardNo() != null && !CARD_NO.matcher(e.cardNo()).matches()) {
                throw ApiException.badRequest("INVALID_CARD_NO", "cardNo must be 4-32 letters or digits", Map.of("field", "cardNo"));
            }
            long suggested = amount(e.suggestedFen(), MAX_DEPOSIT_FEN);
            Mono<ReminderAnswer> write = store.findByAdmission(t.hospitalId(), e.admissionNo())
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("STAY_NOT_FOUND", "no stay with admission " + e.admissionNo())))
                    .flatMap(found -> store.lock(found.stayId())).flatMap(s -> book(s).flatMap(book -> {
                        if (s.status() != Stay.Status.ADMITTED) {
                            return Mono.<ReminderAnswer>error(ApiException.conflict("STAY_NOT_ADMITTED", "stay " + s.stayId() + " is "
                                    + s.status() + "; deposits are taken only during the stay", Map.of("status", s.status().name())));
                        }
                        long balance = book.balanceFen();
                        var reminder = new StayStore.Reminder(e.reminderNo(), "DEPOSIT_LOW", suggested, balance,
                                e.cardNo() == null ? null : Masking.mask(e.cardNo()), 0, store.now());
                        return store.insertReminder(s.stayId(), reminder, t.terminalId()).flatMap(fresh -> !fresh
                                ? Mono.just(new ReminderAnswer(s.stayId(), e.reminderNo(), "DEPOSIT_LOW", suggested, balance, 0, true))
                                : (e.cardNo() == null ? Mono.just(0) : notices.depositLow(t.hospitalId(), e.cardNo(), s.admissionNo(),
                                        e.reminderNo(), balance, suggested))
                                        .flatMap(n -> store.reminderNotified(s.stayId(), e.reminderNo(), n)
                                                .thenReturn(new ReminderAnswer(s.stayId(), e.reminderNo(), "DEPOSIT_LOW", suggested,
                                                        balance, n, false))));
                    }));
            return store.inTransaction(write).flatMap(a -> !a.replayed() ? Mono.just(a)
                    : store.reminders(a.stayId()).filter(r -> r.reminderNo().equals(e.reminderNo())).next()
                            .map(r -> new ReminderAnswer(a.stayId(), r.reminderNo(), r.kind(), r.suggestedFen(), r.balanceFen(), r.notified(), true)));
        });
    }

    static long amount(BigDecimal v, long max) {
        if (v == null) throw ApiException.badRequest("INVALID_AMOUNT", "amountFen is required", Map.of("field", "amountFen"));
        if (v.signum() <= 0 || v.stripTrailingZeros().scale() > 0 || v.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiException.badRequest("INVALID_AMOUNT", "amountFen must be a whole number of fen from 1 to " + max, Map.of("field", "amountFen"));
        }
        return v.longValueExact();
    }

    static void requireKey(String key) {
        if (key == null || key.isEmpty()) throw ApiException.badRequest("IDEMPOTENCY_KEY_REQUIRED", "the Idempotency-Key header is required");
        if (!KEY.matcher(key).matches()) throw ApiException.badRequest("INVALID_IDEMPOTENCY_KEY", "Idempotency-Key must be 1-64 visible ASCII characters");
    }

    private static void requireOneSource(String scanned, String card, String nfc) {
        int n = (scanned != null || nfc != null ? 1 : 0) + (card != null ? 1 : 0);
        if (n == 0) throw ApiException.badRequest("PAYMENT_SOURCE_REQUIRED", "give one of scannedCode, nfcSessionId or cardNo");
        if (n > 1) throw ApiException.badRequest("AMBIGUOUS_PAYMENT_SOURCE", "give only one of scannedCode, nfcSessionId or cardNo");
    }

    /** 王秀英 → 王*英, 李四 → 李*: enough for the ward to recognise, not a full name in logs and answers. */
    static String maskName(String name) {
        int[] cp = name.codePoints().toArray();
        if (cp.length == 1) return name;
        StringBuilder b = new StringBuilder().appendCodePoint(cp[0]);
        b.append("*".repeat(Math.max(1, cp.length - 2)));
        if (cp.length > 2) b.appendCodePoint(cp[cp.length - 1]);
        return b.toString();
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
