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
            Long setlRefundFen, Long setlShortfallFen, int round, String dischargedBy, Instant dischargedAt) {

    enum Status { ADMITTED, DISCHARGING, DISCHARGED }

    /** Where a discharge is: STAYING (none yet) → SETTLING → REFUNDING (the difference going back) or COLLECTING (the shortfall) → DONE. */
    enum Stage { STAYING, SETTLING, REFUNDING, COLLECTING, CANCELLING, DONE }

    boolean settled() {
        return setlSelfPayFen != null;
    }
}
