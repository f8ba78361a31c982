package org.hospay.simulator.wechat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayConfig;
import org.hospay.simulator.contract.PaymentChannelContract;

/** The payment-code contract over WeChat Pay v3: the real adapter against the simulator's WeChat side. */
class WechatPayContractIT extends PaymentChannelContract<WechatPayAdapter> {

    @Override
    protected WechatPayAdapter adapter(URI baseUrl, Duration responseTimeout) {
        return new WechatPayAdapter(WechatPayConfig.demo(baseUrl).withResponseTimeout(responseTimeout), Clock.systemUTC());
    }

    @Override
    protected String vendorCodeFor(String declineCode) {
        return switch (declineCode) {
            case DeclineCodes.INSUFFICIENT_FUNDS -> "NOT_ENOUGH";
            case DeclineCodes.CODE_EXPIRED -> "AUTH_CODE_EXPIRE";
            case DeclineCodes.CODE_USED -> "AUTH_CODE_ERROR";
            case DeclineCodes.CODE_INVALID -> "AUTH_CODE_INVALID";
            case DeclineCodes.ORDER_NOT_FOUND -> "ORDER_NOT_EXIST";
            case DeclineCodes.REFUND_EXCEEDS_PAID -> "PARAM_ERROR";
            case DeclineCodes.CHANNEL_UNAVAILABLE -> "CONNECT_FAILED";
            default -> null;
        };
    }
}
