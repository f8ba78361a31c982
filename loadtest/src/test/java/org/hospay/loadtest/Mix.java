package org.hospay.loadtest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The morning rush's request mix (the issue's shares). The family-proxy HIS bill, the NFC checkout and
 * the credit payment can be switched off ({@code loadtest.mix.his} / {@code loadtest.mix.nfc} /
 * {@code loadtest.mix.credit} = false); their shares are then spread over the others in proportion.
 */
enum Mix {
    ONE_SCAN("one-scan", 40),
    /** One scan of a patient with a commercial direct-pay policy: settlement, claim and charge at once (三腿). */
    COMMERCIAL("commercial one-scan", 5),
    PAYMENT_CODE("payment code", 20),
    HIS_BILL("HIS bill (family proxy)", 10),
    /** A patient enrolled in credit care pays by hospital card at the window: the bill goes on the credit line (医后付). */
    CREDIT("credit (pay later)", 5),
    NFC_CHECKOUT("NFC checkout", 10),
    REFUND("refund", 5),
    CLASSIFY("classify", 5);

    final String label;
    final double issueShare;

    Mix(String label, double issueShare) {
        this.label = label;
        this.issueShare = issueShare;
    }

    /** Whether this flow is payment traffic (counted in "per payment" figures). */
    boolean isPayment() {
        return this == ONE_SCAN || this == COMMERCIAL || this == PAYMENT_CODE || this == HIS_BILL || this == NFC_CHECKOUT || this == CREDIT;
    }

    /** Share in [0, 1] of every enabled flow, renormalised over the enabled ones. */
    static Map<Mix, Double> shares(boolean his, boolean nfc, boolean credit) {
        Map<Mix, Double> out = new LinkedHashMap<>();
        double total = 0;
        for (Mix m : values()) {
            if (enabled(m, his, nfc, credit)) total += m.issueShare;
        }
        for (Mix m : values()) {
            if (enabled(m, his, nfc, credit)) out.put(m, m.issueShare / total);
        }
        return out;
    }

    private static boolean enabled(Mix m, boolean his, boolean nfc, boolean credit) {
        return switch (m) {
            case HIS_BILL -> his;
            case NFC_CHECKOUT -> nfc;
            case CREDIT -> credit;
            case ONE_SCAN, COMMERCIAL, PAYMENT_CODE, REFUND, CLASSIFY -> true;
        };
    }
}
