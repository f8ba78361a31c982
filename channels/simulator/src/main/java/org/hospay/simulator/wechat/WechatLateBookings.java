package org.hospay.simulator.wechat;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.hospay.simulator.ledger.Ledger;
import org.hospay.simulator.statement.LateBookings;
import org.springframework.stereotype.Component;

/**
 * WeChat Pay booking an order it declined (PAYERROR or CLOSED): the order becomes SUCCESS now, with its
 * transaction id, so its query and the day's trade bill show the money taken. Only for tests and demos of
 * reconciliation ({@code POST /sim/faults/WECHAT/statement} BOOK_DECLINED).
 */
@Component
class WechatLateBookings implements LateBookings {

    private final WechatPaySim sim;
    private final Ledger ledger;
    private final Clock clock;

    WechatLateBookings(WechatPaySim sim, Ledger ledger, Clock clock) {
        this.sim = sim;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public String channel() {
        return WechatPaySim.CHANNEL;
    }

    @Override
    public Optional<String> bookDeclined(String outTradeNo) {
        return sim.order(outTradeNo).flatMap(order -> {
            synchronized (order) {
                if (order.state != WechatPaySim.State.PAYERROR && order.state != WechatPaySim.State.CLOSED) return Optional.empty();
                order.state = WechatPaySim.State.SUCCESS;
                order.decline = null;
                order.successTime = clock.instant().truncatedTo(ChronoUnit.SECONDS);
                ledger.update(WechatPaySim.CHANNEL, WechatPaySim.ledgerType(order), outTradeNo,
                        e -> e.withAmount(order.totalFen).withState("SUCCESS", order.successTime));
                return Optional.of(order.transactionId);
            }
        });
    }
}
