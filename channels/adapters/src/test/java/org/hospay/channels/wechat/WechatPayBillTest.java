package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.hospay.channels.Money;
import org.junit.jupiter.api.Test;

class WechatPayBillTest {

    @Test
    void aRecordedBillParsesIntoRowsAndASummaryThatAddUp() {
        WechatPayBill bill = WechatPayBill.parse(Fixtures.text("tradebill-ALL.csv"));

        assertThat(bill.lines()).hasSize(3);
        WechatPayBill.Line first = bill.lines().getFirst();
        assertThat(first.tradeTime()).isEqualTo(LocalDateTime.of(2026, 11, 24, 9, 15, 2));
        assertThat(first.outTradeNo()).isEqualTo("1217752501201407033233368018");
        assertThat(first.tradeState()).isEqualTo("SUCCESS");
        assertThat(first.settlement()).isEqualTo(Money.ofFen(2350));
        assertThat(first.description()).as("a comma inside a field stays in the field").isEqualTo("门诊缴费, 西药");
        assertThat(bill.lines().get(1).tradeType()).isEqualTo("PAP");
        WechatPayBill.Line refund = bill.lines().get(2);
        assertThat(refund.tradeState()).isEqualTo("REFUND");
        assertThat(refund.outRefundNo()).isEqualTo("1217752501201407033233368018R1");
        assertThat(refund.refund()).isEqualTo(Money.ofFen(1200));
        assertThat(refund.fee()).isEqualByComparingTo("-0.07200");
        assertThat(bill.summary().settlementTotal()).isEqualTo(Money.ofFen(7350));
        assertThat(bill.summary().feeTotal()).isEqualByComparingTo("0.36900");
    }

    @Test
    void aBillWhoseSummaryDisagreesWithItsRowsIsRefused() {
        String csv = Fixtures.text("tradebill-ALL.csv").replace("`3,`73.50", "`4,`73.50");

        assertThatThrownBy(() -> WechatPayBill.parse(csv)).hasMessageContaining("counts 4 rows, found 3");
    }

    @Test
    void textThatIsNotABillIsRefused() {
        assertThatThrownBy(() -> WechatPayBill.parse("<html>error</html>")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theStreamedRowsReadAsTheWholeBillDoes() {
        String csv = Fixtures.text("tradebill-ALL.csv");

        var lines = WechatPayBill.lines(reactor.core.publisher.Flux.fromArray(csv.split("\r?\n"))).collectList().block();

        assertThat(lines).isEqualTo(WechatPayBill.parse(csv).lines());
    }

    @Test
    void aStreamedBillCutShortEndsInErrorAfterItsRows() {
        String csv = Fixtures.text("tradebill-ALL.csv");
        String cut = csv.substring(0, csv.indexOf("总交易单数"));

        reactor.test.StepVerifier.create(WechatPayBill.lines(reactor.core.publisher.Flux.fromArray(cut.split("\r?\n"))))
                .expectNextCount(3).expectErrorMessage("bill has no summary").verify();
    }
}
