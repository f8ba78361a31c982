package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * What an insured inpatient stay needs from the medical-insurance platform (the national 23xx / 24xx transactions), in
 * the gateway's terms; implemented in package {@code channel} like {@link InsurancePort}, every call under the channel's
 * resilience policy, never throwing. The steps that the platform answers once per msgid or that are idempotent by
 * their content (2401 by admission number, 2301 by fee line, 2302, 2402, 2404, 2405) are sent as queries: retried
 * with the same msgid. Settlement and its cancel (2304, 2305) are commands, sent once; an Unknown is resolved with
 * {@link #findSettlement} (5203) and, if the platform holds none, by sending the same msgid again.
 */
public interface InpatientInsurancePort {

    /** The stay at the platform: who (psn_no, insurance type, region) and its mdtrt_id once admitted. */
    record InsuredStay(String psnNo, String insutype, String insuplcAdmdvs, InsurancePort.CertType certType, String certNo,
                       String mdtrtId) {

        @Override
        public String toString() {
            return "InsuredStay[psnNo=" + psnNo + ", insutype=" + insutype + ", mdtrtId=" + mdtrtId + "]";
        }
    }

    /** 2304's answer: fund + account + cash = the stay's fees; {@code pooling} explains the fund part (null if not sent). */
    record Settlement(String setlId, Money fundPay, Money accountPay, Money cashPay, InsurancePort.Pooling pooling) {}

    /** A fresh msgid, to be written down before the call that uses it. */
    String newMsgId();

    /** 2401: the platform's mdtrt_id of the stay. */
    Mono<Outcome<String>> admit(String msgid, InsuredStay stay, String admissionNo, String ward, String bed);

    /** 2301: one fee batch; line {@code i} is sent as feedetl_sn {@code batchNo-i} (1-based), so a batch sent again replaces itself. */
    Mono<Outcome<Void>> uploadFees(String msgid, InsuredStay stay, String batchNo, List<Bill.Line> items);

    /** 2302: cancels the lines of one fee batch ({@code lines} of them). */
    Mono<Outcome<Void>> cancelFees(String msgid, InsuredStay stay, String batchNo, int lines);

    /** 2402. */
    Mono<Outcome<Void>> discharge(String msgid, InsuredStay stay);

    /** 2405. */
    Mono<Outcome<Void>> cancelDischarge(String msgid, InsuredStay stay);

    /** 2304 for the stay's whole fees. */
    Mono<Outcome<Settlement>> settle(String msgid, InsuredStay stay, Money total);

    /** 5203: the settlement the 2304 with {@code msgid} made; Declined ORDER_NOT_FOUND when that 2304 never took effect. */
    Mono<Outcome<Settlement>> findSettlement(InsuredStay stay, String msgid);

    /** 5203: whether settlement {@code setlId} is still valid (true) or cancelled (false); Declined ORDER_NOT_FOUND if unknown. */
    Mono<Outcome<Boolean>> settlementValid(InsuredStay stay, String setlId);

    /** 2305. */
    Mono<Outcome<Void>> cancelSettlement(String msgid, InsuredStay stay, String setlId);
}
