package org.hospay.channels.insurance;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * The national medical-insurance platform (国家医保信息平台), one method per transaction. Every
 * method takes the request's {@code msgid} (draw it from {@link #newMsgId()} and write it down
 * before the call: it is what 2601 reverses and what the platform de-duplicates on). Methods never
 * throw: a timeout after the request left is {@link Outcome.Unknown}, a refused connection is
 * {@code Declined(CHANNEL_UNAVAILABLE)}, a business refusal is {@code Declined} with a stable code
 * (see {@link PlatformError}), an unrecognised failure ({@code infcode -1} without a known code) is
 * Unknown.
 *
 * <p>Amounts are {@link Money}; the wire carries decimal yuan numbers, converted exactly.
 */
public interface InsurancePlatform {

    /** Outpatient medical type (med_type 11, 普通门诊), the one the outpatient-pooling rules apply to. */
    String MED_TYPE_OUTPATIENT = "11";

    /** Inpatient medical type (med_type 21, 普通住院), the one the inpatient-pooling rules apply to. */
    String MED_TYPE_INPATIENT = "21";

    /** Employee basic medical insurance (职工基本医疗保险). */
    String INSUTYPE_EMPLOYEE = "310";

    /** Resident basic medical insurance (城乡居民基本医疗保险). */
    String INSUTYPE_RESIDENT = "390";

    /** A fresh msgid: fixmedins_code(12) + yyyyMMddHHmmss(14) + seq(4). Persist it before sending. */
    String newMsgId();

    /** 1101 人员信息获取. A query. */
    Mono<Outcome<Person>> personInfo(String msgid, CertType type, String certNo, String name);

    /** 1101 with a msgid drawn here: for callers that do not record look-ups. */
    default Mono<Outcome<Person>> personInfo(CertType type, String certNo, String name) {
        return personInfo(newMsgId(), type, certNo, name);
    }

    /** 2201 门诊挂号: opens a visit; the platform answers with its mdtrt_id. Idempotent by {@code iptOtpNo}. */
    Mono<Outcome<Registration>> register(String msgid, RegisterRequest request);

    /**
     * 2202 挂号撤销: closes a visit that will not be settled (no valid settlement left). Answers the visit's mdtrt_id.
     * Send again with the same msgid after an Unknown; a visit cancelled before is not refused.
     */
    Mono<Outcome<String>> cancelRegistration(String msgid, Insured insured, String mdtrtId, String iptOtpNo);

    /** 2204 门诊费用明细上传. */
    Mono<Outcome<FeeUpload>> uploadFees(String msgid, FeeUploadRequest request);

    /** 2206 门诊预结算: the split the platform would make now. Moves no money. */
    Mono<Outcome<Settlement>> preSettle(String msgid, SettleRequest request);

    /** 2207 门诊结算: moves fund and personal-account money. Never re-send with a new msgid after an Unknown: query (5203) or reverse (2601). */
    Mono<Outcome<Settlement>> settle(String msgid, SettleRequest request);

    /** 2208 门诊结算撤销: cancels a settlement known by its setl_id. */
    Mono<Outcome<Cancellation>> cancelSettlement(String msgid, Insured insured, String mdtrtId, String setlId);

    /**
     * 2601 冲正交易: undoes whatever the message {@code originalMsgid} did; if it never arrived, the
     * platform records the reversal so that a late arrival cannot take effect.
     */
    Mono<Outcome<Reversal>> reverse(String msgid, String originalMsgid, String originalInfno, Insured insured);

    /** 5203 结算信息查询: the settlements of one visit, valid and cancelled (resolves an Unknown 2207). */
    Mono<Outcome<List<Settlement>>> querySettlements(String msgid, Insured insured, String mdtrtId);

