package org.hospay.simulator.commercial;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.simulator.wire.Channel;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.ledger.LedgerEntry;
import org.hospay.simulator.statement.StatementDifferences;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The commercial insurer's side: policies, claims and cancels, booked in the ledger (channel
 * COMMERCIAL). The insurer pays {@code coverageRatioPercent} of what basic insurance left to the
 * patient (total − fund − personal account) above the policy's annual deductible, rounded down to
 * the fen and bounded by the policy's remaining annual limit.
 *
 * <p>A claim is idempotent by outClaimNo (same bill again → the first answer; a different bill →
 * DUPLICATE_REQUEST). A cancel is idempotent by outCancelNo. A cancel of a claim that never arrived
 * records the claim number as cancelled (paid 0), so a late claim under it is refused
 * (ALREADY_CANCELLED) instead of paying.
 */
@Component
public class CommercialInsurerSim {

    static final String CHANNEL = Channel.COMMERCIAL.name();
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock;
    private final Ledger ledger;
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, Policy> policies = new HashMap<>();
    private final Map<String, String> policyByIdNo = new HashMap<>();
    private final Map<String, Claim> claims = new HashMap<>();
    private final Map<String, Claim> cancels = new HashMap<>();

    public CommercialInsurerSim(Clock clock, Ledger ledger) {
        this.clock = clock;
        this.ledger = ledger;
    }

    static final class Policy {
        final String policyNo, name, idNo;
        final int ratioPercent;
        final long annualLimitFen, deductibleFen;
        long usedFen, deductibleMetFen;

        Policy(String policyNo, String name, String idNo, int ratioPercent, long annualLimitFen, long deductibleFen) {
            this.policyNo = policyNo;
            this.name = name;
            this.idNo = idNo;
            this.ratioPercent = ratioPercent;
            this.annualLimitFen = annualLimitFen;
            this.deductibleFen = deductibleFen;
        }
    }

    static final class Claim {
        final String claimNo, outClaimNo, policyNo, fingerprint;
        final long paidFen, deductibleFen;
        final Instant paidAt;
        String status;

        Claim(String claimNo, String outClaimNo, String policyNo, String fingerprint, long paidFen, long deductibleFen,
              Instant paidAt, String status) {
            this.claimNo = claimNo;
            this.outClaimNo = outClaimNo;
            this.policyNo = policyNo;
            this.fingerprint = fingerprint;
            this.paidFen = paidFen;
            this.deductibleFen = deductibleFen;
            this.paidAt = paidAt;
            this.status = status;
        }
    }

    /** A ledger entry an answer stands for: marked answered when the answer leaves. */
    record Booked(String type, String requestId) {}

    /** The answer body: {"code","message","data"}, and the ledger entries it reports. */
    record Answer(String code, String message, JsonNode data, List<Booked> booked) {
        Answer(String code, String message, JsonNode data) {
            this(code, message, data, List.of());
        }

        String json() {
            ObjectNode o = JSON.createObjectNode().put("code", code).put("message", message);
            o.set("data", data == null ? JSON.nullNode() : data);
            return JSON.writeValueAsString(o);
        }

        static Answer ok(JsonNode data) {
            return new Answer("SUCCESS", "ok", data);
        }

        static Answer refuse(String code, String message) {
            return new Answer(code, message, null);
        }
    }

    public synchronized String addPolicy(String name, String idNo, int ratioPercent, long annualLimitFen, long deductibleFen) {
        if (ratioPercent < 0 || ratioPercent > 100) throw new IllegalArgumentException("coverageRatioPercent must be 0-100");
        if (annualLimitFen < 0 || deductibleFen < 0) throw new IllegalArgumentException("limits must be >= 0");
        String policyNo = "HIC" + String.format("%010d", seq.incrementAndGet());
        policies.put(policyNo, new Policy(policyNo, name, idNo, ratioPercent, annualLimitFen, deductibleFen));
        policyByIdNo.put(idNo, policyNo);
        return policyNo;
    }

    private record Calc(Policy policy, long payable, long deductibleApplied, long remaining) {}

    private Optional<Policy> policyOf(JsonNode req) {
        String policyNo = req.path("policyNo").asString("");
        String idNo = req.path("insured").path("idNo").asString("");
        String name = req.path("insured").path("name").asString("");
        Policy p = policies.get(policyNo.isEmpty() ? policyByIdNo.getOrDefault(idNo, "") : policyNo);
        return p == null || !p.idNo.equals(idNo) || !p.name.equals(name) ? Optional.empty() : Optional.of(p);
    }

