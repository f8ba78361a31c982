package org.hospay.simulator.insurance;

import java.math.BigDecimal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.insurance.CanonicalJson;
import org.hospay.channels.insurance.Envelope;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.PlatformError;
import org.hospay.simulator.insurance.OutpatientPooling.Line;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.ledger.LedgerEntry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The platform's side: insured persons, visits, fees, settlements and mobile orders, and the
 * transactions over them. One lock guards all of it: every transaction is microseconds of map work
 * (signatures are made outside), and one lock makes "a repeated msgid never settles twice" and
 * "a reversal and its late original cannot both win" simple to see.
 *
 * <p>Idempotency: the answer to every state-changing transaction (2201, 2204, 2207, 2208, 2601, 6201,
 * 6202, 6203, 6401) is kept by msgid; the same msgid again gets the first answer and changes nothing.
 * 2601 for a msgid that never arrived stores a "[REVERSED]" answer under that msgid, so the original,
 * arriving late, gets that answer instead of being processed.
 */
@Component
public class InsuranceBook {

    static final String CHANNEL = Channel.INSURANCE.name();
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter COMPACT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final Set<String> RECORDED = Set.of("2201", "2204", "2207", "2208", "2601", "6201", "6202", "6203", "6401");
    private static final Set<String> REVERSIBLE = Set.of("2201", "2204", "2207", "6202");

    private final ReentrantLock lock = new ReentrantLock();
    private final Clock clock;
    private final Ledger ledger;
    private final PoolingPolicy policy;
    private final AtomicReference<HospitalProfile> hospital;
    private final AtomicLong seq = new AtomicLong();
    private final SecureRandom random = new SecureRandom();

    private final Map<String, SimPerson> persons = new HashMap<>();
    private final Map<String, String> psnByIdNo = new HashMap<>();
    private final Map<String, String> psnByCardNo = new HashMap<>();
    private final Map<String, Token> tokens = new HashMap<>();
    private final Map<String, Visit> visits = new HashMap<>();
    private final Map<String, String> visitByOtpNo = new HashMap<>();
    private final Map<String, Setl> settlements = new LinkedHashMap<>();
    /** mdtrt_id → its settlements in order: 2207 and 5203 look at one visit, never scan them all. */
    private final Map<String, List<Setl>> settlementsOfVisit = new HashMap<>();
    private final Map<String, String> setlByMsgid = new HashMap<>();
    private final Map<String, Order> orders = new HashMap<>();
    private final Map<String, StoredRefund> refunds = new HashMap<>();
    private final Map<String, Recorded> answers = new HashMap<>();
    /** Ledger entries written by the transaction in progress (guarded by the lock). */
    private final List<LedgerKey> touched = new ArrayList<>();
    private final Map<String, String> reversals = new HashMap<>();

    public InsuranceBook(Clock clock, Ledger ledger, PoolingPolicy policy, HospitalProfile hospital) {
        this.clock = clock;
        this.ledger = ledger;
        this.policy = policy;
        this.hospital = new AtomicReference<>(hospital);
    }

    // ================================================================== types

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

    /**
     * A kept answer and the digest of the input it answered (null for the placeholder a 2601 leaves
     * for a message that never arrived: that one answers whatever arrives under the msgid).
     */
    private record Recorded(Answer answer, String inputDigest) {}

    /** A refusal the platform answers with infcode -1 and a bracketed code. */
    static final class Refused extends RuntimeException {
        final PlatformError error;

        Refused(PlatformError error, String text) {
            super(error.message(text), null, false, false);
            this.error = error;
        }
    }

    static final class SimPerson {
        final String psnNo, name, idNo, hospitalCardNo;
        String insutype, region, cardNo;
        boolean pooledSigned;
        boolean inpatient;
        long accountBalanceFen;
        /** year → {deductible met, fund used}. */
        final Map<Integer, long[]> usage = new HashMap<>();

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
    }

    /** What test code may see of a person: balance and this year's usage. */
    public record PersonView(String psnNo, String name, String insutype, String region, boolean pooledSigned, boolean inpatient,
                             long accountBalanceFen, long deductibleMetFen, long fundUsedFen) {}

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

    // ================================================================== test data

    public HospitalProfile hospital() {
        return hospital.get();
    }

    public void hospital(HospitalProfile profile) {
        hospital.set(profile);
    }

    public PoolingPolicy policy() {
        return policy;
    }

    /**
     * Registers an insured person and returns psn_no. An ID number registered before under the same
     * name is the same person: their test data (insurance, region, balance, signing, stay) is set
     * anew and the same psn_no returned, so a demo or contract check can run again against a running
     * simulator; their annual usage stays. Under another name it is refused.
     */
    public String addPerson(String name, String idNo, String insutype, String region, long accountBalanceFen,
                            boolean pooledSigned, String cardNo, String hospitalCardNo, boolean inpatient) {
        lock.lock();
        try {
            String known = psnByIdNo.get(idNo);
            if (known != null) {
                SimPerson p = persons.get(known);
                if (!p.name.equals(name)) throw new IllegalArgumentException("this idNo belongs to another person: " + known);
                p.insutype = insutype;
                p.region = region;
                p.accountBalanceFen = accountBalanceFen;
                p.pooledSigned = pooledSigned;
                p.inpatient = inpatient;
                if (cardNo != null && !cardNo.isBlank()) {
                    p.cardNo = cardNo;
                    psnByCardNo.put(cardNo, known);
                }
                return known;
            }
            String psnNo = region + String.format("%014d", seq.incrementAndGet());
            persons.put(psnNo, new SimPerson(psnNo, name, idNo, insutype, region, cardNo, hospitalCardNo, pooledSigned, inpatient,
                    accountBalanceFen));
            psnByIdNo.put(idNo, psnNo);
            if (cardNo != null && !cardNo.isBlank()) psnByCardNo.put(cardNo, psnNo);
            return psnNo;
        } finally {
            lock.unlock();
        }
    }

