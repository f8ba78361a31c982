package org.hospay.gateway.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.hospay.channels.Channel;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ChannelSwitchesTest {

    private static PaymentSource.Insured insured(SelfPayMethod method) {
        return new PaymentSource.Insured("E_VOUCHER", InsurancePort.CertType.ID_NUMBER, "11010519491231002X", "1101**002X",
                method, method == null ? null : "code", null, null, null);
    }

    @Test
    void everyChannelIsOnUnlessSwitchedOff() {
        var switches = new ChannelSwitches(new MockEnvironment().withProperty("hospay.channels.unionpay.enabled", "false"));
        assertThat(switches.disabled()).containsExactly(Channel.UNIONPAY);
        assertThat(switches.enabled(Channel.WECHAT)).isTrue();
    }

    @Test
    void anInsuredSourceNeedsInsuranceAndTheChannelOfItsSelfPay() {
        var noInsurance = new ChannelSwitches(Set.of(Channel.INSURANCE));
        assertThatThrownBy(() -> noInsurance.requireFor(insured(null)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("CHANNEL_DISABLED"));
        var noAlipay = new ChannelSwitches(Set.of(Channel.ALIPAY));
        assertThatThrownBy(() -> noAlipay.requireFor(insured(SelfPayMethod.ALIPAY))).isInstanceOf(ApiException.class);
        assertThatCode(() -> noAlipay.requireFor(insured(SelfPayMethod.WECHAT))).doesNotThrowAnyException();
        assertThatCode(() -> noAlipay.requireFor(new PaymentSource.Card("h", "c", "id", "m"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> noAlipay.requireFor(new PaymentSource.ChannelCode("ALIPAY", SelfPayMethod.ALIPAY, "28", "28**")))
                .isInstanceOf(ApiException.class);
    }
}
