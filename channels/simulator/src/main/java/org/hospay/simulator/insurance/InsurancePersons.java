package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceJson.obj;
import static org.hospay.simulator.insurance.InsuranceJson.opt;
import static org.hospay.simulator.insurance.InsuranceJson.str;
import static org.hospay.simulator.insurance.InsuranceJson.yuan;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.hospay.simulator.insurance.InsuranceBook.Refused;
import org.hospay.simulator.insurance.InsuranceState.SimPerson;
import org.hospay.simulator.insurance.InsuranceState.Token;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Insured persons and their e-voucher tokens: the test data that makes them (each call takes the
 * state's lock), 1101 that looks them up by voucher, ID or card, and the identity checks every
 * other transaction makes (called under the lock by the other families).
 */
@Component
class InsurancePersons {

    private final InsuranceState state;
    private final Map<String, SimPerson> persons;
    private final Map<String, String> psnByIdNo;
    private final Map<String, String> psnByCardNo;
    private final Map<String, Token> tokens;

    InsurancePersons(InsuranceState state) {
        this.state = state;
        this.persons = state.persons;
        this.psnByIdNo = state.psnByIdNo;
        this.psnByCardNo = state.psnByCardNo;
        this.tokens = state.tokens;
    }

    /** What test code may see of a person: balance and this year's usage. */
    record PersonView(String psnNo, String name, String insutype, String region, boolean pooledSigned, boolean inpatient,
                      long accountBalanceFen, long deductibleMetFen, long fundUsedFen) {}

    // ================================================================== test data

    /**
     * Registers an insured person and returns psn_no. An ID number registered before under the same
     * name is the same person: their test data (insurance, region, balance, signing, stay) is set
     * anew and the same psn_no returned, so a demo or contract check can run again against a running
     * simulator; their annual usage stays. Under another name it is refused.
     */
    String addPerson(String name, String idNo, String insutype, String region, long accountBalanceFen,
                     boolean pooledSigned, String cardNo, String hospitalCardNo, boolean inpatient) {
        state.lock.lock();
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
            String psnNo = region + String.format("%014d", state.seq.incrementAndGet());
            persons.put(psnNo, new SimPerson(psnNo, name, idNo, insutype, region, cardNo, hospitalCardNo, pooledSigned, inpatient,
                    accountBalanceFen));
            psnByIdNo.put(idNo, psnNo);
            if (cardNo != null && !cardNo.isBlank()) psnByCardNo.put(cardNo, psnNo);
            return psnNo;
        } finally {
            state.lock.unlock();
        }
    }

    Optional<PersonView> person(String psnNo) {
        state.lock.lock();
        try {
            SimPerson p = persons.get(psnNo);
            if (p == null) return Optional.empty();
            long[] u = p.usage(state.year());
            return Optional.of(new PersonView(p.psnNo, p.name, p.insutype, p.region, p.pooledSigned, p.inpatient,
                    p.accountBalanceFen, u[0], u[1]));
        } finally {
            state.lock.unlock();
        }
    }

    /** Admission or discharge: pooling does not apply during an inpatient stay. */
    boolean inpatient(String psnNo, boolean inpatient) {
        state.lock.lock();
        try {
            SimPerson p = persons.get(psnNo);
            if (p == null) return false;
            p.inpatient = inpatient;
            return true;
        } finally {
            state.lock.unlock();
        }
    }

    /** A fresh e-voucher token (ecToken, 40 hex characters) for the person, valid until {@code expiresAt}. */
    Optional<String> newToken(String psnNo, Instant expiresAt) {
        state.lock.lock();
        try {
            if (!persons.containsKey(psnNo)) return Optional.empty();
            byte[] b = new byte[20];
            state.random.nextBytes(b);
            // 40 characters like a real ecToken, upper-case so it fits the HSA1 code's token alphabet [0-9A-Z-]
            String token = HexFormat.of().withUpperCase().formatHex(b);
            tokens.put(token, new Token(psnNo, expiresAt));
            return Optional.of(token);
        } finally {
            state.lock.unlock();
        }
    }

    // ------------------------------------------------------------------ 1101

    JsonNode personInfo(JsonNode d) {
        String type = str(d, "mdtrt_cert_type");
        String no = str(d, "mdtrt_cert_no");
        String psnNo = switch (type) {
            case "01" -> {
                Token t = tokens.get(no);
                if (t == null) throw new Refused(PlatformError.CERT_INVALID, "电子凭证令牌无效");
                if (!t.expiresAt().isAfter(state.clock.instant())) throw new Refused(PlatformError.CERT_EXPIRED, "电子凭证令牌已过期, 请刷新电子凭证");
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

    // ------------------------------------------------------------------ checks of the other transactions

    SimPerson personOf(String psnNo) {
        SimPerson p = persons.get(psnNo);
        if (p == null) throw new Refused(PlatformError.PSN_NOT_FOUND, "人员 " + psnNo + " 不存在");
        return p;
    }

    /** An e-voucher token, if that is how the patient identified, must still belong to this person. */
    void checkCert(SimPerson p, String certType, String certNo) {
        if (!"01".equals(certType)) return;
        Token t = tokens.get(certNo);
        if (t == null || !t.psnNo().equals(p.psnNo)) throw new Refused(PlatformError.CERT_INVALID, "电子凭证令牌无效或不属于该人员");
        if (!t.expiresAt().isAfter(state.clock.instant())) throw new Refused(PlatformError.CERT_EXPIRED, "电子凭证令牌已过期, 请刷新电子凭证");
    }

    /** The platform does no outpatient business for someone with an open inpatient stay (docs/architecture.md §1: not during a stay). */
    static void refuseInpatient(SimPerson p) {
        if (p.inpatient) throw new Refused(PlatformError.IN_HOSPITAL, "参保人存在未出院的住院登记, 不能办理门诊业务");
    }

    // ------------------------------------------------------------------ what an ID number says

    static String gender(String idNo) {
        if (idNo.length() != 18 || !Character.isDigit(idNo.charAt(16))) return "9";
        return (idNo.charAt(16) - '0') % 2 == 1 ? "1" : "2";
    }

    static String birthday(String idNo) {
        if (idNo.length() != 18) return "";
        try {
            return LocalDate.parse(idNo.substring(6, 14), DateTimeFormatter.BASIC_ISO_DATE).toString();
        } catch (RuntimeException e) {
            return "";
        }
    }

    int age(String idNo) {
        String b = birthday(idNo);
        return b.isEmpty() ? 0 : java.time.Period.between(LocalDate.parse(b), state.now().toLocalDate()).getYears();
    }
}
