package org.hospay.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.unionpay.UnionPayAdapter;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.junit.jupiter.api.Test;

/** Each adapter offers exactly what its vendor can do: a capability it lacks is absent, never a "not supported" answer. */
class CapabilitiesTest {

    private static Set<Class<?>> capabilities(Class<?> adapter) {
        return Arrays.stream(adapter.getInterfaces()).filter(ChannelCapability.class::isAssignableFrom).collect(Collectors.toSet());
    }

    @Test
    void weChatPayAndAlipayPayByCodeRefundWithholdAndGiveStatementsAndWeChatTakesInAppOrders() {
        assertThat(capabilities(WechatPayAdapter.class)).containsExactlyInAnyOrder(CodePayment.class, AppPayment.class, Refunds.class,
                Withholding.class, Statements.class);
        assertThat(capabilities(AlipayAdapter.class)).containsExactlyInAnyOrder(CodePayment.class, Refunds.class, Withholding.class, Statements.class);
    }

    @Test
    void unionPayPaysByCodeRefundsAndHasADailyFileButNoWithholding() {
        assertThat(capabilities(UnionPayAdapter.class)).containsExactlyInAnyOrder(CodePayment.class, Refunds.class, Statements.class);
    }
}
