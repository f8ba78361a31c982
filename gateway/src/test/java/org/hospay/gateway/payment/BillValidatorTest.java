package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;

class BillValidatorTest {

    static PaymentRequest.Item item(String category, long qty, long price, long amount) {
        return new PaymentRequest.Item("X001", "阿莫西林胶囊", category, BigDecimal.valueOf(qty), BigDecimal.valueOf(price), BigDecimal.valueOf(amount));
    }

    static String codeOf(Runnable r) {
        try {
            r.run();
            return "none";
        } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
            return e.code();
        }
    }

    @Test
    void aConsistentBillIsAccepted() {
        Bill bill = BillValidator.validate("B1", null, List.of(item("DRUG", 2, 1175, 2350), item("LAB", 1, 3000, 3000)), BigDecimal.valueOf(5350));
        assertThat(bill.total().fen()).isEqualTo(5350);
        assertThat(bill.medType()).isEqualTo(Bill.MedType.OUTPATIENT);
        assertThat(bill.items()).hasSize(2);
    }

    @Test
    void totalsThatDoNotAddUpAreRefused() {
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 2, 1175, 2350)), BigDecimal.valueOf(2351))))
                .isEqualTo("AMOUNT_MISMATCH");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 2, 1175, 2349)), BigDecimal.valueOf(2349))))
                .isEqualTo("AMOUNT_MISMATCH");
    }

    @Test
    void negativeFractionalMissingOrZeroAmountsAreRefused() {
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 1, -5, -5)), BigDecimal.valueOf(-5)))).isEqualTo("INVALID_AMOUNT");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 1, 5, 5)), new BigDecimal("5.5")))).isEqualTo("INVALID_AMOUNT");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 1, 5, 5)), null))).isEqualTo("INVALID_AMOUNT");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 1, 0, 0)), BigDecimal.ZERO))).isEqualTo("INVALID_AMOUNT");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 1, 5, 5)), new BigDecimal("1e12")))).isEqualTo("INVALID_AMOUNT");
    }

    @Test
    void aWholeAmountWrittenWithTrailingZerosIsAccepted() {
        var items = List.of(new PaymentRequest.Item("X", "n", "DRUG", new BigDecimal("1.0"), new BigDecimal("500.00"), new BigDecimal("500")));
        assertThat(BillValidator.validate("B1", null, items, new BigDecimal("500.0")).total().fen()).isEqualTo(500);
    }

    @Test
    void unknownCategoryMedTypeAndBadQuantityAreRefusedWithTheirOwnCodes() {
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("IMPLANT", 1, 5, 5)), BigDecimal.valueOf(5)))).isEqualTo("INVALID_CATEGORY");
        assertThat(codeOf(() -> BillValidator.validate("B1", "SPA", List.of(item("DRUG", 1, 5, 5)), BigDecimal.valueOf(5)))).isEqualTo("INVALID_MED_TYPE");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(item("DRUG", 0, 5, 0)), BigDecimal.valueOf(5)))).isEqualTo("INVALID_QUANTITY");
    }

    @Test
    void inpatientMoneyIsNotABillAWindowMaySend() {
        assertThat(codeOf(() -> BillValidator.validate("B1", "INPATIENT", List.of(item("DRUG", 1, 5, 5)), BigDecimal.valueOf(5))))
                .isEqualTo("INVALID_MED_TYPE");
    }

    @Test
    void billNumbersAndItemListsAreChecked() {
        assertThat(codeOf(() -> BillValidator.validate("", null, List.of(item("DRUG", 1, 5, 5)), BigDecimal.valueOf(5)))).isEqualTo("INVALID_BILL_NO");
        assertThat(codeOf(() -> BillValidator.validate("B 1", null, List.of(item("DRUG", 1, 5, 5)), BigDecimal.valueOf(5)))).isEqualTo("INVALID_BILL_NO");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, List.of(), BigDecimal.valueOf(5)))).isEqualTo("INVALID_ITEMS");
        assertThat(codeOf(() -> BillValidator.validate("B1", null, null, BigDecimal.valueOf(5)))).isEqualTo("INVALID_ITEMS");
    }

    @Test
    void anAmountThatWouldOverflowIsRefusedNotWrapped() {
        var huge = new PaymentRequest.Item("X", "n", "DRUG", BigDecimal.valueOf(100_000), BigDecimal.valueOf(1_000_000_000L), BigDecimal.valueOf(1_000_000_000L));
        assertThatThrownBy(() -> BillValidator.validate("B1", null, List.of(huge), BigDecimal.valueOf(1_000_000_000L)))
                .isInstanceOf(ApiException.class);
    }
}
