package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.BEIJING;
import static org.hospay.simulator.insurance.InsuranceJson.COMPACT;
import static org.hospay.simulator.insurance.InsuranceJson.obj;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.hospay.simulator.insurance.InsuranceBook.Answer;
import org.hospay.simulator.insurance.InsuranceBook.LedgerKey;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.hospay.simulator.ledger.Ledger;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the platform holds, shared by the interface families: insured persons, e-voucher tokens,
 * visits and their fees, settlements, mobile orders and refunds, the answers kept by msgid and the
 * reversals. One lock guards all of it ({@link InsuranceBook} holds it around every transaction,
 * {@link InsurancePersons} around test data); the families touch these maps only under it. One
 * sequence numbers every id the platform hands out.
 */
@Component
class InsuranceState {

    final ReentrantLock lock = new ReentrantLock();
    final Clock clock;
    final Ledger ledger;
    final AtomicLong seq = new AtomicLong();
    final SecureRandom random = new SecureRandom();

    final Map<String, SimPerson> persons = new HashMap<>();
    final Map<String, String> psnByIdNo = new HashMap<>();
    final Map<String, String> psnByCardNo = new HashMap<>();
    final Map<String, Token> tokens = new HashMap<>();
    final Map<String, Visit> visits = new HashMap<>();
    final Map<String, String> visitByOtpNo = new HashMap<>();
    final Map<String, Setl> settlements = new LinkedHashMap<>();
    /** mdtrt_id → its settlements in order: 2207 and 5203 look at one visit, never scan them all. */
    final Map<String, List<Setl>> settlementsOfVisit = new HashMap<>();
    final Map<String, String> setlByMsgid = new HashMap<>();
    final Map<String, Order> orders = new HashMap<>();
    final Map<String, StoredRefund> refunds = new HashMap<>();
    final Map<String, Recorded> answers = new HashMap<>();
    /** Ledger entries written by the transaction in progress (guarded by the lock). */
    final List<LedgerKey> touched = new ArrayList<>();
    final Map<String, String> reversals = new HashMap<>();
    /** mdtrt_id → an inpatient stay (2401); its fees and settlements are its {@link Visit}'s, so 5203 sees them too. */
    final Map<String, Stay> stays = new HashMap<>();

    InsuranceState(Clock clock, Ledger ledger) {
        this.clock = clock;
        this.ledger = ledger;
    }

    // ================================================================== types

    /**
     * A kept answer and the digest of the input it answered (null for the placeholder a 2601 leaves
     * for a message that never arrived: that one answers whatever arrives under the msgid).
     */
    record Recorded(Answer answer, String inputDigest) {}

    static final class SimPerson {
        final String psnNo, name, idNo, hospitalCardNo;
        String insutype, region, cardNo;
        boolean pooledSigned;
        boolean inpatient;
        long accountBalanceFen;
        /** year → {deductible met, fund used}: outpatient pooling. */
        final Map<Integer, long[]> usage = new HashMap<>();
        /** year → what the inpatient fund paid (its annual cap is apart from the outpatient one). */
        final Map<Integer, long[]> inpatientUsage = new HashMap<>();

        SimPerson(String psnNo, String name, String idNo, String insutype, String region, String cardNo, String hospitalCardNo,
                  boolean pooledSigned, boolean inpatient, long accountBalanceFen) {
            this.psnNo = psnNo;
            this.name = name;
            this.idNo = idNo;
            this.insutype = insutype;
            this.region = region;
            this.cardNo = cardNo;
            this.hospitalCardNo = hospitalCardNo;
            this.pooledSigned = pooledSigned;
            this.inpatient = inpatient;
            this.accountBalanceFen = accountBalanceFen;
        }

        long[] usage(int year) {
            return usage.computeIfAbsent(year, y -> new long[2]);
        }

        long[] inpatientUsage(int year) {
            return inpatientUsage.computeIfAbsent(year, y -> new long[1]);
        }
    }

    record Token(String psnNo, Instant expiresAt) {}

    record Fee(String sn, String chrgBchno, String itemCode, FeeCategory category, long amountFen) {}

    static final class Visit {
        final String mdtrtId, psnNo, iptOtpNo, insutype;
        boolean cancelled;
        final Map<String, Fee> fees = new LinkedHashMap<>();

