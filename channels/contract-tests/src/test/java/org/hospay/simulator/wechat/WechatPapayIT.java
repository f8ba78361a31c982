package org.hospay.simulator.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import org.hospay.channels.Charge;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.wechat.WechatPayContract;
import org.hospay.channels.wechat.WechatPayContractState;
import org.hospay.channels.wechat.WechatPayEvent;
import org.hospay.channels.wechat.WechatPayNotifications;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Withholding (委托代扣) for family proxy payment: the payer signs in the (simulated) WeChat app, the
 * hospital learns the contract from the signed, encrypted PAPAY.SIGN callback, then deducts under
 * WeChat's rules: a signed contract, 07:00–22:00 Beijing time, one success per contract per day.
 */
class WechatPapayIT extends WechatSimulatorIT {

    private WechatPayNotifications notifications;
    private long planId;

    @BeforeEach
    void plan() {
        notifications = new WechatPayNotifications(config, Clock.systemUTC());
        planId = ThreadLocalRandom.current().nextLong(10_000, 99_999);
    }

    private String contractCode() {
        return "FP" + orderNo().substring(1, 20);
    }

    /** The contract the PAPAY.SIGN callback announced. */
    private WechatPayContract signedThroughCallback(WalletView payer, String code) throws InterruptedException {
        ContractView view = signContract(payer, planId, code);
        assertThat(view.notification().delivered()).isTrue();
        WechatPayNotifications.Verdict verdict = read(callbacks.next());
        assertThat(verdict).isInstanceOf(WechatPayNotifications.Verdict.Accepted.class);
        WechatPayEvent event = ((WechatPayNotifications.Verdict.Accepted) verdict).event();
        assertThat(event).isInstanceOf(WechatPayEvent.ContractSigned.class);
        WechatPayContract contract = ((WechatPayEvent.ContractSigned) event).contract();
        assertThat(contract.contractId()).isEqualTo(view.contractId());
        return contract;
    }

    private WechatPayNotifications.Verdict read(Received r) {
        return notifications.read(r.headers(), r.body());
    }

    private WithholdRequest deduction(WechatPayContract contract, String order, long fen) {
        return new WithholdRequest(contract.contractId(), order, Money.ofFen(fen), "亲情代付 门诊缴费");
    }

    private void assertDeclined(Outcome<?> outcome, String code, String vendorCode) {
        assertThat(outcome).isInstanceOf(Outcome.Declined.class);
        Outcome.Declined<?> d = (Outcome.Declined<?>) outcome;
        assertThat(d.code()).isEqualTo(code);
        assertThat(d.vendorCode()).isEqualTo(vendorCode);
    }

