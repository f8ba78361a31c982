package org.hospay.gateway.channel;

import java.math.BigDecimal;
import org.hospay.channels.Money;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.gateway.payment.InsurancePort;

/**
 * The platform's pooling figures of a (pre-)settlement in the engine's terms: what a cashier needs to answer "why did
 * the fund pay 0?" (deductible applied and still open, ratio and hospital level, annual cap used and left, items not
 * reimbursable, the signing exemption). Figures the platform did not send stay null.
 */
final class PoolingExplanations {

    private PoolingExplanations() {}

    static InsurancePort.Pooling of(InsurancePlatform.Settlement s) {
        InsurancePlatform.Pooling p = s.pooling();
        if (p == null) return null;
        InsurancePlatform.PoolingRules r = p.rules();
        long fund = s.hifpPay().isZero() ? s.fundPaySumamt().fen() : s.hifpPay().fen();
        long applied = p.deductibleApplied().fen();
        Integer ratio = p.ratio() == null ? null : p.ratio().multiply(BigDecimal.valueOf(100)).intValue();
        Long deductible = r == null ? null : fen(r.deductible());
        Long deductibleRemaining = r == null || r.deductible() == null || r.deductibleMetBefore() == null ? null
                : Math.max(0, r.deductible().fen() - r.deductibleMetBefore().fen() - applied);
        Long cap = r == null ? null : fen(r.annualCap());
        Long capUsed = r == null || r.fundUsedBefore() == null ? null : r.fundUsedBefore().fen() + fund;
        Long capRemaining = cap != null && capUsed != null ? Math.max(0, cap - capUsed)
                : p.capRemaining() == null ? null : Math.max(0, p.capRemaining().fen() - fund);
        return new InsurancePort.Pooling(r == null || r.eligibility() == null ? null : r.eligibility().name(),
                r == null || r.grade() == null ? null : r.grade().name(), ratio, s.inscpScpAmt().fen(), s.fulamtOwnpayAmt().fen(),
                deductible, applied, deductibleRemaining, cap, capUsed, capRemaining, signing(r),
                r == null ? null : r.hospitalSpecialty(), p.procInfo());
    }

    private static String signing(InsurancePlatform.PoolingRules r) {
        if (r == null || r.signed() == null) return null;
        if (r.signed()) return "SIGNED";
        return Boolean.TRUE.equals(r.signingExempt()) ? "EXEMPT_SPECIALTY" : "NOT_SIGNED";
    }

    private static Long fen(Money m) {
        return m == null ? null : m.fen();
    }
}
