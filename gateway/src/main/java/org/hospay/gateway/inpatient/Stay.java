package org.hospay.gateway.inpatient;

import java.time.Instant;
import java.util.UUID;

/**
 * An inpatient stay as stored: ADMITTED (deposits and fees accepted), DISCHARGING (settled; deposit refunds going out
 * or the shortfall awaited) and DISCHARGED. The settlement slip's parts are null until the discharge settles.
 */
record Stay(UUID stayId, String hospitalId, String admissionNo, String patientMasked, String ward, String bed,
            Status status, Stage stage, String admittedBy, Instant admittedAt, long feesFen,
            Long setlTotalFen, Long setlFundFen, Long setlAccountFen, Long setlSelfPayFen, Long setlDepositsFen,
            Long setlRefundFen, Long setlShortfallFen, int round, String dischargedBy, Instant dischargedAt, Insurance ins) {

    enum Status { ADMITTED, DISCHARGING, DISCHARGED }

    /** Where a discharge is: STAYING (none yet) → SETTLING → REFUNDING (the difference going back) or COLLECTING (the shortfall) → DONE. */
    enum Stage { STAYING, SETTLING, REFUNDING, COLLECTING, CANCELLING, DONE }

    boolean settled() {
        return setlSelfPayFen != null;
    }

    boolean insured() {
        return ins.stage() != InsStage.NONE;
    }

    /** Where the stay is at the insurance platform (docs/api.md §13.6); NONE for a self-paying patient. */
    enum InsStage { NONE, ADMITTING, ADMITTED, REFUSED, DISCHARGED, SETTLED }

    /**
     * The stay at the insurance platform: the person, the sealed certificate, its mdtrt_id once 2401 answered, the msgids
     * of the discharge (2402), settlement (2304) and its cancel (2305) written before they are sent, the settlement's id
     * and pooling explanation, and the platform's last refusal. All null for a self-pay stay.
     */
    record Insurance(InsStage stage, String psnNo, String insutype, String insuplcAdmdvs, String certType, byte[] certEnc,
                     String mdtrtId, String admitMsgid, String dscgMsgid, String setlMsgid, String setlId, String cancelMsgid,
                     String poolingJson, String failure, String dischargedKind, String dischargedWindow) {

        static final Insurance NONE = new Insurance(InsStage.NONE, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }
}
