package org.hospay.channels.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import org.hospay.channels.AppOrder;
import org.hospay.channels.AppOrderRequest;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;

/** JSAPI orders (in-app payment) and their close, read from WeChat's answers. */
class WechatPayAppOrderMappingTest {

    private static final AppOrderRequest ORDER = new AppOrderRequest("P0123456789abcdef", "oSIM000000000000000000000001", Money.ofFen(1850), "医院缴费");

    @Test
    void aCreatedOrderIsItsPrepayIdForTheApp() {
        Outcome<AppOrder> o = WechatPayMapping.prepaid(ORDER, 200, "{\"prepay_id\":\"wx201410272009395522657a690389285100\"}");
        assertThat(o).isEqualTo(Outcome.succeeded(new AppOrder("P0123456789abcdef", "wx201410272009395522657a690389285100")));
    }

    @Test
    void anAnswerWithoutPrepayIdOrAServerErrorIsUnknownNeverDeclined() {
        assertThat(WechatPayMapping.prepaid(ORDER, 200, "{}")).isInstanceOf(Outcome.Unknown.class);
        assertThat(WechatPayMapping.prepaid(ORDER, 500, "{\"code\":\"SYSTEM_ERROR\",\"message\":\"系统错误\"}")).isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void aReusedOrderNumberIsDeclined() {
        Outcome<AppOrder> o = WechatPayMapping.prepaid(ORDER, 403, "{\"code\":\"OUT_TRADE_NO_USED\",\"message\":\"商户订单号重复\"}");
        assertThat(o).isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.code()).isEqualTo(DeclineCodes.ORDER_NUMBER_REUSED));
    }

    @Test
    void closingAnUnpaidOrderSucceedsAndAPaidOneIsRefused() {
        assertThat(WechatPayMapping.closed(204, "")).isInstanceOf(Outcome.Succeeded.class);
        assertThat(WechatPayMapping.closed(400, "{\"code\":\"ORDER_PAID\",\"message\":\"订单已支付\"}"))
                .isInstanceOfSatisfying(Outcome.Declined.class, d -> assertThat(d.refusedBeforeSending()).isFalse());
    }

    @Test
    void theOrderNamesThePayerAndTheAmountInFen() {
        String body = new String(WechatPayMapping.jsapiRequest(ORDER, "wxAPP", "1900000001", java.net.URI.create("https://h.example/cb")),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(body).contains("\"out_trade_no\":\"P0123456789abcdef\"", "\"total\":1850", "\"openid\":\"oSIM000000000000000000000001\"");
    }
}
