package org.hospay.channels.insurance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.InsurancePlatform.Cancellation;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.FeeLineResult;
import org.hospay.channels.insurance.InsurancePlatform.FeeUpload;
import org.hospay.channels.insurance.InsurancePlatform.FeeUploadRequest;
import org.hospay.channels.insurance.InsurancePlatform.Insurance;
import org.hospay.channels.insurance.InsurancePlatform.Person;
import org.hospay.channels.insurance.InsurancePlatform.Pooling;
import org.hospay.channels.insurance.InsurancePlatform.RegisterRequest;
import org.hospay.channels.insurance.InsurancePlatform.Registration;
import org.hospay.channels.insurance.InsurancePlatform.Reversal;
import org.hospay.channels.insurance.InsurancePlatform.SettleRequest;
import org.hospay.channels.insurance.InsurancePlatform.Settlement;
import org.hospay.channels.insurance.InsurancePlatform.StatementCheck;
import org.hospay.channels.insurance.InsurancePlatform.StatementLine;
import org.hospay.channels.insurance.InsurancePlatform.StatementTotals;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pure mapping between our records and the national interface's {@code input}/{@code output}
 * JSON (snake_case for 1xxx–5xxx, camelCase for the mobile 6xxx), and from an answer envelope to an
 * {@link Outcome}. No I/O; tested against recorded answers in {@code fixtures/insurance}. The mobile 6xxx
 * and the inpatient 23xx/24xx mappings have classes of their own ({@link MobileInsuranceMapping},
 * {@link InpatientInsuranceMapping}) on the helpers here.
 */
final class InsuranceMapping {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;
    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private InsuranceMapping() {}

