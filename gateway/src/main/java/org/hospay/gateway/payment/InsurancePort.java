package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What the engine needs from the medical-insurance platform, in its own terms. The implementation
 * (package {@code channel}) maps it onto the national interface adapter and wraps every call in the
 * channel's resilience policy. Methods never throw: every result is an {@link Outcome}.
 */
public interface InsurancePort {

    /** How the patient identified themselves to the platform (1101 mdtrt_cert_type). */
    enum CertType { EVOUCHER_TOKEN, ID_NUMBER, SOCIAL_SECURITY_CARD }

    /**
     * 1101's answer. {@code certNo} is the person's ID number as the platform holds it (null where it is not needed):
     * never logged or stored as it is (the commercial claim seals it, docs/architecture.md §4).
     */
    record Person(String psnNo, String name, String insutype, String insuplcAdmdvs, String certNo, Money accountBalance) {

        public Person(String psnNo, String name, String insutype, String insuplcAdmdvs) {
            this(psnNo, name, insutype, insuplcAdmdvs, null, null);
        }

        /** @param accountBalance the personal account's balance (1101 balc; null when not reported) */
        public Person(String psnNo, String name, String insutype, String insuplcAdmdvs, String certNo) {
            this(psnNo, name, insutype, insuplcAdmdvs, certNo, null);
        }

        @Override
        public String toString() {
            return "Person[psnNo=" + psnNo + ", insutype=" + insutype + ", insuplcAdmdvs=" + insuplcAdmdvs + "]";
        }
    }

    /**
     * @param visitNo the payment's own visit number at the platform (2201 ipt_otp_no, 2204 chrg_bchno): unique per
     *                payment, so a bill paid again after a failure opens a new visit instead of colliding with the old one
     */
    record PreSettleRequest(Person person, CertType certType, String certNo, String billNo, String visitNo, Bill.MedType medType,
                            List<Bill.Line> items, Money total) {}

    /**
     * 2206 result: fund + account + cash = total. {@code mdtrtId} identifies the visit for 2207/5203; {@code pooling}
     * is the platform's explanation of the fund part (null when it sent none).
     */
    record PreSettlement(String mdtrtId, Money fundPay, Money accountPay, Money cashPay, Pooling pooling) {

        public PreSettlement(String mdtrtId, Money fundPay, Money accountPay, Money cashPay) {
            this(mdtrtId, fundPay, accountPay, cashPay, null);
        }
    }

    /**
     * Why the pooling fund paid what it paid (docs/api.md §6.1, {@code insurance.pooling}), as the platform explained
     * its pre-settlement. Amounts are fen; a field the platform did not send is null. "Remaining" and "used" are after
     * this bill.
     *
     * @param eligibility     POOLED, INSUTYPE_NOT_POOLED (not employee-insured), INPATIENT, NOT_SIGNED
     * @param hospitalLevel   PRIMARY, SECONDARY, TERTIARY: decides ratio and deductible
     * @param ratioPercent    the share of the in-scope amount above the deductible the fund paid (0 when not pooled)
     * @param notReimbursableFen items outside the policy scope (全自费), paid by the patient whatever the rules
     * @param signing         SIGNED (to a community clinic), EXEMPT_SPECIALTY (not signed, the hospital's specialty waives it),
     *                        NOT_SIGNED
     * @param platformNote    the platform's own words (setl_proc_info)
     */
    record Pooling(String eligibility, String hospitalLevel, Integer ratioPercent, Long inScopeFen, Long notReimbursableFen,
                   Long deductibleFen, Long deductibleAppliedFen, Long deductibleRemainingFen,
                   Long annualCapFen, Long annualCapUsedFen, Long annualCapRemainingFen,
                   String signing, String hospitalSpecialty, String platformNote) {}

    record Settlement(String setlId, Money fundPay, Money accountPay, Money cashPay) {}

    /** A fresh msgid (fixmedins_code + yyyyMMddHHmmss + seq), to be written down before the call that uses it. */
    String newMsgId();

    /** 1101: who is this, and where are they insured. A query: safe to retry. */
    Mono<Outcome<Person>> identify(CertType certType, String certNo);

