package org.hospay.gateway.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.UUID;
import org.hospay.gateway.web.ApiException;
import org.junit.jupiter.api.Test;

/** The pure rules of family proxy: limits, WeChat hours, masking, order numbers. */
class FamilyRulesTest {

    private static BindingService.Limits limits(String perPayment, String perDay, String perMonth) {
        return new BindingService.Limits(perPayment == null ? null : new BigDecimal(perPayment), new BigDecimal(perDay), new BigDecimal(perMonth));
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
    void limitsArePositiveWholeFenInOrder() {
        assertThat(BindingService.limits(limits("100", "100", "100"))).containsExactly(100, 100, 100);
        assertThat(code(() -> BindingService.limits(limits("0", "1", "1")))).isEqualTo("INVALID_LIMIT");
        assertThat(code(() -> BindingService.limits(limits("-5", "1", "1")))).isEqualTo("INVALID_LIMIT");
        assertThat(code(() -> BindingService.limits(limits("1.5", "2", "3")))).isEqualTo("INVALID_LIMIT");
        assertThat(code(() -> BindingService.limits(limits(null, "2", "3")))).isEqualTo("INVALID_LIMIT");
        assertThat(code(() -> BindingService.limits(limits("1", "2", "100000001")))).isEqualTo("INVALID_LIMIT");
        assertThat(code(() -> BindingService.limits(limits("3", "2", "5")))).isEqualTo("LIMITS_INVERTED");
        assertThat(code(() -> BindingService.limits(limits("1", "6", "5")))).isEqualTo("LIMITS_INVERTED");
        assertThat(code(() -> BindingService.limits(null))).isEqualTo("INVALID_LIMIT");
    }

    @Test
    void wechatHoursIncludeTheFirstMinuteAndExcludeTheClosingOne() {
        var hours = new FamilyProperties.Hours(LocalTime.of(7, 0), LocalTime.of(22, 0));
        assertThat(hours.contain(LocalTime.of(6, 59, 59))).isFalse();
        assertThat(hours.contain(LocalTime.of(7, 0))).isTrue();
        assertThat(hours.contain(LocalTime.of(21, 59, 59))).isTrue();
        assertThat(hours.contain(LocalTime.of(22, 0))).isFalse();
        assertThatThrownBy(() -> new FamilyProperties.Hours(LocalTime.of(22, 0), LocalTime.of(7, 0))).hasMessageContaining("before");
    }

    @Test
    void namesAreMaskedToTheirFirstAndLastCharacter() {
        assertThat(Identities.maskName("王芳")).isEqualTo("王*");
        assertThat(Identities.maskName("欧阳娜娜")).isEqualTo("欧**娜");
        assertThat(Identities.maskName("李明华")).isEqualTo("李*华");
    }

    @Test
    void aDeductionsOrderNumberIsItsOwnAndFitsWechat() {
        String no = ProxyPayers.outTradeNo(UUID.randomUUID());
        assertThat(no).hasSize(32).startsWith("F").matches("F[0-9a-f]{31}");
    }
}