    /** An output that does not have the shape the transaction promises. */
    static final class MalformedOutput extends RuntimeException {
        MalformedOutput(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ answer → outcome

    /**
     * infcode 0 → the mapped output (a mapping failure is Unknown: the platform may have acted);
     * infcode -1 with a known bracketed code → Declined; any other failure → Unknown.
     */
    static <T> Outcome<T> outcome(JsonNode answer, Function<JsonNode, T> mapOutput) {
        JsonNode infcode = answer.get("infcode");
        String errMsg = text(answer, "err_msg");
        if (infcode == null || !(infcode.isNumber() || infcode.isString()))
            return Outcome.unknown("answer without infcode");
        int code;
        try {
            code = Integer.parseInt(infcode.asString().strip());
        } catch (NumberFormatException e) {
            return Outcome.unknown("answer with infcode " + infcode);
        }
        if (code == 0) {
            try {
                return Outcome.succeeded(mapOutput.apply(answer.path("output")));
            } catch (MalformedOutput | IllegalArgumentException | ArithmeticException e) {
                return Outcome.unknown("infcode 0 with an output we cannot read: " + e.getMessage());
            }
        }
        return PlatformError.of(errMsg)
                .<Outcome<T>>map(e -> Outcome.declined(e.reason(), errMsg, "infcode " + code + " " + e.name()))
                .orElseGet(() -> Outcome.unknown("infcode " + code + ": " + errMsg));
    }

    // ------------------------------------------------------------------ inputs

    static ObjectNode input1101(CertType type, String certNo, String name, LocalDateTime now) {
        ObjectNode data = F.objectNode()
                .put("mdtrt_cert_type", type.code())
                .put("mdtrt_cert_no", certNo)
                .put("card_sn", "")
                .put("begntime", DATE_TIME.format(now))
                .put("psn_cert_type", type == CertType.ID_NUMBER ? "01" : "")
                .put("certno", type == CertType.ID_NUMBER ? certNo : "")
                .put("psn_name", name == null ? "" : name);
        return wrap("data", data);
    }

    static ObjectNode input2201(RegisterRequest r) {
        ObjectNode data = F.objectNode()
                .put("psn_no", r.insured().psnNo())
                .put("insutype", r.insutype())
                .put("begntime", DATE_TIME.format(r.begntime()))
                .put("mdtrt_cert_type", r.certType().code())
                .put("mdtrt_cert_no", r.certNo())
                .put("ipt_otp_no", r.iptOtpNo())
                .put("atddr_no", orEmpty(r.drNo()))
                .put("dr_name", orEmpty(r.drName()))
                .put("dept_code", orEmpty(r.deptCode()))
                .put("dept_name", orEmpty(r.deptName()))
                .put("caty", orEmpty(r.deptCode()));
        return wrap("data", data);
    }

    static ObjectNode input2204(FeeUploadRequest r) {
        ArrayNode lines = F.arrayNode();
        for (FeeItem item : r.items()) {
            lines.add(feeLine(item, r.insured().psnNo(), r.mdtrtId(), r.chrgBchno()));
        }
        return wrap("feedetail", lines);
    }

    /**
     * One 2204 feedetail line. {@code med_chrgitm_type} is not a 2204 input in the national spec
     * (the platform derives it from its catalogue by med_list_codg); we send the HIS category along
     * so a platform without our catalogue (the simulator) can apply the policy's categories.
     */
    static ObjectNode feeLine(FeeItem item, String psnNo, String mdtrtId, String chrgBchno) {
        return F.objectNode()
                .put("feedetl_sn", item.feedetlSn())
                .put("mdtrt_id", mdtrtId)
                .put("psn_no", psnNo)
                .put("chrg_bchno", chrgBchno)
                .put("dise_codg", "")
                .put("rxno", "")
                .put("rx_circ_flag", "0")
                .put("fee_ocur_time", DATE_TIME.format(item.time()))
                .put("med_list_codg", item.itemCode())
                .put("medins_list_codg", orEmpty(item.hospItemCode()))
                .put("medins_list_name", orEmpty(item.name()))
                .put("det_item_fee_sumamt", yuan(item.amount()))
                .put("cnt", item.quantity())
                .put("pric", yuan(item.price()))
                .put("bilg_dept_codg", "")
                .put("bilg_dept_name", "")
                .put("bilg_dr_codg", "")
                .put("bilg_dr_name", "")
                .put("hosp_appr_flag", "1")
                .put("med_chrgitm_type", item.category().chrgitmType());
    }

    static ObjectNode input2206(SettleRequest r) {
        ObjectNode data = F.objectNode()
                .put("psn_no", r.insured().psnNo())
                .put("mdtrt_cert_type", r.certType().code())
                .put("mdtrt_cert_no", r.certNo())
                .put("med_type", r.medType())
                .put("medfee_sumamt", yuan(r.medfeeSumamt()))
                .put("psn_setlway", "01")
                .put("mdtrt_id", r.mdtrtId())
                .put("chrg_bchno", r.chrgBchno())
                .put("insutype", r.insutype())
                .put("acct_used_flag", r.accountUsed() ? "1" : "0")
                .put("invono", "");
        return wrap("data", data);
    }

    static ObjectNode input2202(String psnNo, String mdtrtId, String iptOtpNo) {
        return wrap("data", F.objectNode().put("psn_no", psnNo).put("mdtrt_id", mdtrtId).put("ipt_otp_no", iptOtpNo));
    }

    static ObjectNode input2208(String psnNo, String mdtrtId, String setlId) {
        return wrap("data", F.objectNode().put("setl_id", setlId).put("mdtrt_id", mdtrtId).put("psn_no", psnNo));
    }

    static ObjectNode input2601(String psnNo, String originalMsgid, String originalInfno) {
        return wrap("data", F.objectNode().put("psn_no", psnNo).put("omsgid", originalMsgid).put("oinfno", originalInfno));
    }

    static ObjectNode input5203(String psnNo, String mdtrtId) {
        return wrap("data", F.objectNode().put("psn_no", psnNo).put("setl_id", "").put("mdtrt_id", mdtrtId));
    }

    static ObjectNode input3201(StatementTotals t) {
        ObjectNode data = F.objectNode()
                .put("insutype", orEmpty(t.insutype()))
                .put("clr_type", orEmpty(t.clrType()))
                .put("setl_optins", orEmpty(t.setlOptins()))
                .put("stmt_begndate", DATE.format(t.begin()))
                .put("stmt_enddate", DATE.format(t.end()))
                .put("medfee_sumamt", yuan(t.medfeeSumamt()))
                .put("fund_pay_sumamt", yuan(t.fundPaySumamt()))
                .put("acct_pay", yuan(t.acctPay()))
                .put("fixmedins_setl_cnt", t.settlementCount());
        return wrap("data", data);
    }

    static ObjectNode input3202(LocalDate begin, LocalDate end, String setlOptins) {
        return wrap("data", F.objectNode()
                .put("setl_optins", orEmpty(setlOptins))
                .put("stmt_begndate", DATE.format(begin))
                .put("stmt_enddate", DATE.format(end)));
    }

    // ------------------------------------------------------------------ outputs

    static Person person(JsonNode output) {
        JsonNode base = required(output, "baseinfo");
        List<Insurance> insurances = new ArrayList<>();
        for (JsonNode i : output.path("insuinfo")) {
            insurances.add(new Insurance(requiredText(i, "insutype"), text(i, "psn_type"), optMoney(i, "balc"),
                    requiredText(i, "insuplc_admdvs"), "1".equals(text(i, "psn_insu_stas"))));
        }
        if (insurances.isEmpty()) throw new MalformedOutput("1101 output without insuinfo");
        String brdy = text(base, "brdy");
        return new Person(requiredText(base, "psn_no"), text(base, "psn_name"), text(base, "psn_cert_type"),
                text(base, "certno"), text(base, "gend"), brdy == null || brdy.isEmpty() ? null : date(brdy), insurances);
    }

    static Registration registration(JsonNode output) {
        JsonNode data = required(output, "data");
        return new Registration(requiredText(data, "mdtrt_id"), text(data, "psn_no"), text(data, "ipt_otp_no"));
    }

    static FeeUpload feeUpload(JsonNode output) {
        List<FeeLineResult> lines = new ArrayList<>();
        for (JsonNode r : output.path("result")) {
            lines.add(new FeeLineResult(requiredText(r, "feedetl_sn"), money(r, "det_item_fee_sumamt"),
                    optMoney(r, "inscp_scp_amt"), optMoney(r, "fulamt_ownpay_amt"), text(r, "chrgitm_lv")));
        }
        return new FeeUpload(lines);
    }

    /** 2207: {@code setlinfo} (+ the pooling line of {@code setldetail}). Checks fund + account + cash = total. */
    static Settlement settlement(JsonNode output) {
        Settlement s = settlementOf(required(output, "setlinfo"), output.path("setldetail"));
        if (s.setlId() == null) throw new MalformedOutput("missing setl_id");
        return s;
    }

    /** 2206: as 2207, but a preview has no settlement id yet ({@code setlId} null). */
    static Settlement preSettlement(JsonNode output) {
        return settlementOf(required(output, "setlinfo"), output.path("setldetail"));
    }

    /** 5203: {@code setlinfo} as a list of the visit's settlements (or a single object, as the national 5203 answers). */
    static List<Settlement> settlements(JsonNode output) {
        JsonNode info = output.path("setlinfo");
        List<Settlement> result = new ArrayList<>();
        if (info.isObject()) {
            result.add(settlementOf(info, output.path("setldetail")));
        } else {
            for (JsonNode s : info) {
                result.add(settlementOf(s, s.path("setldetail")));
            }
        }
        if (result.stream().anyMatch(s -> s.setlId() == null)) throw new MalformedOutput("5203 settlement without setl_id");
        return result;
    }

    private static Settlement settlementOf(JsonNode s, JsonNode details) {
        Money total = money(s, "medfee_sumamt");
        Money fund = money(s, "fund_pay_sumamt");
        Money acct = money(s, "acct_pay");
        Money cash = money(s, "psn_cash_pay");
        if (fund.plus(acct).plus(cash).fen() != total.fen())
            throw new MalformedOutput("fund " + fund + " + account " + acct + " + cash " + cash + " != total " + total);
        JsonNode pool = details.isArray() && !details.isEmpty() ? details.get(0) : F.objectNode();
        String prop = text(pool, "pool_prop");
        Pooling pooling = new Pooling(optMoney(s, "act_pay_dedc"),
                prop == null || prop.isEmpty() ? BigDecimal.ZERO : new BigDecimal(prop),
                optMoney(pool, "crt_payb_lmt_amt"), text(pool, "setl_proc_info"), PoolingRulesMapping.rules(s));
        String setlTime = text(s, "setl_time");
        String setlId = text(s, "setl_id");
        return new Settlement(setlId == null || setlId.isEmpty() ? null : setlId, requiredText(s, "mdtrt_id"), text(s, "psn_no"),
                text(s, "medins_setl_id"), setlTime == null || setlTime.isEmpty() ? null : dateTime(setlTime),
                text(s, "insutype"), text(s, "med_type"), total, optMoney(s, "fulamt_ownpay_amt"),
                optMoney(s, "inscp_scp_amt"), optMoney(s, "hifp_pay"), optMoney(s, "pool_prop_selfpay"), fund,
                optMoney(s, "psn_part_amt"), acct, cash, optMoney(s, "balc"), pooling, !"0".equals(text(s, "vali_flag")));
    }

    /** 2208 answers the cancelling settlement with negative amounts; we carry what went back, as positive money. */
    static Cancellation cancellation(JsonNode output, String originalSetlId) {
        JsonNode s = required(output, "setlinfo");
        return new Cancellation(originalSetlId, requiredText(s, "setl_id"), money(s, "fund_pay_sumamt"), money(s, "acct_pay"));
    }

    /** rvs_rslt as the simulator reports it; the national 2601 output has no such field, so absent is NOT_REPORTED. */
    enum ReversalResult { UNDONE, PREVENTED, ABSENT, UNRECOGNISED }

    static Reversal reversal(JsonNode output, String originalMsgid, String originalInfno) {
        String result = text(output.path("data"), "rvs_rslt");
        ReversalResult r = result == null || result.isEmpty() ? ReversalResult.ABSENT
                : named(ReversalResult.class, result).filter(v -> v != ReversalResult.ABSENT).orElse(ReversalResult.UNRECOGNISED);
        Reversal.Effect effect = switch (r) {
            case UNDONE -> Reversal.Effect.UNDONE;
            case PREVENTED -> Reversal.Effect.PREVENTED;
            case ABSENT -> Reversal.Effect.NOT_REPORTED;
            case UNRECOGNISED -> throw new MalformedOutput("2601 rvs_rslt " + result);
        };
        return new Reversal(originalMsgid, originalInfno, effect);
    }

    static StatementCheck statementCheck(JsonNode output) {
        JsonNode s = required(output, "stmtinfo");
        String rslt = requiredText(s, "stmt_rslt");
        boolean balanced = switch (StatementResult.of(rslt)) {
            case BALANCED -> true;
            case UNBALANCED -> false;
            case UNRECOGNISED -> throw new MalformedOutput("3201 stmt_rslt " + rslt);
        };
        JsonNode count = s.path("fixmedins_setl_cnt");
        return new StatementCheck(balanced, text(s, "stmt_rslt_dscr"), optMoney(s, "medfee_sumamt"),
                optMoney(s, "fund_pay_sumamt"), optMoney(s, "acct_pay"), count.isNumber() ? count.asLong() : -1);
    }

    /** 3201 stmt_rslt: 0 对账一致, 1 对账不一致. */
    enum StatementResult {
        BALANCED("0"), UNBALANCED("1"), UNRECOGNISED(null);

        private final String code;

        StatementResult(String code) {
            this.code = code;
        }

        static StatementResult of(String code) {
            for (StatementResult r : values()) {
                if (r.code != null && r.code.equals(code)) return r;
            }
            return UNRECOGNISED;
        }
    }

    static List<StatementLine> statementLines(JsonNode output) {
        List<StatementLine> lines = new ArrayList<>();
        for (JsonNode s : output.path("stmtinfo")) {
            String setlTime = text(s, "setl_time");
            lines.add(new StatementLine(requiredText(s, "setl_id"), text(s, "mdtrt_id"), text(s, "psn_no"),
                    text(s, "medins_setl_id"), setlTime == null || setlTime.isEmpty() ? null : dateTime(setlTime),
                    money(s, "medfee_sumamt"), money(s, "fund_pay_sumamt"), money(s, "acct_pay"), money(s, "psn_cash_pay"),
                    !"0".equals(text(s, "vali_flag"))));
        }
        return lines;
    }

    // ------------------------------------------------------------------ helpers

    /** The constant of {@code type} named exactly {@code name}; empty for anything else (never an exception). */
    static <E extends Enum<E>> java.util.Optional<E> named(Class<E> type, String name) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(name)) return java.util.Optional.of(e);
        }
        return java.util.Optional.empty();
    }

    /** Fen to the wire's decimal yuan, exact (two decimals). */
    static BigDecimal yuan(Money m) {
        return BigDecimal.valueOf(m.fen(), 2);
    }

    /** A required yuan amount; the sign is dropped (2208 answers negative amounts for what goes back). */
    static Money money(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.asString().isBlank()) throw new MalformedOutput("missing amount " + field);
        return Money.ofYuan(v.isNumber() ? v.decimalValue().abs().toPlainString() : v.asString().strip().replace("-", ""));
    }

    static Money optMoney(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asString().isBlank() ? Money.ZERO : money(node, field);
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    static String requiredText(JsonNode node, String field) {
        String v = text(node, field);
        if (v == null || v.isEmpty()) throw new MalformedOutput("missing " + field);
        return v;
    }

    static JsonNode required(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) throw new MalformedOutput("missing " + field);
        return v;
    }

    private static LocalDateTime dateTime(String s) {
        try {
            return LocalDateTime.parse(s, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw new MalformedOutput("not a yyyy-MM-dd HH:mm:ss time: " + s);
        }
    }

    private static LocalDate date(String s) {
        try {
            return LocalDate.parse(s, DATE);
        } catch (DateTimeParseException e) {
            throw new MalformedOutput("not a yyyy-MM-dd date: " + s);
        }
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    static ObjectNode wrap(String name, JsonNode value) {
        ObjectNode in = F.objectNode();
        in.set(name, value);
        return in;
    }
}
