package org.hospay.simulator.insurance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hospay.simulator.insurance.InsuranceState.Recorded;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The platform's side: the transactions over insured persons, visits, fees, settlements and mobile
 * orders. Each runs under the one lock of {@link InsuranceState}: every transaction is microseconds
 * of map work (signatures are made outside), and one lock makes "a repeated msgid never settles
 * twice" and "a reversal and its late original cannot both win" simple to see. The work itself is
 * the interface families': {@link InsurancePersons} (1101), {@link OutpatientSettlements} (2201,
 * 2202, 2204, 2206, 2207, 2208), {@link InpatientSettlements} (2401, 2402, 2404, 2405, 2301, 2302, 2303, 2304, 2305), {@link InsuranceReversals} (2601), {@link SettlementQueries} (5203,
 * 3201, 3202) and {@link MobilePayments} (6201, 6202, 6203, 6301, 6401).
 *
 * <p>Idempotency: the answer to every state-changing transaction (2201, 2204, 2207, 2208, 2301, 2302,
 * 2304, 2305, 2401, 2402, 2404, 2405, 2601, 6201, 6202, 6203, 6401) is kept by msgid; the same msgid again gets the first answer and changes nothing.
 * 2601 for a msgid that never arrived stores a "[REVERSED]" answer under that msgid, so the original,
 * arriving late, gets that answer instead of being processed.
 */
@Component
public class InsuranceBook {

    static final String CHANNEL = "INSURANCE";
    private static final Set<String> RECORDED = Set.of("2201", "2202", "2204", "2207", "2208", "2301", "2302", "2304",
            "2305", "2401", "2402", "2404", "2405", "2601", "6201", "6202", "6203", "6401");

    private final InsuranceState state;
    private final InsurancePersons persons;
    private final OutpatientSettlements outpatient;
    private final InsuranceReversals reversals;
    private final SettlementQueries queries;
    private final MobilePayments mobile;
    private final InpatientSettlements inpatient;
    private final Map<String, Recorded> answers;
    private final List<LedgerKey> touched;

    InsuranceBook(InsuranceState state, InsurancePersons persons, OutpatientSettlements outpatient, InsuranceReversals reversals,
                  SettlementQueries queries, MobilePayments mobile, InpatientSettlements inpatient) {
        this.inpatient = inpatient;
        this.state = state;
        this.persons = persons;
        this.outpatient = outpatient;
        this.reversals = reversals;
        this.queries = queries;
        this.mobile = mobile;
        this.answers = state.answers;
        this.touched = state.touched;
    }

    /**
     * An answer: infcode 0 with output, or -1 with err_msg. Kept by msgid for the state-changing
     * transactions. {@code booked} are the ledger entries the transaction wrote: they are marked
     * answered only when the answer actually leaves (never, for an injected timeout).
     */
    record Answer(String infno, int infcode, String errMsg, JsonNode output, String refmsgid, LocalDateTime refmsgTime,
                  List<LedgerKey> booked) {

        Answer withBooked(List<LedgerKey> keys) {
            return new Answer(infno, infcode, errMsg, output, refmsgid, refmsgTime, List.copyOf(keys));
        }
    }

    record LedgerKey(String type, String requestId) {}

    /** A refusal the platform answers with infcode -1 and a bracketed code. */
    static final class Refused extends RuntimeException {
        final PlatformError error;

        Refused(PlatformError error, String text) {
            super(error.message(text), null, false, false);
            this.error = error;
        }
    }

    /** Runs one transaction, or returns the answer its msgid already got. */
    Answer handle(String infno, String msgid, String region, JsonNode input) {
        state.lock.lock();
        try {
            boolean recorded = RECORDED.contains(infno);
            String digest = recorded ? digest(input) : null;
            if (recorded) {
                Recorded prior = answers.get(msgid);
                if (prior != null) {
                    boolean same = prior.answer().infno().equals(infno) && (prior.inputDigest() == null || prior.inputDigest().equals(digest));
                    return same ? prior.answer()
                            : state.failure(infno, region, PlatformError.DUPLICATE_MSGID.message("报文ID " + msgid + " 已用于另一笔交易 ("
                                    + prior.answer().infno() + ")"));
                }
            }
            touched.clear();
            Answer answer;
            try {
                answer = state.success(infno, region, dispatch(infno, msgid, region, input));
            } catch (Refused r) {
                answer = state.failure(infno, region, r.getMessage());
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                answer = state.failure(infno, region, PlatformError.INVALID_INPUT.message("输入参数错误: " + e.getMessage()));
            }
            answer = answer.withBooked(touched);
            touched.clear();
            if (recorded) answers.put(msgid, new Recorded(answer, digest));
            return answer;
        } finally {
            state.lock.unlock();
        }
    }

    /** Marks the ledger entries behind an answer as answered, now that it is on its way (the first delivery counts). */
    void delivered(Answer answer) {
        Instant now = state.clock.instant();
        for (LedgerKey k : answer.booked()) {
            state.ledger.update(CHANNEL, k.type(), k.requestId(), e -> e.answeredAt() == null ? e.withState(e.state(), now) : e);
        }
    }

    private static String digest(JsonNode input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(EnvelopeWire.canonical(input)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** The platform's "system busy" answer, for injected errors: nothing is processed or kept. */
    Answer systemError(String infno, String region) {
        return state.failure(infno, region, "系统异常，请稍后重试");
    }

    Answer refusal(String infno, String region, PlatformError error, String text) {
        return state.failure(infno, region, error.message(text));
    }

    private JsonNode dispatch(String infno, String msgid, String region, JsonNode input) {
        return switch (infno) {
            case "1101" -> persons.personInfo(input.path("data"));
            case "2201" -> outpatient.register(input.path("data"));
            case "2202" -> outpatient.cancelRegistration(input.path("data"), msgid);
            case "2204" -> outpatient.uploadFees(input.path("feedetail"));
            case "2206" -> outpatient.settle(input.path("data"), msgid, false);
            case "2207" -> outpatient.settle(input.path("data"), msgid, true);
            case "2208" -> outpatient.cancel(input.path("data"), msgid);
            case "2401" -> inpatient.admit(input.path("mdtrtinfo"));
            case "2404" -> inpatient.cancelAdmission(input.path("data"));
            case "2301" -> inpatient.uploadFees(input.path("feedetail"));
            case "2302" -> inpatient.cancelFees(input.path("data"));
            case "2402" -> inpatient.discharge(input.path("dscginfo"));
            case "2405" -> inpatient.cancelDischarge(input.path("data"));
            case "2303" -> inpatient.settle(input.path("data"), msgid, false);
            case "2304" -> inpatient.settle(input.path("data"), msgid, true);
            case "2305" -> inpatient.cancel(input.path("data"), msgid);
            case "2601" -> reversals.reverse(input.path("data"), msgid, region);
            case "5203" -> queries.query(input.path("data"));
            case "3201" -> queries.statementTotals(input.path("data"));
            case "3202" -> queries.statementDetails(input.path("data"));
            case "6201" -> mobile.mobileUpload(input);
            case "6202" -> mobile.mobilePay(input, msgid);
            case "6203" -> mobile.mobileRefund(input);
            case "6301" -> mobile.mobileQuery(input);
            case "6401" -> mobile.mobileRevoke(input);
            default -> throw new Refused(PlatformError.INVALID_INPUT, "不支持的交易编号 " + infno);
        };
    }
}
