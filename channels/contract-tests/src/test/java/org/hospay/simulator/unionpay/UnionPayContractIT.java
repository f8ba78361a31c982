package org.hospay.simulator.unionpay;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.unionpay.UnionPayAdapter;
import org.hospay.channels.unionpay.UnionPayConfig;
import org.hospay.simulator.contract.PaymentChannelContract;

/** The payment-code contract over the partner platform's protocol: {@link UnionPayAdapter} against the simulator. */
class UnionPayContractIT extends PaymentChannelContract<UnionPayAdapter> {

    @Override
    protected UnionPayAdapter adapter(URI baseUrl, Duration responseTimeout) {
        return new UnionPayAdapter(demo(baseUrl, responseTimeout), Clock.systemUTC());
    }

    static UnionPayConfig demo(URI baseUrl, Duration responseTimeout) {
        Duration connect = responseTimeout.compareTo(Duration.ofSeconds(1)) < 0 ? responseTimeout : Duration.ofSeconds(1);
        return UnionPayConfig.demo(baseUrl).withTimeouts(connect, responseTimeout);
    }

    @Override
    protected String vendorCodeFor(String declineCode) {
        return switch (declineCode) {
            case DeclineCodes.INSUFFICIENT_FUNDS -> "64";
            case DeclineCodes.CODE_INVALID -> "61";
            case DeclineCodes.CODE_USED -> "63";
            case DeclineCodes.CODE_EXPIRED -> "80";
            case DeclineCodes.ORDER_NOT_FOUND -> "34";
            case DeclineCodes.REFUND_EXCEEDS_PAID -> "33";
            case DeclineCodes.CHANNEL_UNAVAILABLE -> "CONNECT_FAILED";
            default -> null;
        };
    }
}
