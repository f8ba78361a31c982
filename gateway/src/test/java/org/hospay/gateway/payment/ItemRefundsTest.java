package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.hospay.channels.Money;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;

/** docs/api.md §7.2: which items an item refund gives back, what the settlement keeps, and the no-charge rule. */
class ItemRefundsTest {

    private static final Bill.Line DRUG = new Bill.Line("X001", "阿莫西林胶囊", Bill.Category.DRUG, 2, Money.ofFen(1175), Money.ofFen(2350));
    private static final Bill.Line LAB = new Bill.Line("L201", "血常规", Bill.Category.LAB, 1, Money.ofFen(3000), Money.ofFen(3000));

    private static ItemRefunds.ReturnedItem item(String code, String quantity) {
        return new ItemRefunds.ReturnedItem(code, new BigDecimal(quantity));
    }

    private static String code(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.code();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void oneBoxBackKeepsTheRestOfTheLineAtItsPrice() {
        var held = ItemRefunds.apply(List.of(DRUG, LAB), ItemRefunds.parse(List.of(item("X001", "1"))));

        assertThat(held.returnedFen()).isEqualTo(1175);
        assertThat(held.kept()).containsExactly(
                new Bill.Line("X001", "阿莫西林胶囊", Bill.Category.DRUG, 1, Money.ofFen(1175), Money.ofFen(1175)), LAB);
    }

    @Test
    void aLineGivenBackWholeLeavesTheSettlementAndEverythingBackLeavesNothing() {
        assertThat(ItemRefunds.apply(List.of(DRUG, LAB), ItemRefunds.parse(List.of(item("L201", "1")))).kept()).containsExactly(DRUG);
        var all = ItemRefunds.apply(List.of(DRUG, LAB), ItemRefunds.parse(List.of(item("X001", "1"), item("L201", "1"), item("X001", "1"))));
        assertThat(all.kept()).isEmpty();
        assertThat(all.returnedFen()).isEqualTo(5350);
    }

    @Test
    void itemsNotHeldOrMoreThanHeldAreRefused() {
        assertThat(code(() -> ItemRefunds.apply(List.of(DRUG), Map.of("X001", 3L)))).isEqualTo("RETURN_EXCEEDS_QUANTITY");
        assertThat(code(() -> ItemRefunds.apply(List.of(DRUG), Map.of("L201", 1L)))).isEqualTo("ITEM_NOT_HELD");
    }

    @Test
    void malformedItemsAreRefusedWithTheirOwnCodes() {
        assertThat(code(() -> ItemRefunds.parse(List.of()))).isEqualTo("INVALID_ITEMS");
        assertThat(code(() -> ItemRefunds.parse(List.of(item(" ", "1"))))).isEqualTo("INVALID_ITEMS");
        assertThat(code(() -> ItemRefunds.parse(List.of(item("X001", "0"))))).isEqualTo("INVALID_QUANTITY");
        assertThat(code(() -> ItemRefunds.parse(List.of(item("X001", "1.5"))))).isEqualTo("INVALID_QUANTITY");
        assertThat(code(() -> ItemRefunds.parse(List.of(item("X001", "-1"))))).isEqualTo("INVALID_QUANTITY");
        assertThat(ItemRefunds.parse(List.of(item("X001", "1.0"), item("X001", "1")))).isEqualTo(Map.of("X001", 2L));
        assertThatThrownBy(() -> ItemRefunds.parse(java.util.Collections.nCopies(201, item("X001", "1")))).isInstanceOf(ApiException.class);
    }

    @Test
    void noPartMayEndAboveWhatItHolds() {
        // fund, account, commercial, self-pay after vs held
        assertThat(Resettlement.fits(0, 4175, 0, 0, 0, 5350, 0, 0)).isTrue();
        assertThat(Resettlement.fits(0, 1000, 2540, 635, 0, 1000, 3480, 870)).isTrue();
        assertThat(Resettlement.fits(0, 1000, 2540, 871, 0, 1000, 3480, 870)).as("the patient would pay more").isFalse();
        assertThat(Resettlement.fits(101, 0, 0, 0, 100, 0, 0, 0)).as("the fund would pay more").isFalse();
    }

    @Test
    void theAnswerSaysWhereThePatientsSettlementStands() {
        assertThat(RefundViews.settlementState("CANCEL", false)).isEqualTo("ORIGINAL");
        assertThat(RefundViews.settlementState("CANCEL_CLAIM", false)).isEqualTo("CANCELLED");
        assertThat(RefundViews.settlementState("RESETTLE", true)).isEqualTo("CANCELLED");
        assertThat(RefundViews.settlementState("SELF_PAY", false)).isEqualTo("RESETTLED");
        assertThat(RefundViews.settlementState("DONE", true)).isEqualTo("RESTORED");
    }
}