    private static Calc calc(Policy p, JsonNode req) {
        long total = amount(req, "totalFen");
        long fund = amount(req, "insuranceFundFen");
        long acct = amount(req, "personalAccountFen");
        if (fund + acct > total) throw new IllegalArgumentException("insuranceFundFen + personalAccountFen exceed totalFen");
        long base = total - fund - acct;
        long deductibleOpen = Math.max(0, p.deductibleFen - p.deductibleMetFen);
        long deductibleApplied = Math.min(base, deductibleOpen);
        long remaining = Math.max(0, p.annualLimitFen - p.usedFen);
        long payable = Math.min((base - deductibleApplied) * p.ratioPercent / 100, remaining);
        return new Calc(p, payable, deductibleApplied, remaining);
    }

    /** The policy of the insured person (name and ID number must both match), with what is left of its limit. */
    synchronized Answer findPolicy(JsonNode req) {
        required(req.path("insured"), "name");
        required(req.path("insured"), "idNo");
        Optional<Policy> policy = policyOf(req);
        if (policy.isEmpty()) return Answer.refuse("POLICY_NOT_FOUND", "no policy for this insured person");
        Policy p = policy.get();
        return Answer.ok(JSON.createObjectNode().put("policyNo", p.policyNo).put("coverageRatioPercent", p.ratioPercent)
                .put("remainingLimitFen", Math.max(0, p.annualLimitFen - p.usedFen)));
    }

    synchronized Answer preCalculate(JsonNode req) {
        Optional<Policy> policy = policyOf(req);
        if (policy.isEmpty()) return Answer.refuse("POLICY_NOT_FOUND", "no policy for this insured person");
        Calc c = calc(policy.get(), req);
        String reason = c.payable() > 0 ? "" : c.remaining() == 0 ? "annual limit exhausted" : "nothing payable above the deductible";
        return Answer.ok(JSON.createObjectNode().put("eligible", c.payable() > 0).put("payableFen", c.payable())
                .put("policyNo", c.policy().policyNo).put("coverageRatioPercent", c.policy().ratioPercent)
                .put("remainingLimitFen", c.remaining()).put("reason", reason));
    }

    synchronized Answer claim(JsonNode req) {
        String outClaimNo = required(req, "outClaimNo");
        String fingerprint = req.path("billNo").asString("") + '|' + amount(req, "totalFen") + '|' + amount(req, "insuranceFundFen")
                + '|' + amount(req, "personalAccountFen");
        Claim existing = claims.get(outClaimNo);
        if (existing != null) {
            if ("CANCELLED".equals(existing.status) && existing.fingerprint == null)
                return Answer.refuse("ALREADY_CANCELLED", "claim " + outClaimNo + " was cancelled before it arrived");
            if (!fingerprint.equals(existing.fingerprint))
                return Answer.refuse("DUPLICATE_REQUEST", "outClaimNo " + outClaimNo + " was used for another bill");
            return new Answer("SUCCESS", "ok", claimJson(existing), List.of(new Booked("CLAIM", outClaimNo)));
        }
        Optional<Policy> policy = policyOf(req);
        if (policy.isEmpty()) return Answer.refuse("POLICY_NOT_FOUND", "no policy for this insured person");
        Calc c = calc(policy.get(), req);
        if (c.payable() == 0)
            return c.remaining() == 0 ? Answer.refuse("LIMIT_EXHAUSTED", "annual limit exhausted")
                    : Answer.refuse("NOT_COVERED", "nothing payable above the deductible");
        Policy p = c.policy();
        p.usedFen += c.payable();
        p.deductibleMetFen += c.deductibleApplied();
        Claim claim = new Claim("CLM" + String.format("%010d", seq.incrementAndGet()), outClaimNo, p.policyNo, fingerprint,
                c.payable(), c.deductibleApplied(), clock.instant(), "PAID");
        claims.put(outClaimNo, claim);
        ledger.bookIfAbsent(CHANNEL, "CLAIM", outClaimNo, null, claim.paidFen, "SUCCESS", p.policyNo);
        return new Answer("SUCCESS", "ok", claimJson(claim), List.of(new Booked("CLAIM", outClaimNo)));
    }

    synchronized Answer query(JsonNode req) {
        Claim claim = claims.get(required(req, "outClaimNo"));
        return claim == null ? Answer.refuse("CLAIM_NOT_FOUND", "no claim under this outClaimNo") : Answer.ok(claimJson(claim));
    }