    /**
     * The settlement a 2207 with {@code msgid} made, among a 5203 answer: the platform keeps the
     * sender's msgid in {@code medins_setl_id}. Empty means that 2207 never took effect.
     */
    static Optional<Settlement> madeBy(String msgid, List<Settlement> settlements) {
        return settlements.stream().filter(s -> msgid.equals(s.medinsSetlId())).findFirst();
    }

    /** 3201 对总账: sends our totals for a period, the platform says whether they agree. */
    Mono<Outcome<StatementCheck>> reconcileTotals(String msgid, StatementTotals ours);

    /** 3202 对明细账: the platform's settlement lines for a period, to compare line by line. */
    Mono<Outcome<List<StatementLine>>> reconcileDetails(String msgid, LocalDate begin, LocalDate end);

    /** 6201 费用明细上传 (mobile): uploads the fees and pre-settles, answers payOrdId + payToken. */
    Mono<Outcome<MobileOrder>> mobileUploadFees(String msgid, MobileFeeUpload request);

    /** 6202 支付下单 (mobile): settles the order with the user's payment authorisation. Idempotent by payOrdId. */
    Mono<Outcome<MobilePayment>> mobilePay(String msgid, String payOrdId, String payToken, String payAuthNo);

    /** 6203 医保退费 (mobile): refunds ALL, the CASH part or the HI (fund + account) part. Idempotent by appRefdSn. */
    Mono<Outcome<MobileRefund>> mobileRefund(String msgid, MobileRefundRequest request);

    /** 6301 医保订单结算结果查询 (mobile). A query. */
    Mono<Outcome<MobilePayment>> mobileQuery(String msgid, String payOrdId, String payToken);

    /** 6401 费用明细上传撤销 (mobile): revokes an order that is not paid. */
    Mono<Outcome<MobilePayment>> mobileRevoke(String msgid, String payOrdId, String payToken);

    // ---------------------------------------------------------------- inpatient (23xx, 24xx)

    /** 2401 入院办理: opens the stay; the platform answers with its mdtrt_id. Idempotent by {@code iptNo}: a query. */
    Mono<Outcome<Registration>> admit(String msgid, AdmissionRequest request);

    /** 2404 入院撤销: closes a stay with no discharge and no fees left. A stay cancelled before is not refused. */
    Mono<Outcome<String>> cancelAdmission(String msgid, Insured insured, String mdtrtId);

    /** 2301 住院费用明细上传: a line sent again under its feedetl_sn replaces itself, so a batch may be sent again. */
    Mono<Outcome<FeeUpload>> uploadInpatientFees(String msgid, FeeUploadRequest request);

    /** 2302 住院费用明细撤销: the lines {@code feedetlSns}, or every line of the stay when empty (feedetl_sn 0000). */
    Mono<Outcome<String>> cancelInpatientFees(String msgid, Insured insured, String mdtrtId, List<String> feedetlSns);

    /** 2402 出院办理: the stay is discharged at the platform; sent again, it is not refused. */
    Mono<Outcome<String>> discharge(String msgid, DischargeRequest request);

    /** 2405 出院撤销: undoes a discharge whose settlement is cancelled (or never made). */
    Mono<Outcome<String>> cancelDischarge(String msgid, Insured insured, String mdtrtId);

    /** 2303 住院预结算: the split the platform would make now. Moves no money. */
    Mono<Outcome<Settlement>> preSettleInpatient(String msgid, SettleRequest request);

    /**
     * 2304 住院结算: the stay's settlement, fund and personal account. Like 2207, never re-send with a new msgid after an
     * Unknown: query (5203, {@link #madeBy}) or send the same msgid again (the platform answers a msgid once).
     */
    Mono<Outcome<Settlement>> settleInpatient(String msgid, SettleRequest request);

    /** 2305 住院结算撤销: cancels the stay's settlement known by its setl_id. */
    Mono<Outcome<Cancellation>> cancelInpatientSettlement(String msgid, Insured insured, String mdtrtId, String setlId);

    // ---------------------------------------------------------------- request and result types

