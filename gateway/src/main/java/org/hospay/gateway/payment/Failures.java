package org.hospay.gateway.payment;

/** What the window is told when a leg failed: a stable code and a sentence a cashier can act on. */
final class Failures {

    private Failures() {}

    static String code(LegRow failed) {
        if (failed.amountChanged()) return failed.kind() == LegRow.Kind.COMMERCIAL ? "COMMERCIAL_AMOUNT_MISMATCH" : "INSURANCE_AMOUNT_MISMATCH";
        String vendor = failed.vendorCode();
        return switch (failed.kind()) {
            case INSURANCE -> vendor == null ? "INSURANCE_DECLINED" : vendor.startsWith("INSURANCE_") ? vendor : "INSURANCE_" + vendor;
            case SELF_PAY -> vendor == null ? "PAYMENT_DECLINED" : LegRunner.TIMEOUT.equals(vendor) ? "CHANNEL_TIMEOUT" : vendor;
            case COMMERCIAL -> vendor == null ? "COMMERCIAL_DECLINED" : vendor;
        };
    }

    static String message(LegRow failed, String code) {
        return switch (failed.kind()) {
            case INSURANCE -> "insurance settlement failed (" + code + "); nothing was charged";
            case SELF_PAY -> "self-pay on " + failed.channel() + " failed (" + code + "); the insurance part was cancelled";
            case COMMERCIAL -> "commercial insurer claim failed (" + code + "); the other legs were undone";
        };
    }
}