    @Test
    void aContractSignedInTheAppIsAnnouncedByAnEncryptedCallbackAndThenDeducted() throws Exception {
        clockAt("2026-11-24T10:00:00+08:00");
        WalletView payer = wallet(100_000);
        String code = contractCode();

        WechatPayContract contract = signedThroughCallback(payer, code);

        assertThat(contract.state()).isEqualTo(WechatPayContractState.SIGNED);
        assertThat(contract.openid()).isEqualTo(payer.accountId());
        assertThat(contract.outContractCode()).isEqualTo(code);
        assertThat(contract.planId()).isEqualTo(planId);
        assertThat(((Outcome.Succeeded<WechatPayContract>) await(wechat.queryContract(planId, code))).value().contractId())
                .isEqualTo(contract.contractId());

        String order = orderNo();
        Outcome<Charge> deducted = await(wechat.withhold(deduction(contract, order, 3000)));

        assertThat(deducted).isInstanceOf(Outcome.Succeeded.class);
        assertThat(((Outcome.Succeeded<Charge>) deducted).value().amount()).isEqualTo(Money.ofFen(3000));
        assertThat(balance(payer)).isEqualTo(97_000);
        assertThat(ledger(order)).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("WITHHOLD");
            assertThat(e.amountFen()).isEqualTo(3000);
            assertThat(e.state()).isEqualTo("SUCCESS");
            assertThat(e.account()).isEqualTo(payer.accountId());
        });
        WechatPayEvent result = ((WechatPayNotifications.Verdict.Accepted) read(callbacks.next())).event();
        assertThat(result).isInstanceOfSatisfying(WechatPayEvent.TransactionResult.class, t -> {
            assertThat(t.outTradeNo()).isEqualTo(order);
            assertThat(t.tradeType()).isEqualTo("PAP");
            assertThat(t.contractId()).isEqualTo(contract.contractId());
            assertThat(t.outcome()).isInstanceOf(Outcome.Succeeded.class);
        });
    }

    @Test
    void aSecondDeductionTheSameBeijingDayIsDeclinedAndTheNextDayIsAllowed() throws Exception {
        clockAt("2026-11-24T09:00:00+08:00");
        WalletView payer = wallet(100_000);
        WechatPayContract contract = signedThroughCallback(payer, contractCode());
        String first = orderNo();
        assertThat(await(wechat.withhold(deduction(contract, first, 1000)))).isInstanceOf(Outcome.Succeeded.class);

        assertDeclined(await(wechat.withhold(deduction(contract, orderNo(), 1000))), DeclineCodes.AGREEMENT_LIMIT, "RULE_LIMIT");
        assertThat(await(wechat.withhold(deduction(contract, first, 1000)))).as("a retry of the same order is not a second deduction")
                .isInstanceOf(Outcome.Succeeded.class);
        assertThat(balance(payer)).isEqualTo(99_000);

        clockAt("2026-11-25T07:30:00+08:00");
        assertThat(await(wechat.withhold(deduction(contract, orderNo(), 1000)))).isInstanceOf(Outcome.Succeeded.class);
        assertThat(balance(payer)).isEqualTo(98_000);
    }

    @Test
    void deductionsOutsideSevenToTwentyTwoBeijingTimeAreDeclined() throws Exception {
        clockAt("2026-11-24T12:00:00+08:00");
        WalletView payer = wallet(100_000);
        WechatPayContract contract = signedThroughCallback(payer, contractCode());

        clockAt("2026-11-24T22:30:00+08:00");
        assertDeclined(await(wechat.withhold(deduction(contract, orderNo(), 500))), DeclineCodes.AGREEMENT_LIMIT, "RULE_LIMIT");
        clockAt("2026-11-25T06:59:00+08:00");
        assertDeclined(await(wechat.withhold(deduction(contract, orderNo(), 500))), DeclineCodes.AGREEMENT_LIMIT, "RULE_LIMIT");
        assertThat(balance(payer)).isEqualTo(100_000);

        clockAt("2026-11-25T07:00:00+08:00");
        assertThat(await(wechat.withhold(deduction(contract, orderNo(), 500)))).isInstanceOf(Outcome.Succeeded.class);
    }

    @Test
    void aContractThePayerRevokedIsAnnouncedAndNoLongerDeducts() throws Exception {
        clockAt("2026-11-24T10:00:00+08:00");
        WalletView payer = wallet(100_000);
        WechatPayContract contract = signedThroughCallback(payer, contractCode());

        ContractView revoked = payerRevokes(contract.contractId());

        assertThat(revoked.notification().delivered()).isTrue();
        WechatPayEvent event = ((WechatPayNotifications.Verdict.Accepted) read(callbacks.next())).event();
        assertThat(event).isInstanceOfSatisfying(WechatPayEvent.ContractTerminated.class, t -> {
            assertThat(t.contract().contractId()).isEqualTo(contract.contractId());
            assertThat(t.contract().state()).isEqualTo(WechatPayContractState.TERMINATED);
            assertThat(t.contract().terminationMode()).isEqualTo("USER");
        });
        assertDeclined(await(wechat.withhold(deduction(contract, orderNo(), 500))), DeclineCodes.AGREEMENT_INVALID, "CONTRACT_NOT_EXIST");
        assertThat(balance(payer)).isEqualTo(100_000);
    }

    @Test
    void aContractTheHospitalTerminatesNoLongerDeducts() throws Exception {
        clockAt("2026-11-24T10:00:00+08:00");
        WalletView payer = wallet(100_000);
        String code = contractCode();
        WechatPayContract contract = signedThroughCallback(payer, code);

        Outcome<WechatPayContract> terminated = await(wechat.terminateContract(planId, code, "家属解除亲情代付"));

        assertThat(terminated).isInstanceOfSatisfying(Outcome.Succeeded.class, s -> {
            WechatPayContract c = (WechatPayContract) s.value();
            assertThat(c.state()).isEqualTo(WechatPayContractState.TERMINATED);
            assertThat(c.terminationMode()).isEqualTo("MERCHANT_API");
        });
        assertThat(((WechatPayNotifications.Verdict.Accepted) read(callbacks.next())).event())
                .isInstanceOf(WechatPayEvent.ContractTerminated.class);
        assertDeclined(await(wechat.withhold(deduction(contract, orderNo(), 500))), DeclineCodes.AGREEMENT_INVALID, "CONTRACT_NOT_EXIST");
    }

    @Test
    void aContractWeChatNeverIssuedIsInvalid() {
        var request = new WithholdRequest("Wx00000000000000000000000000", orderNo(), Money.ofFen(500), "亲情代付");
        assertDeclined(await(wechat.withhold(request)), DeclineCodes.AGREEMENT_INVALID, "CONTRACT_NOT_EXIST");
        assertDeclined(await(wechat.queryContract(planId, "NEVER-SIGNED")), DeclineCodes.AGREEMENT_INVALID, "RESOURCE_NOT_EXISTS");
    }

    @Test
    void aPayerWithoutFundsIsDeclinedAndTheDayStaysOpen() throws Exception {
        clockAt("2026-11-24T10:00:00+08:00");
        WalletView payer = wallet(800);
        WechatPayContract contract = signedThroughCallback(payer, contractCode());

        assertDeclined(await(wechat.withhold(deduction(contract, orderNo(), 1000))), DeclineCodes.INSUFFICIENT_FUNDS, "NOT_ENOUGH");
        assertThat(await(wechat.withhold(deduction(contract, orderNo(), 800)))).as("a failed deduction does not use up the day")
                .isInstanceOf(Outcome.Succeeded.class);
    }
}
