package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import org.hospay.channels.Agreement;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Statement;
import org.junit.jupiter.api.Test;

/** WeChat's own records in the neutral terms of the Withholding and Statements capabilities. */
class WechatPayCapabilitiesTest {

    @Test
    void theTradeBillIsAStatementOfPaymentsAndRefundsAtBeijingTime() {
        Statement s = WechatPayAdapter.statement(LocalDate.of(2026, 11, 24), WechatPayBill.parse(Fixtures.text("tradebill-ALL.csv")));

        assertThat(s.channel()).isEqualTo(Channel.WECHAT);
        assertThat(s.lines()).extracting(Statement.Line::kind)
                .containsExactly(Statement.Kind.PAYMENT, Statement.Kind.PAYMENT, Statement.Kind.REFUND);
        Statement.Line first = s.lines().getFirst();
        assertThat(first.outTradeNo()).isEqualTo("1217752501201407033233368018");
        assertThat(first.at()).isEqualTo(Instant.parse("2026-11-24T01:15:02Z"));
        Statement.Line refund = s.lines().get(2);
        assertThat(refund.outRefundNo()).isEqualTo("1217752501201407033233368018R1");
        assertThat(refund.amount()).isEqualTo(Money.ofFen(1200));
        assertThat(s.total(Statement.Kind.REFUND)).isEqualTo(Money.ofFen(1200));
    }

    @Test
    void onlyASignedContractIsDeductible() {
        for (WechatPayContractState state : WechatPayContractState.values()) {
            Agreement a = new Agreement("code", "id", WechatPayAdapter.state(state));
            assertThat(a.deductible()).as(state.name()).isEqualTo(state.deductible());
        }
        assertThat(EnumSet.allOf(WechatPayContractState.class).stream().map(WechatPayAdapter::state))
                .contains(Agreement.State.ACTIVE, Agreement.State.ENDED, Agreement.State.NOT_SIGNED);
    }
}
