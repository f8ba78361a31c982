package org.hospay.gateway.finance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShiftCloseTest {

    @Test
    void theCsvHasOneRowPerWindowAndOperatorInExactYuanAndATotalRow() {
        var lines = List.of(
                new ShiftClose.Line("W01", "C0042", 2, 10700, Map.of("FUND", 1000L, "ACCOUNT", 2000L, "WECHAT", 7700L), 1, 1000),
                new ShiftClose.Line("W02", "-", 1, 5350, Map.of("ALIPAY", 5350L), 0, 0));

        String csv = ShiftClose.csv(LocalDate.of(2026, 12, 4), lines);

        assertThat(csv.split("\r\n")).containsExactly(
                "day,window,operator,payments,total,fund,account,wechat,alipay,unionpay,family_proxy,credit,commercial,refunds,refunded",
                "2026-12-04,W01,C0042,2,107.00,10.00,20.00,77.00,0.00,0.00,0.00,0.00,0.00,1,10.00",
                "2026-12-04,W02,-,1,53.50,0.00,0.00,0.00,53.50,0.00,0.00,0.00,0.00,0,0.00",
                "2026-12-04,ALL,ALL,3,160.50,10.00,20.00,77.00,53.50,0.00,0.00,0.00,0.00,1,10.00");
    }

    @Test
    void aCellNeverStartsASpreadsheetFormula() {
        var lines = List.of(new ShiftClose.Line("=cmd", "+1", 1, 100, Map.of(), 0, 0));
        assertThat(ShiftClose.csv(LocalDate.of(2026, 12, 4), lines)).contains(",'=cmd,'+1,");
    }
}