        Visit(String mdtrtId, String psnNo, String iptOtpNo, String insutype) {
            this.mdtrtId = mdtrtId;
            this.psnNo = psnNo;
            this.iptOtpNo = iptOtpNo;
            this.insutype = insutype;
        }

        List<Fee> batch(String chrgBchno) {
            return fees.values().stream().filter(f -> f.chrgBchno().equals(chrgBchno)).toList();
        }
    }

    /** An inpatient stay at the platform: admitted (2401), discharged (2402) or not, cancelled (2404). */
    static final class Stay {
        final Visit visit;
        boolean discharged;

        Stay(Visit visit) {
            this.visit = visit;
        }
    }

    enum SetlState { VALID, CANCELLED, REVERSED, REFUNDED }

    static final class Setl {
        final String setlId, mdtrtId, psnNo, msgid, ledgerId, chrgBchno, insutype, medType, certType;
        final int year;
        final Split split;
        final LocalDateTime setlTime;
        final long balanceAfter;
        SetlState state = SetlState.VALID;
        long fundOutstanding, accountOutstanding;
        boolean deductibleReturned;

        Setl(String setlId, String mdtrtId, String psnNo, String msgid, String ledgerId, String chrgBchno, String insutype,
             String medType, String certType, int year, Split split, LocalDateTime setlTime, long balanceAfter) {
            this.setlId = setlId;
            this.mdtrtId = mdtrtId;
            this.psnNo = psnNo;
            this.msgid = msgid;
            this.ledgerId = ledgerId;
            this.chrgBchno = chrgBchno;
            this.insutype = insutype;
            this.medType = medType;
            this.certType = certType;
            this.year = year;
            this.split = split;
            this.setlTime = setlTime;
            this.balanceAfter = balanceAfter;
            this.fundOutstanding = split.fundFen();
            this.accountOutstanding = split.accountFen();
        }
    }

    enum OrderState { UPLOADED, SETTLED, PARTIALLY_REFUNDED, REFUNDED, REVOKED }

    static final class Order {
        final String payOrdId, payToken, psnNo, mdtrtId, chrgBchno, medOrgOrd, insutype, medType, certType;
        final boolean accountUsed;
        final Split preSplit;
        OrderState state = OrderState.UPLOADED;
        String setlId;
        long cashRefunded;

        Order(String payOrdId, String payToken, String psnNo, String mdtrtId, String chrgBchno, String medOrgOrd, String insutype,
              String medType, String certType, boolean accountUsed, Split preSplit) {
            this.payOrdId = payOrdId;
            this.payToken = payToken;
            this.psnNo = psnNo;
            this.mdtrtId = mdtrtId;
            this.chrgBchno = chrgBchno;
            this.medOrgOrd = medOrgOrd;
            this.insutype = insutype;
            this.medType = medType;
            this.certType = certType;
            this.accountUsed = accountUsed;
            this.preSplit = preSplit;
        }
    }

    record StoredRefund(String payOrdId, long fund, long account, long cash, String type, ObjectNode output) {}

    // ================================================================== ledger, time, answers

    /** Books on the ledger and remembers the entry for {@link InsuranceBook#delivered}. */
    void book(String type, String requestId, String reference, long amountFen, String state, String account) {
        ledger.bookIfAbsent(InsuranceBook.CHANNEL, type, requestId, reference, amountFen, state, account);
        touched.add(new LedgerKey(type, requestId));
    }

    /** Changes a booked entry's state, keeping when it was answered. */
    void restate(String type, String requestId, String state) {
        ledger.update(InsuranceBook.CHANNEL, type, requestId, e -> e.withState(state, e.answeredAt()));
    }

    LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), BEIJING);
    }

    int year() {
        return now().getYear();
    }

    Answer success(String infno, String region, JsonNode output) {
        return new Answer(infno, 0, "", output, refmsgid(region), now(), List.of());
    }

    Answer failure(String infno, String region, String errMsg) {
        return new Answer(infno, -1, errMsg, obj(), refmsgid(region), now(), List.of());
    }

    /** inf_refmsgid = receiver region(6) + yyyyMMddHHmmss(14) + serial(10). */
    private String refmsgid(String region) {
        String r = region != null && region.matches("\\d{6}") ? region : "370200";
        return r + COMPACT.format(now()) + String.format("%010d", seq.incrementAndGet());
    }
}
