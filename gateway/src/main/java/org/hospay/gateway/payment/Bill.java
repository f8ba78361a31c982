package org.hospay.gateway.payment;

import java.util.List;
import org.hospay.channels.Money;

/** A validated bill: items whose amounts are quantity x price and add up to the total. */
public record Bill(String billNo, MedType medType, List<Line> items, Money total) {

    /**
     * INPATIENT is self-pay money for an inpatient stay (a deposit, or the shortfall collected at discharge): one
     * self-pay leg, never an outpatient settlement; only the inpatient feature creates it, the public API refuses it.
     */
    public enum MedType { OUTPATIENT, REGISTRATION, EMERGENCY, PHARMACY, CHRONIC_DISEASE, INPATIENT }

    public enum Category { REGISTRATION, DRUG, EXAM, LAB, TREATMENT, SURGERY, MATERIAL, OTHER }

    public record Line(String code, String name, Category category, long quantity, Money price, Money amount) {}
}
