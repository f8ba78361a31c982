package org.hospay.channels.alipay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hospay.channels.Agreement;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Statement;
import org.junit.jupiter.api.Test;

/** Alipay's own records in the neutral terms of the Withholding and Statements capabilities. */
class AlipayCapabilitiesTest {

    @Test
    void theBusinessBillIsAStatementOfTradesAndRefunds() {
        AlipayBill bill = AlipayBill.parseCsv(Fixtures.text("bill/20880000000000010156_20261121_业务明细.csv")).orElseThrow();

        Statement s = AlipayAdapter.statement(LocalDate.of(2026, 11, 21), bill);

        assertThat(s.channel()).isEqualTo(Channel.ALIPAY);
        assertThat(s.total(Statement.Kind.PAYMENT)).isEqualTo(Money.ofFen(2350 + 999_999_999));
        assertThat(s.lines()).filteredOn(l -> l.kind() == Statement.Kind.REFUND).singleElement().satisfies(r -> {
            assertThat(r.amount()).isEqualTo(Money.ofFen(1200));
            assertThat(r.outRefundNo()).isEqualTo("T20261121080000000001R1");
            assertThat(r.channelRef()).isEqualTo("2026112122001000000000000001");
        });
        assertThat(s.lines()).filteredOn(l -> l.kind() == Statement.Kind.PAYMENT).allSatisfy(l -> assertThat(l.outRefundNo()).isNull());
    }

    @Test
    void onlyANormalAgreementIsDeductible() {
        for (AlipayCodes.AgreementStatus status : AlipayCodes.AgreementStatus.values()) {
            Agreement a = new Agreement("code", "id", AlipayAdapter.state(status));
            assertThat(a.deductible()).as(status.name()).isEqualTo(status == AlipayCodes.AgreementStatus.NORMAL);
        }
        assertThat(AlipayAdapter.state(AlipayCodes.AgreementStatus.UNSIGN)).isEqualTo(Agreement.State.ENDED);
    }
}
