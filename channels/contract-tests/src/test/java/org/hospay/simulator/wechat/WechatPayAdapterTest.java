package org.hospay.simulator.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayConfig;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

/**
 * What the adapter does before anything is sent (no I/O); everything on the wire is in the ITs. Kept in this
 * module because WebClient's Reactor connector needs spring-context at run time, which the adapters
 * module alone does not have.
 */
class WechatPayAdapterTest {

    private final WechatPayAdapter wechat = new WechatPayAdapter(WechatPayConfig.demo(URI.create("http://127.0.0.1:9")), Clock.systemUTC());

    @Test
    void aRequestThatCannotBeBuiltIsDeclinedAsNotSentInsteadOfThrowing() {
        StepVerifier.create(wechat.query(null))
                .assertNext(o -> assertThat(o).isInstanceOfSatisfying(Outcome.Declined.class,
                        d -> assertThat(d.code()).isEqualTo(DeclineCodes.SIGNING_FAILED)))
                .verifyComplete();
    }

    @Test
    void badArgumentsNeverThrowFromTheMonoReturningMethods() {
        StepVerifier.create(wechat.queryContract(1, null)).expectNextMatches(o -> o instanceof Outcome.Declined).verifyComplete();
        StepVerifier.create(wechat.tradeBill(null)).expectNextMatches(o -> o instanceof Outcome.Declined).verifyComplete();
    }
}
