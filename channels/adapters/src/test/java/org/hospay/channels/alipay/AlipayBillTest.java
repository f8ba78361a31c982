package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.hospay.channels.Money;
import org.junit.jupiter.api.Test;

/** The day's trade bill as recorded in {@code fixtures/alipay/bill/…_业务明细.csv}. */
class AlipayBillTest {

    private static final String CSV = Fixtures.text("bill/20880000000000010156_20261121_业务明细.csv");

    @Test
    void tradesAndRefundsAreReadWithExactAmountsAndIdsWithoutTheirTabs() {
        AlipayBill bill = AlipayBill.parseCsv(CSV).orElseThrow();

        assertThat(bill.trades()).extracting(AlipayBill.Line::outTradeNo)
                .containsExactly("T20261121080000000001", "T20261121090000000002");
        assertThat(bill.trades()).extracting(AlipayBill.Line::amount).containsExactly(Money.ofFen(2350), Money.ofFen(999_999_999));
        assertThat(bill.refunds()).singleElement().satisfies(r -> {
            assertThat(r.amount()).isEqualTo(Money.ofFen(1200));
            assertThat(r.received()).isEqualTo(Money.ofFen(1200));
            assertThat(r.refundRequestNo()).isEqualTo("T20261121080000000001R1");
            assertThat(r.tradeNo()).isEqualTo("2026112122001000000000000001");
        });
    }

    @Test
    void theZipAlipayHandsOutIsReadFromItsGbkDetailFile() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("20880000000000010156_20261121_业务明细(汇总).csv"));
            zip.write("#支付宝业务汇总查询\r\n".getBytes(AlipayBill.GBK));
            zip.putNextEntry(new ZipEntry("20880000000000010156_20261121_业务明细.csv"));
            zip.write(CSV.getBytes(AlipayBill.GBK));
        }

        assertThat(AlipayBill.parse(out.toByteArray()).orElseThrow().lines()).hasSize(3);
    }

    @Test
    void aFileInAnotherShapeIsNoBillRatherThanAGuess() {
        assertThat(AlipayBill.parseCsv(CSV.replace("商户订单号,业务类型", "业务类型,商户订单号"))).isEmpty();
        assertThat(AlipayBill.parseCsv(CSV.replace("9999999.99", "9999999.999"))).isEmpty();
        assertThat(AlipayBill.parseCsv("#只有注释\r\n")).isEmpty();
        assertThat(AlipayBill.parse(new byte[] {1, 2, 3})).isEmpty();
    }
}