    public Optional<PersonView> person(String psnNo) {
        lock.lock();
        try {
            SimPerson p = persons.get(psnNo);
            if (p == null) return Optional.empty();
            long[] u = p.usage(year());
            return Optional.of(new PersonView(p.psnNo, p.name, p.insutype, p.region, p.pooledSigned, p.inpatient,
                    p.accountBalanceFen, u[0], u[1]));
        } finally {
            lock.unlock();
        }
    }

    /** Admission or discharge: pooling does not apply during an inpatient stay. */
    public boolean inpatient(String psnNo, boolean inpatient) {
        lock.lock();
        try {
            SimPerson p = persons.get(psnNo);
            if (p == null) return false;
            p.inpatient = inpatient;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A fresh e-voucher token (ecToken, 40 hex characters) for the person, valid until {@code expiresAt}. */
    public Optional<String> newToken(String psnNo, Instant expiresAt) {
        lock.lock();
        try {
            if (!persons.containsKey(psnNo)) return Optional.empty();
            byte[] b = new byte[20];
            random.nextBytes(b);
            // 40 characters like a real ecToken, upper-case so it fits the HSA1 code's token alphabet [0-9A-Z-]
            String token = HexFormat.of().withUpperCase().formatHex(b);
            tokens.put(token, new Token(psnNo, expiresAt));
            return Optional.of(token);
        } finally {
            lock.unlock();
        }
    }

    // ================================================================== transactions

    /** Runs one transaction, or returns the answer its msgid already got. */
    Answer handle(String infno, String msgid, String region, JsonNode input) {
        lock.lock();
        try {
            boolean recorded = RECORDED.contains(infno);
            String digest = recorded ? digest(input) : null;
            if (recorded) {
                Recorded prior = answers.get(msgid);
                if (prior != null) {
                    boolean same = prior.answer().infno().equals(infno) && (prior.inputDigest() == null || prior.inputDigest().equals(digest));
                    return same ? prior.answer()
                            : failure(infno, region, PlatformError.DUPLICATE_MSGID.message("报文ID " + msgid + " 已用于另一笔交易 ("
                                    + prior.answer().infno() + ")"));
                }
            }
            touched.clear();
            Answer answer;
            try {
                answer = success(infno, region, dispatch(infno, msgid, region, input));
            } catch (Refused r) {
                answer = failure(infno, region, r.getMessage());
            } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
                answer = failure(infno, region, PlatformError.INVALID_INPUT.message("输入参数错误: " + e.getMessage()));
            }
            answer = answer.withBooked(touched);
            touched.clear();
            if (recorded) answers.put(msgid, new Recorded(answer, digest));
            return answer;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the ledger entries behind an answer as answered, now that it is on its way (the first delivery counts). */
    void delivered(Answer answer) {
        Instant now = clock.instant();
        for (LedgerKey k : answer.booked()) {
            ledger.update(CHANNEL, k.type(), k.requestId(), e -> e.answeredAt() == null ? e.withState(e.state(), now) : e);
        }
    }

    /** Books on the ledger and remembers the entry for {@link #delivered}. */
    private void book(String type, String requestId, String reference, long amountFen, String state, String account) {
        ledger.bookIfAbsent(CHANNEL, type, requestId, reference, amountFen, state, account);
        touched.add(new LedgerKey(type, requestId));
    }

    /** Changes a booked entry's state, keeping when it was answered. */
    private void restate(String type, String requestId, String state) {
        ledger.update(CHANNEL, type, requestId, e -> e.withState(state, e.answeredAt()));
    }

    private static String digest(JsonNode input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(CanonicalJson.bytes(input)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /** The platform's "system busy" answer, for injected errors: nothing is processed or kept. */
    Answer systemError(String infno, String region) {
        return failure(infno, region, "系统异常，请稍后重试");
    }

    Answer refusal(String infno, String region, PlatformError error, String text) {
        return failure(infno, region, error.message(text));
    }

    private JsonNode dispatch(String infno, String msgid, String region, JsonNode input) {
        return switch (infno) {
            case "1101" -> personInfo(input.path("data"));
            case "2201" -> register(input.path("data"));
            case "2204" -> uploadFees(input.path("feedetail"));
            case "2206" -> settle(input.path("data"), msgid, false);
            case "2207" -> settle(input.path("data"), msgid, true);
            case "2208" -> cancel(input.path("data"), msgid);
            case "2601" -> reverse(input.path("data"), msgid, region);
            case "5203" -> query(input.path("data"));
            case "3201" -> statementTotals(input.path("data"));
            case "3202" -> statementDetails(input.path("data"));
            case "6201" -> mobileUpload(input);
            case "6202" -> mobilePay(input, msgid);
            case "6203" -> mobileRefund(input);
            case "6301" -> mobileQuery(input);
            case "6401" -> mobileRevoke(input);
            default -> throw new Refused(PlatformError.INVALID_INPUT, "不支持的交易编号 " + infno);
        };
    }

    // ------------------------------------------------------------------ 1101

    private JsonNode personInfo(JsonNode d) {
        String type = str(d, "mdtrt_cert_type");
        String no = str(d, "mdtrt_cert_no");
        String psnNo = switch (type) {
            case "01" -> {
                Token t = tokens.get(no);
                if (t == null) throw new Refused(PlatformError.CERT_INVALID, "电子凭证令牌无效");
                if (!t.expiresAt().isAfter(clock.instant())) throw new Refused(PlatformError.CERT_EXPIRED, "电子凭证令牌已过期, 请刷新电子凭证");
                yield t.psnNo();
            }
            case "02" -> psnByIdNo.get(no);
            case "03" -> psnByCardNo.get(no);
            default -> throw new Refused(PlatformError.INVALID_INPUT, "就诊凭证类型 " + type + " 不支持");
        };
        SimPerson p = psnNo == null ? null : persons.get(psnNo);
        if (p == null) throw new Refused(PlatformError.PSN_NOT_FOUND, "未查询到人员参保信息");
        String name = opt(d, "psn_name");
        if (!name.isEmpty() && !name.equals(p.name)) throw new Refused(PlatformError.CERT_INVALID, "姓名与证件信息不符");
        ObjectNode out = obj();
        ObjectNode base = out.putObject("baseinfo")
                .put("psn_no", p.psnNo).put("psn_cert_type", "01").put("certno", p.idNo).put("psn_name", p.name)
                .put("gend", gender(p.idNo)).put("naty", "01").put("brdy", birthday(p.idNo));
        base.put("age", age(p.idNo));
        out.putArray("insuinfo").addObject()
                .put("balc", yuan(p.accountBalanceFen)).put("insutype", p.insutype)
                .put("psn_type", "310".equals(p.insutype) ? "11" : "1501").put("psn_insu_stas", "1")
                .put("psn_insu_date", "2015-01-01").put("paus_insu_date", "").put("cvlserv_flag", "0")
                .put("insuplc_admdvs", p.region).put("emp_name", "");
        out.putArray("idetinfo");
        return out;
    }

    // ------------------------------------------------------------------ 2201 / 2204

    private JsonNode register(JsonNode d) {
        SimPerson p = personOf(str(d, "psn_no"));
        checkCert(p, opt(d, "mdtrt_cert_type"), opt(d, "mdtrt_cert_no"));
        String insutype = str(d, "insutype");
        if (!insutype.equals(p.insutype)) throw new Refused(PlatformError.NOT_INSURED, "人员未参加险种 " + insutype);
        refuseInpatient(p);
        String otpNo = str(d, "ipt_otp_no");
        Visit v = visitFor(p, otpNo, insutype);
        return wrap("data", obj().put("mdtrt_id", v.mdtrtId).put("psn_no", p.psnNo).put("ipt_otp_no", otpNo));
    }

    private Visit visitFor(SimPerson p, String otpNo, String insutype) {
        String key = p.psnNo + '|' + otpNo;
        String existing = visitByOtpNo.get(key);
        if (existing != null && !visits.get(existing).cancelled) return visits.get(existing);
        String mdtrtId = "MD" + COMPACT.format(now()) + String.format("%08d", seq.incrementAndGet());
        Visit v = new Visit(mdtrtId, p.psnNo, otpNo, insutype);
        visits.put(mdtrtId, v);
        visitByOtpNo.put(key, mdtrtId);
        return v;
    }

    private JsonNode uploadFees(JsonNode lines) {
        if (!lines.isArray() || lines.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "feedetail 为空");
        List<Fee> parsed = new ArrayList<>();
        Visit visit = null;
        for (JsonNode l : lines) {
            Visit v = visitOf(str(l, "mdtrt_id"), str(l, "psn_no"));
            if (visit != null && visit != v) throw new Refused(PlatformError.INVALID_INPUT, "一次上传只能属于一个就诊");
            visit = v;
            Fee fee = new Fee(str(l, "feedetl_sn"), str(l, "chrg_bchno"), str(l, "med_list_codg"),
                    FeeCategory.ofChrgitmType(opt(l, "med_chrgitm_type")), fen(l, "det_item_fee_sumamt"));
            if (settledBatch(v.mdtrtId, fee.chrgBchno()).isPresent())
                throw new Refused(PlatformError.ALREADY_SETTLED, "收费批次 " + fee.chrgBchno() + " 已结算, 不能再上传明细");
            parsed.add(fee);
        }
        ObjectNode out = obj();
        ArrayNode result = out.putArray("result");
        for (Fee f : parsed) {
            visit.fees.put(f.sn(), f);
            boolean inScope = policy.inScope(f.category(), f.itemCode());
            result.addObject().put("feedetl_sn", f.sn()).put("det_item_fee_sumamt", yuan(f.amountFen()))
                    .put("inscp_scp_amt", yuan(inScope ? f.amountFen() : 0))
                    .put("fulamt_ownpay_amt", yuan(inScope ? 0 : f.amountFen()))
                    .put("overlmt_amt", yuan(0)).put("preselfpay_amt", yuan(0))
                    .put("selfpay_prop", inScope ? "0" : "1").put("chrgitm_lv", inScope ? "01" : "03")
                    .put("med_chrgitm_type", f.category().chrgitmType());
        }
        return out;
    }

    // ------------------------------------------------------------------ 2206 / 2207

    private JsonNode settle(JsonNode d, String msgid, boolean commit) {
        Visit v = visitOf(str(d, "mdtrt_id"), str(d, "psn_no"));
        SimPerson p = persons.get(v.psnNo);
        refuseInpatient(p);
        String chrgBchno = str(d, "chrg_bchno");
        long claimed = fen(d, "medfee_sumamt");
        boolean accountUsed = "1".equals(opt(d, "acct_used_flag"));
        List<Fee> fees = v.batch(chrgBchno);
        if (fees.isEmpty()) throw new Refused(PlatformError.FEE_MISMATCH, "收费批次 " + chrgBchno + " 未上传费用明细");
        long uploaded = fees.stream().mapToLong(Fee::amountFen).sum();
        if (uploaded != claimed)
            throw new Refused(PlatformError.FEE_MISMATCH, "医疗费总额 " + yuan(claimed) + " 与上传明细合计 " + yuan(uploaded) + " 不符");
        if (commit && settledBatch(v.mdtrtId, chrgBchno).isPresent())
            throw new Refused(PlatformError.ALREADY_SETTLED, "收费批次 " + chrgBchno + " 已结算");
        Split split = split(p, fees, accountUsed);
        if (!commit) return settlementOutput(p, null, v.mdtrtId, opt(d, "med_type"), opt(d, "mdtrt_cert_type"), split, v.insutype,
                p.accountBalanceFen - split.accountFen(), now(), null, true);
        Setl s = commit(p, v.mdtrtId, msgid, msgid, chrgBchno, v.insutype, opt(d, "med_type"), opt(d, "mdtrt_cert_type"), split);
        return settlementOutput(s);
    }

    private Split split(SimPerson p, List<Fee> fees, boolean accountUsed) {
        long[] u = p.usage(year());
        List<Line> lines = fees.stream().map(f -> new Line(f.sn(), f.itemCode(), f.category(), f.amountFen())).toList();
        var patient = new OutpatientPooling.Patient(p.insutype, p.pooledSigned, p.inpatient, u[0], u[1], p.accountBalanceFen);
        return OutpatientPooling.split(policy, hospital.get(), patient, lines, accountUsed);
    }

    private Setl commit(SimPerson p, String mdtrtId, String msgid, String ledgerId, String chrgBchno, String insutype,
                        String medType, String certType, Split split) {
        int year = year();
        long[] u = p.usage(year);
        p.accountBalanceFen -= split.accountFen();
        u[0] += split.deductibleAppliedFen();
        u[1] += split.fundFen();
        String setlId = "ST" + COMPACT.format(now()) + String.format("%08d", seq.incrementAndGet());
        Setl s = new Setl(setlId, mdtrtId, p.psnNo, msgid, ledgerId, chrgBchno, insutype, medType, certType, year, split, now(),
                p.accountBalanceFen);
        settlements.put(setlId, s);
        settlementsOfVisit.computeIfAbsent(mdtrtId, k -> new ArrayList<>()).add(s);
        setlByMsgid.put(msgid, setlId);
        book("SETTLEMENT", ledgerId, null, split.fundFen() + split.accountFen(), "SUCCESS", p.psnNo);
        return s;
    }

    private Optional<Setl> settledBatch(String mdtrtId, String chrgBchno) {
        return settlementsOfVisit.getOrDefault(mdtrtId, List.of()).stream()
                .filter(s -> s.chrgBchno.equals(chrgBchno) && s.state != SetlState.CANCELLED
                        && s.state != SetlState.REVERSED)
                .findFirst();
    }

    private ObjectNode settlementOutput(Setl s) {
        return settlementOutput(persons.get(s.psnNo), s.setlId, s.mdtrtId, s.medType, s.certType, s.split, s.insutype,
                s.balanceAfter, s.setlTime, s.msgid, s.state == SetlState.VALID);
    }

    private ObjectNode settlementOutput(SimPerson p, String setlId, String mdtrtId, String medType, String certType, Split split,
                                        String insutype, long balanceAfter, LocalDateTime time, String msgid, boolean valid) {
        ObjectNode out = obj();
        out.set("setlinfo", setlinfo(p, setlId, mdtrtId, medType, certType, split, insutype, balanceAfter, time, msgid, valid, 1));
        out.set("setldetail", setldetail(split, insutype));
        return out;
    }

    private ObjectNode setlinfo(SimPerson p, String setlId, String mdtrtId, String medType, String certType, Split split,
                                String insutype, long balanceAfter, LocalDateTime time, String msgid, boolean valid, int sign) {
        long fund = split.fundFen();
        return obj()
                .put("setl_id", setlId == null ? "" : setlId).put("mdtrt_id", mdtrtId).put("psn_no", p.psnNo)
                .put("psn_name", p.name).put("psn_cert_type", "01").put("certno", p.idNo).put("gend", gender(p.idNo))
                .put("naty", "01").put("brdy", birthday(p.idNo)).put("age", age(p.idNo)).put("insutype", insutype)
                .put("psn_type", "310".equals(insutype) ? "11" : "1501").put("cvlserv_flag", "0")
                .put("setl_time", DATE_TIME.format(time)).put("mdtrt_cert_type", certType).put("med_type", medType)
                .put("medfee_sumamt", yuan(sign * split.totalFen())).put("fulamt_ownpay_amt", yuan(sign * split.outOfScopeFen()))
                .put("overlmt_selfpay", yuan(0)).put("preselfpay_amt", yuan(0)).put("inscp_scp_amt", yuan(sign * split.inScopeFen()))
                .put("act_pay_dedc", yuan(sign * split.deductibleAppliedFen())).put("hifp_pay", yuan(sign * fund))
                .put("pool_prop_selfpay", yuan(sign * split.poolSelfPayFen())).put("cvlserv_pay", yuan(0)).put("hifes_pay", yuan(0))
                .put("hifmi_pay", yuan(0)).put("hifob_pay", yuan(0)).put("maf_pay", yuan(0)).put("oth_pay", yuan(0))
                .put("fund_pay_sumamt", yuan(sign * fund)).put("psn_part_amt", yuan(sign * split.patientShareFen()))
                .put("acct_pay", yuan(sign * split.accountFen())).put("psn_cash_pay", yuan(sign * split.cashFen()))
                .put("hosp_part_amt", yuan(0)).put("balc", yuan(balanceAfter)).put("acct_mulaid_pay", yuan(0))
                .put("medins_setl_id", msgid == null ? "" : msgid).put("clr_optins", p.region).put("clr_way", "1")
                .put("clr_type", "11").put("vali_flag", valid ? "1" : "0");
    }

    private ArrayNode setldetail(Split split, String insutype) {
        ArrayNode details = Envelope.JSON.createArrayNode();
        details.addObject()
                .put("fund_pay_type", "310".equals(insutype) ? "310100" : "390100")
                .put("fund_pay_type_name", "310".equals(insutype) ? "职工基本医疗保险统筹基金" : "城乡居民基本医疗保险基金")
                .put("inscp_scp_amt", yuan(split.inScopeFen()))
                .put("crt_payb_lmt_amt", yuan(split.capRemainingFen()))
                .put("fund_payamt", yuan(split.fundFen()))
                .put("pool_prop", split.ratio().toPlainString())
                .put("setl_proc_info", split.procInfo());
        return details;
    }

    // ------------------------------------------------------------------ 2208 / 2601 / 5203

    private JsonNode cancel(JsonNode d, String msgid) {
        String setlId = str(d, "setl_id");
        Setl s = settlements.get(setlId);
        if (s == null || !s.mdtrtId.equals(opt(d, "mdtrt_id")) || !s.psnNo.equals(opt(d, "psn_no")))
            throw new Refused(PlatformError.SETTLEMENT_NOT_FOUND, "结算记录 " + setlId + " 不存在");
        if (s.state != SetlState.VALID) throw new Refused(PlatformError.ALREADY_CANCELLED, "结算记录 " + setlId + " 已撤销或冲正");
        long returned = undo(s, SetlState.CANCELLED, "CANCELLED");
        book("SETTLEMENT_CANCEL", msgid, s.ledgerId, returned, "SUCCESS", s.psnNo);
        SimPerson p = persons.get(s.psnNo);
        String cancelId = "ST" + COMPACT.format(now()) + String.format("%08d", seq.incrementAndGet());
        ObjectNode out = obj();
        out.set("setlinfo", setlinfo(p, cancelId, s.mdtrtId, s.medType, s.certType, s.split, s.insutype, p.accountBalanceFen, now(),
                msgid, true, -1).put("init_setl_id", s.setlId));
        return out;
    }

    /** Gives back what a settlement still holds (account money, annual fund room, deductible); returns the money. */
    private long undo(Setl s, SetlState state, String ledgerState) {
        SimPerson p = persons.get(s.psnNo);
        long[] u = p.usage(s.year);
        long returned = s.fundOutstanding + s.accountOutstanding;
        p.accountBalanceFen += s.accountOutstanding;
        u[1] = Math.max(0, u[1] - s.fundOutstanding);
        if (!s.deductibleReturned) {
            u[0] = Math.max(0, u[0] - s.split.deductibleAppliedFen());
            s.deductibleReturned = true;
        }
        s.fundOutstanding = 0;
        s.accountOutstanding = 0;
        s.state = state;
        restate("SETTLEMENT", s.ledgerId, ledgerState);
        return returned;
    }

    /**
     * 2601. The original answered and settled → undo it (UNDONE). The original answered with a
     * failure → nothing to undo (PREVENTED). The original never arrived → keep a "[REVERSED]" answer
     * under its msgid, so it can never be processed (PREVENTED). A second reversal of the same
     * original answers the first reversal's effect and moves nothing.
     */
    private JsonNode reverse(JsonNode d, String msgid, String region) {
        String omsgid = str(d, "omsgid");
        String oinfno = str(d, "oinfno");
        if (!REVERSIBLE.contains(oinfno)) throw new Refused(PlatformError.INVALID_INPUT, "交易 " + oinfno + " 不支持冲正");
        String effect = reversals.get(omsgid);
        long returned = 0;
        if (effect == null) {
            Recorded kept = answers.get(omsgid);
            Answer original = kept == null ? null : kept.answer();
            if (original == null) {
                answers.put(omsgid, new Recorded(failure(oinfno, region, PlatformError.REVERSED.message("原交易已被冲正 (" + msgid + ")")),
                        null));
                effect = "PREVENTED";
            } else if (!original.infno().equals(oinfno)) {
                throw new Refused(PlatformError.INVALID_INPUT, "原报文 " + omsgid + " 的交易编号是 " + original.infno() + ", 不是 " + oinfno);
            } else if (original.infcode() != 0) {
                effect = "PREVENTED";
            } else {
                returned = undoOriginal(oinfno, omsgid, original);
                effect = "UNDONE";
            }
            reversals.put(omsgid, effect);
        }
        // every 2601 is booked, a repeated one with nothing moved, so the ledger shows the retries too
        book("REVERSAL", msgid, omsgid, returned, effect, opt(d, "psn_no"));
        return wrap("data", obj().put("omsgid", omsgid).put("oinfno", oinfno).put("rvs_rslt", effect));
    }

    private long undoOriginal(String oinfno, String omsgid, Answer original) {
        return switch (oinfno) {
            case "2207" -> {
                Setl s = settlements.get(setlByMsgid.get(omsgid));
                yield s == null || s.state != SetlState.VALID ? 0 : undo(s, SetlState.REVERSED, "REVERSED");
            }
            case "6202" -> {
                Order o = orders.get(original.output().path("payOrdId").asString());
                Setl s = o == null || o.setlId == null ? null : settlements.get(o.setlId);
                if (s == null || s.state != SetlState.VALID) yield 0;
                o.state = OrderState.REVOKED;
                yield undo(s, SetlState.REVERSED, "REVERSED");
            }
            case "2201" -> {
                Visit v = visits.get(original.output().path("data").path("mdtrt_id").asString());
                if (v != null && v.fees.values().stream().noneMatch(f -> settledBatch(v.mdtrtId, f.chrgBchno()).isPresent()))
                    v.cancelled = true;
                yield 0;
            }
            case "2204" -> {
                for (JsonNode r : original.output().path("result")) {
                    String sn = r.path("feedetl_sn").asString();
                    visits.values().forEach(v -> v.fees.computeIfPresent(sn,
                            (k, f) -> settledBatch(v.mdtrtId, f.chrgBchno()).isPresent() ? f : null));
                }
                yield 0;
            }
            default -> 0;
        };
    }

    private JsonNode query(JsonNode d) {
        String mdtrtId = str(d, "mdtrt_id");
        visitOf(mdtrtId, str(d, "psn_no"));
        String setlId = opt(d, "setl_id");
        ObjectNode out = obj();
        ArrayNode list = out.putArray("setlinfo");
        for (Setl s : settlementsOfVisit.getOrDefault(mdtrtId, List.of())) {
            if (!setlId.isEmpty() && !setlId.equals(s.setlId)) continue;
            ObjectNode info = setlinfo(persons.get(s.psnNo), s.setlId, s.mdtrtId, s.medType, s.certType, s.split, s.insutype,
                    s.balanceAfter, s.setlTime, s.msgid, s.state == SetlState.VALID, 1);
            info.put("setl_stas", s.state.name());
            info.set("setldetail", setldetail(s.split, s.insutype));
            list.add(info);
        }
        return out;
    }

    // ------------------------------------------------------------------ 3201 / 3202 (from the ledger)

    /** Settlements (valid or not) booked in the ledger within [begin, end] (Beijing dates), optionally of one insutype. */
    private List<Setl> settledIn(JsonNode d) {
        LocalDate begin = LocalDate.parse(str(d, "stmt_begndate"));
        LocalDate end = LocalDate.parse(str(d, "stmt_enddate"));
        String insutype = opt(d, "insutype");
        List<Setl> result = new ArrayList<>();
        for (LedgerEntry e : ledger.all(CHANNEL)) {
            if (!"SETTLEMENT".equals(e.type())) continue;
            LocalDate day = LocalDate.ofInstant(e.receivedAt(), BEIJING);
            if (day.isBefore(begin) || day.isAfter(end)) continue;
            Setl s = settlementByLedgerId(e.requestId());
            if (s != null && (insutype.isEmpty() || insutype.equals(s.insutype))) result.add(s);
        }
        return result;
    }

    private Setl settlementByLedgerId(String ledgerId) {
        String setlId = setlByMsgid.get(ledgerId);
        if (setlId == null) {
            Order o = orders.get(ledgerId);
            setlId = o == null ? null : o.setlId;
        }
        return setlId == null ? null : settlements.get(setlId);
    }

    private JsonNode statementTotals(JsonNode d) {
        long medfee = 0, fund = 0, acct = 0, count = 0;
        for (Setl s : settledIn(d)) {
            if (s.state != SetlState.VALID) continue;
            medfee += s.split.totalFen();
            fund += s.split.fundFen();
            acct += s.split.accountFen();
            count++;
        }
        long theirMedfee = fen(d, "medfee_sumamt");
        long theirFund = fen(d, "fund_pay_sumamt");
        long theirAcct = fen(d, "acct_pay");
        long theirCount = d.path("fixmedins_setl_cnt").asLong();
        boolean balanced = medfee == theirMedfee && fund == theirFund && acct == theirAcct && count == theirCount;
        String dscr = balanced ? "对账一致" : String.format("对账不平: 中心 医疗费 %s 基金 %s 个账 %s 笔数 %d; 机构 医疗费 %s 基金 %s 个账 %s 笔数 %d",
                yuan(medfee), yuan(fund), yuan(acct), count, yuan(theirMedfee), yuan(theirFund), yuan(theirAcct), theirCount);
        ObjectNode out = obj();
        out.putObject("stmtinfo").put("setl_optins", opt(d, "setl_optins")).put("stmt_rslt", balanced ? "0" : "1")
                .put("stmt_rslt_dscr", dscr).put("medfee_sumamt", yuan(medfee)).put("fund_pay_sumamt", yuan(fund))
                .put("acct_pay", yuan(acct)).put("fixmedins_setl_cnt", count);
        return out;
    }

    private JsonNode statementDetails(JsonNode d) {
        ObjectNode out = obj();
        ArrayNode lines = out.putArray("stmtinfo");
        for (Setl s : settledIn(d)) {
            lines.addObject().put("setl_id", s.setlId).put("mdtrt_id", s.mdtrtId).put("psn_no", s.psnNo)
                    .put("medins_setl_id", s.msgid).put("setl_time", DATE_TIME.format(s.setlTime))
                    .put("medfee_sumamt", yuan(s.split.totalFen())).put("fund_pay_sumamt", yuan(s.split.fundFen()))
                    .put("acct_pay", yuan(s.split.accountFen())).put("psn_cash_pay", yuan(s.split.cashFen()))
                    .put("vali_flag", s.state == SetlState.VALID ? "1" : "0").put("setl_stas", s.state.name());
        }
        return out;
    }

    // ------------------------------------------------------------------ 6201 / 6202 / 6203 / 6301 / 6401

    private JsonNode mobileUpload(JsonNode in) {
        SimPerson p = personOf(str(in, "psnNo"));
        String certType = opt(in, "mdtrtCertType");
        checkCert(p, certType, "01".equals(certType) ? opt(in, "ecToken") : opt(in, "mdtrtCertNo"));
        String insutype = str(in, "insutype");
        if (!insutype.equals(p.insutype)) throw new Refused(PlatformError.NOT_INSURED, "人员未参加险种 " + insutype);
        refuseInpatient(p);
        String chrgBchno = str(in, "chrgBchno");
        JsonNode lines = in.path("feedetailList");
        if (!lines.isArray() || lines.isEmpty()) throw new Refused(PlatformError.INVALID_INPUT, "feedetailList 为空");
        List<Fee> fees = new ArrayList<>();
        for (JsonNode l : lines) {
            fees.add(new Fee(str(l, "feedetlSn"), chrgBchno, str(l, "medListCodg"),
                    FeeCategory.ofChrgitmType(opt(l, "medChrgitmType")), fen(l, "detItemFeeSumamt")));
        }
        long claimed = fen(in, "medfeeSumamt");
        long uploaded = fees.stream().mapToLong(Fee::amountFen).sum();
        if (claimed != uploaded)
            throw new Refused(PlatformError.FEE_MISMATCH, "医疗费总额 " + yuan(claimed) + " 与明细合计 " + yuan(uploaded) + " 不符");
        Visit v = visitFor(p, str(in, "iptOtpNo"), insutype);
        if (settledBatch(v.mdtrtId, chrgBchno).isPresent())
            throw new Refused(PlatformError.ALREADY_SETTLED, "收费批次 " + chrgBchno + " 已结算");
        fees.forEach(f -> v.fees.put(f.sn(), f));
        boolean accountUsed = "1".equals(opt(in, "acctUsedFlag"));
        Split pre = split(p, fees, accountUsed);
        String payOrdId = "ORD" + COMPACT.format(now()) + String.format("%08d", seq.incrementAndGet());
        byte[] t = new byte[16];
        random.nextBytes(t);
        Order o = new Order(payOrdId, HexFormat.of().formatHex(t), p.psnNo, v.mdtrtId, chrgBchno, opt(in, "medOrgOrd"), insutype,
                opt(in, "medType"), certType, accountUsed, pre);
        orders.put(payOrdId, o);
        return obj().put("payOrdId", payOrdId).put("payToken", o.payToken).put("medOrgOrd", o.medOrgOrd)
                .put("feeSumamt", yuan(pre.totalFen())).put("fundPay", yuan(pre.fundFen()))
                .put("psnAcctPay", yuan(pre.accountFen())).put("ownPayAmt", yuan(pre.cashFen()));
    }

    private Order orderOf(JsonNode in) {
        Order o = orders.get(str(in, "payOrdId"));
        if (o == null || !o.payToken.equals(opt(in, "payToken")))
            throw new Refused(PlatformError.ORDER_NOT_FOUND, "订单 " + opt(in, "payOrdId") + " 不存在或 payToken 不符");
        return o;
    }

    /** 6202 is idempotent by payOrdId: paying a paid order answers the payment again. */
    private JsonNode mobilePay(JsonNode in, String msgid) {
        Order o = orderOf(in);
        switch (o.state) {
            case UPLOADED -> {
                SimPerson p = persons.get(o.psnNo);
                Visit v = visits.get(o.mdtrtId);
                Setl s = commit(p, o.mdtrtId, msgid, o.payOrdId, o.chrgBchno, o.insutype, o.medType, o.certType,
                        split(p, v.batch(o.chrgBchno), o.accountUsed));
                o.setlId = s.setlId;
                o.state = OrderState.SETTLED;
            }
            case SETTLED, PARTIALLY_REFUNDED, REFUNDED -> { }
            case REVOKED -> throw new Refused(PlatformError.ORDER_STATE, "订单已撤销");
        }
        return payment(o);
    }

    private JsonNode mobileQuery(JsonNode in) {
        return payment(orderOf(in));
    }

    private JsonNode mobileRevoke(JsonNode in) {
        Order o = orderOf(in);
        switch (o.state) {
            case UPLOADED, REVOKED -> o.state = OrderState.REVOKED;
            case SETTLED, PARTIALLY_REFUNDED, REFUNDED -> throw new Refused(PlatformError.ORDER_STATE, "订单已支付, 请走退费");
        }
        return payment(o);
    }

    private JsonNode payment(Order o) {
        Setl s = o.setlId == null ? null : settlements.get(o.setlId);
        Split split = s == null ? o.preSplit : s.split;
        return obj().put("payOrdId", o.payOrdId).put("ordStas", o.state.name()).put("feeSumamt", yuan(split.totalFen()))
                .put("fundPay", yuan(split.fundFen())).put("psnAcctPay", yuan(split.accountFen()))
                .put("ownPayAmt", yuan(split.cashFen())).put("setlId", s == null ? "" : s.setlId).put("mdtrtId", o.mdtrtId);
    }

    /**
     * 6203. ALL refunds fund + account + cash, CASH only records the cash part (the money itself went
     * back through the payment channel), HI only fund + account. Each part is bounded by what is left
     * of it; the same appRefdSn again answers the first refund. Fund money returned gives its annual
     * room back; the deductible comes back once the insurance part is refunded in full.
     */
    private JsonNode mobileRefund(JsonNode in) {
        String sn = str(in, "appRefdSn");
        String payOrdId = str(in, "payOrdId");
        String type = str(in, "refdType");
        long total = fen(in, "totlRefdAmt");
        long fund = fen(in, "fundRefdAmt");
        long acct = fen(in, "psnAcctRefdAmt");
        long cash = fen(in, "cashRefdAmt");
        StoredRefund prior = refunds.get(sn);
        if (prior != null) {
            if (prior.payOrdId().equals(payOrdId) && prior.fund() == fund && prior.account() == acct && prior.cash() == cash
                    && prior.type().equals(type)) return prior.output();
            throw new Refused(PlatformError.DUPLICATE_MSGID, "退款流水号 " + sn + " 已用于另一笔退款");
        }
        Order o = orders.get(payOrdId);
        if (o == null) throw new Refused(PlatformError.ORDER_NOT_FOUND, "订单 " + payOrdId + " 不存在");
        if (o.state != OrderState.SETTLED && o.state != OrderState.PARTIALLY_REFUNDED)
            throw new Refused(PlatformError.ORDER_STATE, "订单状态 " + o.state + " 不能退费");
        switch (type) {
            case "ALL" -> { }
            case "CASH" -> {
                if (fund != 0 || acct != 0) throw new Refused(PlatformError.INVALID_INPUT, "CASH 退费只能退现金部分");
            }
            case "HI" -> {
                if (cash != 0) throw new Refused(PlatformError.INVALID_INPUT, "HI 退费只能退医保部分");
            }
            default -> throw new Refused(PlatformError.INVALID_INPUT, "refdType 须为 ALL, CASH 或 HI: " + type);
        }
        if (total <= 0 || fund + acct + cash != total)
            throw new Refused(PlatformError.INVALID_INPUT, "退费金额须为正且 基金 + 个账 + 现金 = 总额");
        Setl s = settlements.get(o.setlId);
        long cashLeft = s.split.cashFen() - o.cashRefunded;
        if (fund > s.fundOutstanding || acct > s.accountOutstanding || cash > cashLeft)
            throw new Refused(PlatformError.REFUND_EXCEEDS_PAID, String.format("退费超过可退金额: 基金可退 %s 个账可退 %s 现金可退 %s",
                    yuan(s.fundOutstanding), yuan(s.accountOutstanding), yuan(cashLeft)));
        SimPerson p = persons.get(o.psnNo);
        long[] u = p.usage(s.year);
        s.fundOutstanding -= fund;
        s.accountOutstanding -= acct;
        p.accountBalanceFen += acct;
        u[1] = Math.max(0, u[1] - fund);
        if (s.fundOutstanding == 0 && s.accountOutstanding == 0 && !s.deductibleReturned) {
            u[0] = Math.max(0, u[0] - s.split.deductibleAppliedFen());
            s.deductibleReturned = true;
        }
        o.cashRefunded += cash;
        boolean all = s.fundOutstanding == 0 && s.accountOutstanding == 0 && o.cashRefunded == s.split.cashFen();
        o.state = all ? OrderState.REFUNDED : OrderState.PARTIALLY_REFUNDED;
        if (all) {
            s.state = SetlState.REFUNDED;
            restate("SETTLEMENT", s.ledgerId, "REFUNDED");
        }
        book("REFUND", sn, o.payOrdId, fund + acct, "SUCCESS", o.psnNo);
        ObjectNode out = obj().put("appRefdSn", sn).put("refdSn", "RF" + COMPACT.format(now()) + String.format("%08d", seq.incrementAndGet()))
                .put("payOrdId", o.payOrdId).put("ordStas", o.state.name()).put("totlRefdAmt", yuan(total))
                .put("fundRefdAmt", yuan(fund)).put("psnAcctRefdAmt", yuan(acct)).put("cashRefdAmt", yuan(cash));
        refunds.put(sn, new StoredRefund(payOrdId, fund, acct, cash, type, out));
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private SimPerson personOf(String psnNo) {
        SimPerson p = persons.get(psnNo);
        if (p == null) throw new Refused(PlatformError.PSN_NOT_FOUND, "人员 " + psnNo + " 不存在");
        return p;
    }

    /** An e-voucher token, if that is how the patient identified, must still belong to this person. */
    private void checkCert(SimPerson p, String certType, String certNo) {
        if (!"01".equals(certType)) return;
        Token t = tokens.get(certNo);
        if (t == null || !t.psnNo().equals(p.psnNo)) throw new Refused(PlatformError.CERT_INVALID, "电子凭证令牌无效或不属于该人员");
        if (!t.expiresAt().isAfter(clock.instant())) throw new Refused(PlatformError.CERT_EXPIRED, "电子凭证令牌已过期, 请刷新电子凭证");
    }

    /** The platform does no outpatient business for someone with an open inpatient stay (seed 000: not during a stay). */
    private static void refuseInpatient(SimPerson p) {
        if (p.inpatient) throw new Refused(PlatformError.IN_HOSPITAL, "参保人存在未出院的住院登记, 不能办理门诊业务");
    }

    private Visit visitOf(String mdtrtId, String psnNo) {
        Visit v = visits.get(mdtrtId);
        if (v == null || !v.psnNo.equals(psnNo) || v.cancelled)
            throw new Refused(PlatformError.VISIT_NOT_FOUND, "就诊 " + mdtrtId + " 不存在或已撤销");
        return v;
    }

    private Answer success(String infno, String region, JsonNode output) {
        return new Answer(infno, 0, "", output, refmsgid(region), now(), List.of());
    }

    private Answer failure(String infno, String region, String errMsg) {
        return new Answer(infno, -1, errMsg, obj(), refmsgid(region), now(), List.of());
    }

    /** inf_refmsgid = receiver region(6) + yyyyMMddHHmmss(14) + serial(10). */
    private String refmsgid(String region) {
        String r = region != null && region.matches("\\d{6}") ? region : "370200";
        return r + COMPACT.format(now()) + String.format("%010d", seq.incrementAndGet());
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), BEIJING);
    }

    private int year() {
        return now().getYear();
    }

    private static ObjectNode obj() {
        return Envelope.JSON.createObjectNode();
    }

    private static ObjectNode wrap(String name, JsonNode value) {
        ObjectNode o = obj();
        o.set(name, value);
        return o;
    }

    private static String str(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asString().isBlank()) throw new IllegalArgumentException(field + " 不能为空");
        return v.asString().strip();
    }

    private static String opt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asString().strip();
    }

    /** A yuan amount from the wire, exactly, in fen (more than two decimals is an input error). */
    private static long fen(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw new IllegalArgumentException(field + " 不能为空");
        return Money.ofYuan(v.isNumber() ? v.decimalValue().toPlainString() : v.asString()).fen();
    }

    static BigDecimal yuan(long fen) {
        return BigDecimal.valueOf(fen, 2);
    }

    private static String gender(String idNo) {
        if (idNo.length() != 18 || !Character.isDigit(idNo.charAt(16))) return "9";
        return (idNo.charAt(16) - '0') % 2 == 1 ? "1" : "2";
    }

    private static String birthday(String idNo) {
        if (idNo.length() != 18) return "";
        try {
            return LocalDate.parse(idNo.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE).toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private int age(String idNo) {
        String b = birthday(idNo);
        return b.isEmpty() ? 0 : java.time.Period.between(LocalDate.parse(b), now().toLocalDate()).getYears();
    }
}
