package org.hospay.gateway.family;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hospay.channels.Agreement;
import org.hospay.channels.AgreementRef;
import org.hospay.channels.Channel;
import org.hospay.channels.Charge;
import org.hospay.channels.Outcome;
import org.hospay.channels.Refund;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.channels.Reversal;
import org.hospay.channels.WithholdRequest;
import org.hospay.channels.Withholding;
import org.hospay.gateway.channel.ChannelResilienceAccess;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Which channels a payer can sign on, and how an agreement is named to each when it is ended. No I/O. */
class WithholdingChannelsTest {

    private static final long PLAN_ID = 12535;

    /** A withholding channel that remembers the agreements it was asked to end. */
    private record FakeWithholding(Channel channel, List<AgreementRef> terminated) implements Withholding, Refunds {

        FakeWithholding(Channel channel) {
            this(channel, new ArrayList<>());
        }

        @Override
        public Mono<Outcome<Charge>> withhold(WithholdRequest request) {
            return Mono.just(Outcome.unknown("not in this test"));
        }

        @Override
        public Mono<Outcome<Charge>> query(String outTradeNo) {
            return Mono.just(Outcome.unknown("not in this test"));
        }

        @Override
        public Mono<Outcome<Reversal>> reverse(String outTradeNo) {
            return Mono.just(Outcome.unknown("not in this test"));
        }

        @Override
        public Mono<Outcome<Agreement>> agreement(AgreementRef ref) {
            return Mono.just(Outcome.unknown("not in this test"));
        }

        @Override
        public Mono<Outcome<Agreement>> terminate(AgreementRef ref, String reason) {
            terminated.add(ref);
            return Mono.just(Outcome.succeeded(new Agreement(ref.agreementCode(), ref.agreementId(), Agreement.State.ENDED)));
        }

        @Override
        public Mono<Outcome<Refund>> refund(RefundRequest request) {
            return Mono.just(Outcome.unknown("not in this test"));
        }

        @Override
        public Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo) {
            return Mono.just(Outcome.unknown("not in this test"));
        }
    }

    /** UnionPay-like: refunds, no withholding. */
    private record RefundsOnly(Channel channel) implements Refunds {
        @Override
        public Mono<Outcome<Refund>> refund(RefundRequest request) {
            return Mono.just(Outcome.unknown("not in this test"));
        }

        @Override
        public Mono<Outcome<Refund>> queryRefund(String outTradeNo, String outRefundNo) {
            return Mono.just(Outcome.unknown("not in this test"));
        }
    }

    private final FakeWithholding wechat = new FakeWithholding(Channel.WECHAT);
    private final FakeWithholding alipay = new FakeWithholding(Channel.ALIPAY);

    private static FamilyProperties props() {
        return new FamilyProperties("h", null, PLAN_ID, new FamilyProperties.Hours(LocalTime.of(7, 0), LocalTime.of(22, 0)),
                ZoneId.of("Asia/Shanghai"), null, null, Duration.ofSeconds(1), 50,
                new FamilyProperties.Tokens(null, null, null, Duration.ofHours(1)), new FamilyProperties.DemoHis("his", "secret"));
    }

    private WithholdingChannels channels() {
        return new WithholdingChannels(List.of(alipay, wechat), List.of(new RefundsOnly(Channel.UNIONPAY), wechat, alipay),
                ChannelResilienceAccess.guard(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults()),
                props());
    }

    private static Binding binding(Channel channel, Binding.AgreementStatus agreement) {
        Instant now = Instant.parse("2026-11-24T02:00:00Z");
        return new Binding(UUID.randomUUID(), "payer", "h", "H0000000001", "王芳", new byte[0], "hash", "1101**********002X",
                Binding.Relation.CHILD, 1, Binding.Status.REVOKED, channel, "FA0123456789abcdef0123456789abcd", "AGREEMENT-1", agreement,
                100, 100, 100, null, 0, null, 0, null, "PAYER", now, now, now);
    }

    @Test
    void aPayerCanSignOnTheChannelsThatWithholdAndOnNoOther() {
        WithholdingChannels c = channels();

        assertThat(c.channels()).containsExactly(Channel.WECHAT, Channel.ALIPAY);
        assertThat(c.template(Channel.WECHAT)).isEqualTo(PLAN_ID);
        assertThat(c.template(Channel.ALIPAY)).isNull();
        assertThatThrownBy(() -> c.withhold(Channel.UNIONPAY, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void endingAnAgreementNamesItAsEachChannelNeeds() {
        WithholdingChannels c = channels();

        c.endAgreement(binding(Channel.WECHAT, Binding.AgreementStatus.SIGNED)).block(Duration.ofSeconds(5));
        c.endAgreement(binding(Channel.ALIPAY, Binding.AgreementStatus.SIGNED)).block(Duration.ofSeconds(5));

        assertThat(wechat.terminated()).containsExactly(new AgreementRef("12535", "FA0123456789abcdef0123456789abcd", "AGREEMENT-1"));
        assertThat(alipay.terminated()).containsExactly(new AgreementRef(null, "FA0123456789abcdef0123456789abcd", "AGREEMENT-1"));
    }

    @Test
    void anAgreementNeverSignedIsNotEndedAtTheChannel() {
        channels().endAgreement(binding(Channel.WECHAT, Binding.AgreementStatus.SIGNING)).block(Duration.ofSeconds(5));

        assertThat(wechat.terminated()).isEmpty();
    }

    @Test
    void twoAdaptersForOneChannelAreAConfigurationError() {
        assertThatThrownBy(() -> new WithholdingChannels(List.of(wechat, new FakeWithholding(Channel.WECHAT)), List.of(wechat),
                ChannelResilienceAccess.guard(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(), RetryRegistry.ofDefaults()),
                props())).hasMessageContaining("two withholding adapters for WECHAT");
    }
}
