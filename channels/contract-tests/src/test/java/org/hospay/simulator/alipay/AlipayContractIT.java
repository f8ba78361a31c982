package org.hospay.simulator.alipay;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.alipay.AlipayConfig;
import org.hospay.simulator.contract.PaymentChannelContract;

/** The payment-code contract over Alipay's real protocol: {@link AlipayAdapter} against the simulated gateway. */
class AlipayContractIT extends PaymentChannelContract<AlipayAdapter> {

    @Override
    protected AlipayAdapter adapter(URI baseUrl, Duration responseTimeout) {
        return new AlipayAdapter(demo(baseUrl, responseTimeout), Clock.systemUTC());
    }

    static AlipayConfig demo(URI baseUrl, Duration responseTimeout) {
        Duration connect = responseTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? responseTimeout : Duration.ofSeconds(1);
        return AlipayConfig.demo(baseUrl).withTimeouts(connect, responseTimeout);
    }

    @Override
    protected String vendorCodeFor(String declineCode) {
        return switch (declineCode) {
            case DeclineCodes.INSUFFICIENT_FUNDS -> "ACQ.BUYER_BALANCE_NOT_ENOUGH";
            case DeclineCodes.CODE_EXPIRED, DeclineCodes.CODE_INVALID, DeclineCodes.CODE_USED -> "ACQ.PAYMENT_AUTH_CODE_INVALID";
            case DeclineCodes.ORDER_NOT_FOUND -> "ACQ.TRADE_NOT_EXIST";
            case DeclineCodes.REFUND_EXCEEDS_PAID -> "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL";
            case DeclineCodes.CHANNEL_UNAVAILABLE -> "CONNECT_FAILED";
            default -> null;
        };
    }
}