    /** 2201 + 2204 + 2206: register the visit, upload fees, pre-settle. Moves no money. */
    Mono<Outcome<PreSettlement>> preSettle(PreSettleRequest request);

    /**
     * 2204 + 2206 on a visit already registered, under the fee batch {@code request.visitNo()} (a new one per
     * re-settlement, so the cancelled batch's lines stay out of it): the split of the items settled again after a
     * cancel (2208), for an item refund. Moves no money. The visit's e-voucher may have expired by then; 2201 is
     * not repeated.
     */
    default Mono<Outcome<PreSettlement>> preSettleBatch(PreSettleRequest request, String mdtrtId) {
        return Mono.just(Outcome.declined("NOT_SUPPORTED", "this insurance port cannot re-settle a visit", "LOCAL"));
    }

    /** 2207 with the given msgid: moves fund and personal-account money. */
    Mono<Outcome<Settlement>> settle(PreSettleRequest request, PreSettlement preSettlement, String msgId);

    /** 5203: the settlement of this visit made by the given 2207 msgid, if any (Declined NOT_FOUND when none). */
    Mono<Outcome<Settlement>> findSettlement(Person person, String mdtrtId);

    /**
     * 2202: closes the visit {@code visitNo} (2201 ipt_otp_no) opened at the platform, once it will not be settled. The
     * platform refuses while a settlement of the visit is still valid.
     */
    Mono<Outcome<Void>> cancelVisit(Person person, String mdtrtId, String visitNo);

    /** 2208: cancels a settlement that succeeded. */
    Mono<Outcome<Void>> cancelSettlement(Person person, String mdtrtId, String setlId, String msgId);

    /** 2601: reverses whatever the original msgid did (or makes sure it never will). */
    Mono<Outcome<Void>> reverse(Person person, String originalMsgId, String originalInfno, String msgId);

    // ------------------------------------------------------------------ mobile insurance payment (6xxx), from the phone

    /** 6201's answer: the platform's order for the bill and its pre-settled split (fund + account + cash = total). */
    record MobileOrder(String payOrdId, String payToken, Money fundPay, Money accountPay, Money cashPay) {

        @Override
        public String toString() {
            return "MobileOrder[" + payOrdId + ", fund=" + fundPay + ", account=" + accountPay + ", cash=" + cashPay + "]";
        }
    }

    /** 6201: uploads the bill's fees for a mobile payment and pre-settles it. Moves no money. */
    default Mono<Outcome<MobileOrder>> mobileOrder(PreSettleRequest request) {
        return Mono.just(Outcome.declined("NOT_SUPPORTED", "this insurance port has no mobile payment", "LOCAL"));
    }

    /** 6202 with the given msgid: pays the order (fund and account money move). Idempotent by payOrdId at the platform. */
    default Mono<Outcome<Settlement>> mobilePay(String payOrdId, String payToken, String msgId) {
        return Mono.just(Outcome.declined("NOT_SUPPORTED", "this insurance port has no mobile payment", "LOCAL"));
    }

    /** 6301: the order's settlement; Declined ORDER_NOT_FOUND when it was never paid (or was revoked). */
    default Mono<Outcome<Settlement>> mobileQuery(String payOrdId, String payToken) {
        return Mono.just(Outcome.declined("NOT_SUPPORTED", "this insurance port has no mobile payment", "LOCAL"));
    }

    /** 6203 of the insurance part (refdType HI) under {@code appRefdSn}, the same on every try. */
    default Mono<Outcome<Void>> mobileRefundInsurance(String payOrdId, String appRefdSn, Money fund, Money account) {
        return Mono.just(Outcome.declined("NOT_SUPPORTED", "this insurance port has no mobile payment", "LOCAL"));
    }

    /** 6401: revokes an unpaid order so it can never be paid; Declined when it was paid. */
    default Mono<Outcome<Void>> mobileRevoke(String payOrdId, String payToken) {
        return Mono.just(Outcome.declined("NOT_SUPPORTED", "this insurance port has no mobile payment", "LOCAL"));
    }
}