    synchronized Answer cancel(JsonNode req) {
        String outCancelNo = required(req, "outCancelNo");
        String outClaimNo = required(req, "outClaimNo");
        Claim done = cancels.get(outCancelNo);
        if (done != null) {
            return done.outClaimNo.equals(outClaimNo)
                    ? new Answer("SUCCESS", "ok", claimJson(done), List.of(new Booked("CLAIM_CANCEL", outCancelNo)))
                    : Answer.refuse("DUPLICATE_REQUEST", "outCancelNo " + outCancelNo + " was used for another claim");
        }
        Claim claim = claims.get(outClaimNo);
        if (claim == null) {
            claim = new Claim("-", outClaimNo, "", null, 0, 0, null, "CANCELLED");
            claims.put(outClaimNo, claim);
            ledger.bookIfAbsent(CHANNEL, "CLAIM_CANCEL", outCancelNo, outClaimNo, 0, "PREVENTED", "");
        } else if ("CANCELLED".equals(claim.status)) {
            return Answer.refuse("ALREADY_CANCELLED", "claim " + outClaimNo + " is already cancelled");
        } else {
            Policy p = policies.get(claim.policyNo);
            p.usedFen -= claim.paidFen;
            p.deductibleMetFen = Math.max(0, p.deductibleMetFen - claim.deductibleFen);
            claim.status = "CANCELLED";
            ledger.update(CHANNEL, "CLAIM", outClaimNo, e -> e.withState("CANCELLED", e.answeredAt()));
            ledger.bookIfAbsent(CHANNEL, "CLAIM_CANCEL", outCancelNo, outClaimNo, claim.paidFen, "SUCCESS", claim.policyNo);
        }
        cancels.put(outCancelNo, claim);
        return new Answer("SUCCESS", "ok", claimJson(claim), List.of(new Booked("CLAIM_CANCEL", outCancelNo)));
    }

    /** The claim statement's columns (channels/docs/statements.md). */
    static final String STATEMENT_HEADER = "type,claimNo,outClaimNo,outCancelNo,amountFen,time,status";
    private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private record StatementRow(Instant at, String line) {}

    /**
     * The daily claim statement of a Beijing day (CSV, channels/docs/statements.md): a CLAIM row per claim paid
     * that day (listed even when cancelled later: its money moved that day), a CANCEL row per cancel that gave
     * money back that day; a cancel of a claim that never arrived moved nothing and is not listed. The
     * statement differences fabricated for COMMERCIAL apply by outClaimNo (CLAIM rows) or outCancelNo (CANCEL rows).
     */
    synchronized String statement(LocalDate day, StatementDifferences.Rules made) {
        List<StatementRow> rows = new ArrayList<>();
        for (Claim c : claims.values()) {
            if (c.fingerprint == null || c.paidAt == null || !onDay(c.paidAt, day) || made.omits(c.outClaimNo)) continue;
            rows.add(new StatementRow(c.paidAt, row("CLAIM", c.claimNo, c.outClaimNo, "", made.amount(c.outClaimNo, c.paidFen), c.paidAt, "PAID")));
        }
        for (LedgerEntry e : ledger.all(CHANNEL)) {
            if (!"CLAIM_CANCEL".equals(e.type()) || e.amountFen() == 0 || !onDay(e.receivedAt(), day) || made.omits(e.requestId())) continue;
            Claim c = claims.get(e.reference());
            rows.add(new StatementRow(e.receivedAt(), row("CANCEL", c == null ? "-" : c.claimNo, e.reference(), e.requestId(),
                    made.amount(e.requestId(), e.amountFen()), e.receivedAt(), "CANCELLED")));
        }
        for (StatementDifferences.Extra x : made.extras()) {
            if (onDay(x.at(), day)) rows.add(new StatementRow(x.at(), row("CLAIM", "CLM" + x.transactionId().substring(18), x.outTradeNo(), "",
                    x.amountFen(), x.at(), "PAID")));
        }
        rows.sort(Comparator.comparing(StatementRow::at));
        StringBuilder b = new StringBuilder(STATEMENT_HEADER).append('\n');
        rows.forEach(r -> b.append(r.line()).append('\n'));
        return b.toString();
    }

    private static String row(String type, String claimNo, String outClaimNo, String outCancelNo, long fen, Instant at, String status) {
        return String.join(",", type, claimNo, outClaimNo, outCancelNo, Long.toString(fen), LocalDateTime.ofInstant(at, BEIJING).format(TIME), status);
    }

    private static boolean onDay(Instant at, LocalDate day) {
        return LocalDate.ofInstant(at, BEIJING).equals(day);
    }

    /** Marks the ledger entries behind an answer as answered, now that it leaves (the first delivery counts). */
    void delivered(Answer answer) {
        Instant now = clock.instant();
        for (Booked b : answer.booked()) {
            ledger.update(CHANNEL, b.type(), b.requestId(), e -> e.answeredAt() == null ? e.withState(e.state(), now) : e);
        }
    }

    private static ObjectNode claimJson(Claim c) {
        return JSON.createObjectNode().put("claimNo", c.claimNo).put("outClaimNo", c.outClaimNo).put("status", c.status)
                .put("paidFen", c.paidFen).put("policyNo", c.policyNo).put("paidAt", c.paidAt == null ? "" : c.paidAt.toString());
    }

    private static long amount(JsonNode req, String field) {
        JsonNode v = req.get(field);
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < 0)
            throw new IllegalArgumentException(field + " must be a non-negative integer (fen)");
        return v.asLong();
    }

    private static String required(JsonNode req, String field) {
        String v = req.path(field).asString("");
        if (v.isBlank()) throw new IllegalArgumentException(field + " is required");
        return v;
    }
}
