package org.hospay.simulator.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.concurrent.ThreadLocalRandom;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Statement;
import org.hospay.channels.wechat.WechatPayBill;
import org.junit.jupiter.api.Test;

/** The daily trade bill: WeChat's CSV, generated from the simulator's ledger, read back by the adapter. */
class WechatPayBillIT extends WechatSimulatorIT {

    /** A day of its own, so other tests' trades (same Spring context) stay out of this bill. */
    private static LocalDate aDayOfOurOwn() {
        return LocalDate.of(2031, 1, 1).plusDays(ThreadLocalRandom.current().nextInt(3000));
    }

    private void paid(WalletView w, String order, long fen) {
        var request = new ChargeRequest(order, w.authCode(), Money.ofFen(fen), "门诊缴费, 西药", "it-window-07");
        assertThat(await(wechat.charge(request))).isInstanceOf(Outcome.Succeeded.class);
    }

    private WalletView codeWallet() {
        return sim.post().uri("/sim/wallets").bodyValue(java.util.Map.of("channel", "WECHAT", "balanceFen", 100_000, "behavior", "OK"))
                .retrieve().bodyToMono(WalletView.class).block();
    }

    @Test
    void theDailyBillListsTheDaysChargesAndRefundsWithTotals() {
        LocalDate day = aDayOfOurOwn();
        clockAt(day + "T09:15:00+08:00");
        String first = orderNo();
        String second = orderNo();
        paid(codeWallet(), first, 2350);
        paid(codeWallet(), second, 5000);
        assertThat(await(wechat.refund(new RefundRequest(second, second + "R1", Money.ofFen(1200), Money.ofFen(5000)))))
                .isInstanceOf(Outcome.Succeeded.class);

        Outcome<WechatPayBill> outcome = await(wechat.tradeBill(day));

        assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
        WechatPayBill bill = ((Outcome.Succeeded<WechatPayBill>) outcome).value();
        assertThat(bill.lines()).hasSize(3);
        assertThat(bill.lines()).filteredOn(l -> l.tradeState().equals("SUCCESS"))
                .extracting(WechatPayBill.Line::outTradeNo, WechatPayBill.Line::settlement, WechatPayBill.Line::tradeType)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(first, Money.ofFen(2350), "MICROPAY"),
                        org.assertj.core.groups.Tuple.tuple(second, Money.ofFen(5000), "MICROPAY"));
        assertThat(bill.lines()).filteredOn(l -> l.tradeState().equals("REFUND")).singleElement().satisfies(l -> {
            assertThat(l.outTradeNo()).isEqualTo(second);
            assertThat(l.outRefundNo()).isEqualTo(second + "R1");
            assertThat(l.refund()).isEqualTo(Money.ofFen(1200));
            assertThat(l.refundId()).isNotBlank();
        });
        assertThat(bill.lines()).allSatisfy(l -> {
            assertThat(l.tradeTime().toLocalDate()).isEqualTo(day);
            assertThat(l.description()).isEqualTo("门诊缴费, 西药");
            assertThat(l.transactionId()).startsWith("4200");
        });
        assertThat(bill.summary().count()).isEqualTo(3);
        assertThat(bill.summary().settlementTotal()).isEqualTo(Money.ofFen(7350));
        assertThat(bill.summary().refundTotal()).isEqualTo(Money.ofFen(1200));
        assertThat(bill.summary().feeTotal()).isEqualByComparingTo("0.36900");
    }

    @Test
    void theStatementStreamsTheGzippedBillLineByLineInNeutralTerms() {
        LocalDate day = aDayOfOurOwn();
        clockAt(day + "T10:15:00+08:00");
        String order = orderNo();
        paid(codeWallet(), order, 4321);
        assertThat(await(wechat.refund(new RefundRequest(order, order + "R1", Money.ofFen(321), Money.ofFen(4321)))))
                .isInstanceOf(Outcome.Succeeded.class);

        var lines = wechat.statement(day).collectList().block(java.time.Duration.ofSeconds(20));

        assertThat(lines).extracting(Statement.Line::kind, Statement.Line::outTradeNo, Statement.Line::outRefundNo, Statement.Line::amount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Statement.Kind.PAYMENT, order, null, Money.ofFen(4321)),
                        org.assertj.core.groups.Tuple.tuple(Statement.Kind.REFUND, order, order + "R1", Money.ofFen(321)));
    }

    @Test
    void aDayWithoutTradesHasAnEmptyStatement() {
        LocalDate day = aDayOfOurOwn();
        clockAt(day.plusDays(1) + "T10:00:00+08:00");

        assertThat(wechat.statement(day).collectList().block(java.time.Duration.ofSeconds(20))).isEmpty();
    }

    @Test
    void aDayWithoutTradesHasAnEmptyBill() {
        LocalDate day = aDayOfOurOwn();
        clockAt(day.plusDays(1) + "T10:00:00+08:00");

        Outcome<WechatPayBill> outcome = await(wechat.tradeBill(day));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> assertThat(s.value()).isEqualTo(WechatPayBill.EMPTY));
    }
}