    /** mdtrt_cert_type: how the patient identified themselves. */
    enum CertType {
        /** 01: e-voucher token (电子凭证令牌, ecToken). */
        EVOUCHER_TOKEN("01"),
        /** 02: resident ID number. */
        ID_NUMBER("02"),
        /** 03: social-security card number. */
        SOCIAL_SECURITY_CARD("03");

        private final String code;

        CertType(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Who a call is about: psn_no plus the insurance region (insuplc_admdvs) the envelope needs whenever psn_no is present. */
    record Insured(String psnNo, String insuplcAdmdvs) {
        public Insured {
            Objects.requireNonNull(psnNo, "psnNo");
            Objects.requireNonNull(insuplcAdmdvs, "insuplcAdmdvs");
        }
    }

    /** One insurance the person holds (1101 insuinfo). {@code accountBalance} is the personal account (balc). */
    record Insurance(String insutype, String psnType, Money accountBalance, String insuplcAdmdvs, boolean active) {}

    /** 1101 result. {@code certNo} is as the platform sent it (mask before logging). */
    record Person(String psnNo, String name, String certType, String certNo, String gender, LocalDate birthday,
                  List<Insurance> insurances) {

        public Person {
            if (insurances.isEmpty()) throw new IllegalArgumentException("a person without any insurance: " + psnNo);
            insurances = List.copyOf(insurances);
        }

        /** The insurance to settle on: the first active one (the platform lists the current one first). */
        public Insurance primary() {
            return insurances.stream().filter(Insurance::active).findFirst().orElse(insurances.getFirst());
        }

        public Insured insured() {
            return new Insured(psnNo, primary().insuplcAdmdvs());
        }
    }

    /**
     * 2201 input. {@code iptOtpNo} is the hospital's unique outpatient number for the visit (院内唯一流水);
     * department and doctor may be null where the hospital does not send them.
     */
    record RegisterRequest(Insured insured, String insutype, CertType certType, String certNo, String iptOtpNo,
                           LocalDateTime begntime, String deptCode, String deptName, String drNo, String drName) {}

    record Registration(String mdtrtId, String psnNo, String iptOtpNo) {}

    /** 2401 input: {@code iptNo} is the hospital's admission number (住院号), unique per stay; ward and bed may be null. */
    record AdmissionRequest(Insured insured, String insutype, CertType certType, String certNo, String iptNo,
                            LocalDateTime begntime, String deptCode, String deptName, String bed) {}

    /** 2402 input. */
    record DischargeRequest(Insured insured, String insutype, String mdtrtId, LocalDateTime endtime) {}

    /** The API's bill categories, with the national 医疗收费项目类别 (med_chrgitm_type) each is sent as. */
    enum FeeCategory {
        REGISTRATION("13"), DRUG("09"), EXAM("03"), LAB("04"), TREATMENT("05"), SURGERY("06"), MATERIAL("08"), OTHER("14");

        private final String chrgitmType;

        FeeCategory(String chrgitmType) {
            this.chrgitmType = chrgitmType;
        }

        public String chrgitmType() {
            return chrgitmType;
        }

        /** The category of a national med_chrgitm_type code; codes without a bill category of their own are OTHER. */
        public static FeeCategory ofChrgitmType(String code) {
            if ("10".equals(code) || "11".equals(code)) return DRUG;
            for (FeeCategory c : values()) {
                if (c.chrgitmType.equals(code)) return c;
            }
            return OTHER;
        }
    }

    /**
     * One fee line (2204 feedetail). {@code itemCode} is the national catalogue code (med_list_codg),
     * {@code hospItemCode} the hospital's own (medins_list_codg); {@code feedetlSn} is unique within the visit.
     */
    record FeeItem(String feedetlSn, String itemCode, String hospItemCode, String name, FeeCategory category,
                   BigDecimal quantity, Money price, Money amount, LocalDateTime time) {}

    record FeeUploadRequest(Insured insured, String mdtrtId, String chrgBchno, List<FeeItem> items) {}

    /** Per-line 2204 answer: how much of the line is inside the policy scope and how much is fully self-paid. */
    record FeeLineResult(String feedetlSn, Money amount, Money inScope, Money fullOwnPay, String chrgitmLv) {}

    record FeeUpload(List<FeeLineResult> lines) {}

    /** 2206/2207 input. {@code accountUsed} = acct_used_flag: may the personal account pay the patient's share. */
    record SettleRequest(Insured insured, CertType certType, String certNo, String medType, String insutype,
                         String mdtrtId, String chrgBchno, Money medfeeSumamt, boolean accountUsed) {}

    /**
     * How the pooling fund treated the bill: the deductible applied this time (act_pay_dedc), the
     * ratio the fund paid above it, the fund's remaining annual room before this settlement
     * (crt_payb_lmt_amt) and the platform's own words (setl_proc_info).
     */
    record Pooling(Money deductibleApplied, BigDecimal ratio, Money capRemaining, String procInfo, PoolingRules rules) {

        public Pooling(Money deductibleApplied, BigDecimal ratio, Money capRemaining, String procInfo) {
            this(deductibleApplied, ratio, capRemaining, procInfo, null);
        }
    }

    /** Hospital grade as the pooling table keys it, from the national hosp_lv code (01-04 三级, 05-07 二级, 08-11 一级 and below). */
    enum HospitalGrade {
        TERTIARY, SECONDARY, PRIMARY;

        /** Null for an absent or unknown code. */
        public static HospitalGrade ofHospLv(String code) {
            if (code == null || !code.matches("\\d{2}")) return null;
            int c = Integer.parseInt(code);
            return c >= 1 && c <= 4 ? TERTIARY : c >= 5 && c <= 7 ? SECONDARY : c >= 8 && c <= 11 ? PRIMARY : null;
        }
    }

    /** Why the fund pooled the bill or did not (the platform's opsp_elig). */
    enum PoolingEligibility { POOLED, INSUTYPE_NOT_POOLED, INPATIENT, NOT_SIGNED }

    /**
     * The outpatient-pooling parameters a settlement was made with, where the platform sends them (hosp_lv and the
     * settlement's exp_content; the local parameters are not standardised nationally, so any field may be null):
     * the hospital's grade, the grade's annual deductible and the part of it met before this settlement, the
     * fund's annual cap and what it paid before this settlement, the eligibility, whether the patient is signed to a
     * community clinic and whether the hospital's specialty ({@code hospitalSpecialty}) waived the signing.
     */
    record PoolingRules(HospitalGrade grade, Money deductible, Money deductibleMetBefore, Money annualCap, Money fundUsedBefore,
                        PoolingEligibility eligibility, Boolean signed, Boolean signingExempt, String hospitalSpecialty) {}

    /**
     * A settlement (2206 preview with {@code setlId} null, 2207 result, 5203 line). fund + account + cash = medfeeSumamt.
     * {@code medinsSetlId} carries the msgid of the 2207 that made it; {@code valid} is false once
     * cancelled (2208) or reversed (2601).
     */
    record Settlement(String setlId, String mdtrtId, String psnNo, String medinsSetlId, LocalDateTime setlTime,
                      String insutype, String medType, Money medfeeSumamt, Money fulamtOwnpayAmt, Money inscpScpAmt,
                      Money hifpPay, Money poolPropSelfpay, Money fundPaySumamt, Money psnPartAmt, Money acctPay,
                      Money psnCashPay, Money balanceAfter, Pooling pooling, boolean valid) {

        /** Fund plus personal account: what the platform pays (and what a cancel returns). */
        public Money insurancePay() {
            return fundPaySumamt.plus(acctPay);
        }
    }

    /** 2208 result: the cancelling settlement's id and what went back to the fund and the account. */
    record Cancellation(String setlId, String cancelSetlId, Money fundReturned, Money accountReturned) {}

    /**
     * 2601 result. UNDONE: the original had taken effect and is now undone. PREVENTED: the original
     * never took effect and now never will. NOT_REPORTED: the platform said 0 without saying which.
     */
    record Reversal(String originalMsgid, String originalInfno, Effect effect) {
        public enum Effect { UNDONE, PREVENTED, NOT_REPORTED }
    }

    /** 3201 input: our totals for [begin, end] (settlements net of cancellations). */
    record StatementTotals(LocalDate begin, LocalDate end, String insutype, String clrType, String setlOptins,
                           Money medfeeSumamt, Money fundPaySumamt, Money acctPay, long settlementCount) {}

    /** 3201 result; the platform's totals come along so a mismatch can be shown, not only flagged. */
    record StatementCheck(boolean balanced, String description, Money platformMedfeeSumamt, Money platformFundPaySumamt,
                          Money platformAcctPay, long platformSettlementCount) {}

    /** 3202 line. {@code valid} false: cancelled or reversed within the period. */
    record StatementLine(String setlId, String mdtrtId, String psnNo, String medinsSetlId, LocalDateTime setlTime,
                         Money medfeeSumamt, Money fundPaySumamt, Money acctPay, Money psnCashPay, boolean valid) {}

    /** 6201 input: the visit, the fees and the user's payment authorisation (payAuthNo) from the app or the aggregated code. */
    record MobileFeeUpload(Insured insured, String insutype, CertType certType, String certNo, String payAuthNo,
                           String medOrgOrd, String medType, String iptOtpNo, String chrgBchno, boolean accountUsed,
                           Money medfeeSumamt, List<FeeItem> items) {}

    /** 6201 result with the pre-settled split. */
    record MobileOrder(String payOrdId, String payToken, String medOrgOrd, Money feeSumamt, Money fundPay,
                       Money psnAcctPay, Money ownPayAmt) {}

    /** ordStas of a mobile order (the simulator's names; real values vary by province). */
    enum OrderStatus { UPLOADED, SETTLED, PARTIALLY_REFUNDED, REFUNDED, REVOKED }

    /** 6202 / 6301 / 6401 result. {@code setlId} and {@code mdtrtId} are set once settled. */
    record MobilePayment(String payOrdId, OrderStatus status, Money feeSumamt, Money fundPay, Money psnAcctPay,
                         Money ownPayAmt, String setlId, String mdtrtId) {}

    /** refdType: everything, only the cash part (already returned through the payment channel), or only the insurance part. */
    enum RefundType { ALL, CASH, HI }

    /** 6203 input. The parts must add up to {@code total} and fit the refund type. */
    record MobileRefundRequest(String payOrdId, String appRefdSn, LocalDateTime appRefdTime, RefundType type,
                               Money total, Money fund, Money account, Money cash, String ecToken) {
        public MobileRefundRequest {
            Objects.requireNonNull(payOrdId, "payOrdId");
            Objects.requireNonNull(appRefdSn, "appRefdSn");
            Objects.requireNonNull(appRefdTime, "appRefdTime");
            Objects.requireNonNull(type, "refund type");
            if (!total.isPositive() || fund.plus(account).plus(cash).fen() != total.fen())
                throw new IllegalArgumentException("a refund is positive and fund " + fund + " + account " + account + " + cash "
                        + cash + " = total " + total);
            boolean fits = switch (type) {
                case ALL -> true;
                case CASH -> fund.isZero() && account.isZero();
                case HI -> cash.isZero();
            };
            if (!fits) throw new IllegalArgumentException(type + " refund with fund " + fund + ", account " + account + ", cash " + cash);
        }
    }

    record MobileRefund(String appRefdSn, String refdSn, Money total, Money fund, Money account, Money cash) {}
}
