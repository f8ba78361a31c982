package org.hospay.channels.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Outcome;
import org.junit.jupiter.api.Test;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquirePendingLimitException;
import reactor.netty.internal.shaded.reactor.pool.PoolAcquireTimeoutException;

/** What each transport failure means for money; WebClient wraps them, so each is also tried wrapped. */
class HttpOutcomesTest {

    private static Throwable wrapped(Throwable cause) {
        return new RuntimeException("WebClientRequestException-like wrapper", cause);
    }

    @Test
    void aCounterpartyThatCannotBeReachedIsDeclinedAsUnreachableNothingSent() {
        for (Throwable t : new Throwable[] {new ConnectException("Connection refused"), new UnknownHostException("no.such.host"),
                new ConnectTimeoutException("connection timed out after 500 ms")}) {
            Outcome<Object> o = HttpOutcomes.failure("X", wrapped(t));
            assertThat(o).as(t.toString()).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
                assertThat(d.code()).isEqualTo(DeclineCodes.CHANNEL_UNAVAILABLE);
                assertThat(d.vendorCode()).isEqualTo(HttpOutcomes.CONNECT_FAILED);
                assertThat(d.unreachable()).isTrue();
                assertThat(d.refusedBeforeSending()).isTrue();
            });
        }
    }

    @Test
    void noPooledConnectionInTimeIsDeclinedAsBusyNotAsAnUnreachableChannel() {
        for (Throwable t : new Throwable[] {new PoolAcquireTimeoutException(Duration.ofMillis(500)), new PoolAcquirePendingLimitException(32)}) {
            Outcome<Object> o = HttpOutcomes.failure("X", wrapped(t));
            assertThat(o).as(t.toString()).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
                assertThat(d.code()).isEqualTo(DeclineCodes.CHANNEL_BUSY);
                assertThat(d.vendorCode()).isEqualTo(HttpOutcomes.POOL_EXHAUSTED);
                assertThat(d.unreachable()).isFalse();
                assertThat(d.refusedBeforeSending()).isTrue();
            });
        }
    }

    @Test
    void noAnswerInTimeAfterSendingIsUnknown() {
        for (Throwable t : new Throwable[] {ReadTimeoutException.INSTANCE, new TimeoutException("Did not observe any item")}) {
            assertThat(HttpOutcomes.<Object>failure("X", wrapped(t))).as(t.toString())
                    .isInstanceOfSatisfying(Outcome.Unknown.class, u -> assertThat(u.cause()).contains("did not answer in time"));
        }
    }

    @Test
    void anyOtherFailureAfterSendingIsUnknown() {
        assertThat(HttpOutcomes.<Object>failure("X", wrapped(new IOException("Connection reset by peer"))))
                .isInstanceOfSatisfying(Outcome.Unknown.class, u -> assertThat(u.cause()).contains("failed after sending"));
    }

    @Test
    void statusesAreUnknownWhenTheRequestMayHaveBeenProcessedAndDeclinedOtherwise() {
        assertThat(HttpOutcomes.status("X", 503, "busy")).isInstanceOf(Outcome.Unknown.class);
        assertThat(HttpOutcomes.status("X", 408, "")).isInstanceOf(Outcome.Unknown.class);
        assertThat(HttpOutcomes.status("X", 429, "")).isInstanceOfSatisfying(Outcome.Declined.class,
                d -> assertThat(d.code()).isEqualTo(DeclineCodes.CHANNEL_BUSY));
        assertThat(HttpOutcomes.status("X", 400, "bad")).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
            assertThat(d.code()).isEqualTo(DeclineCodes.CHANNEL_REJECTED);
            assertThat(d.vendorCode()).isEqualTo("HTTP_400");
        });
    }
}
