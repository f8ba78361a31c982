package org.hospay.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;

class RedisBucketsTest {

    @Test
    void withSentinelTheBucketsAskTheSentinelsForTheMasterInsteadOfTheStandaloneHost() {
        RedisSentinelConfiguration sentinel = new RedisSentinelConfiguration("hospay", java.util.Set.of("10.0.0.1:26379", "10.0.0.2:26380"));
        sentinel.setPassword("data-secret");
        sentinel.setDatabase(2);

        RedisURI uri = RedisBuckets.uri(sentinel, new RedisStandaloneConfiguration("127.0.0.1", 6379));

        assertThat(uri.getSentinelMasterId()).isEqualTo("hospay");
        assertThat(uri.getSentinels()).extracting(RedisURI::getHost, RedisURI::getPort)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("10.0.0.1", 26379), org.assertj.core.groups.Tuple.tuple("10.0.0.2", 26380));
        assertThat(uri.getCredentialsProvider().resolveCredentials().block().getPassword()).containsExactly("data-secret".toCharArray());
        assertThat(uri.getDatabase()).isEqualTo(2);
    }

    @Test
    void withoutSentinelTheBucketsUseTheOneServer() {
        RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration("redis.example", 6390);

        RedisURI uri = RedisBuckets.uri(null, standalone);

        assertThat(uri.getSentinelMasterId()).isNull();
        assertThat(uri.getHost()).isEqualTo("redis.example");
        assertThat(uri.getPort()).isEqualTo(6390);
    }

    @Test
    void theScriptCountsInMicrosecondsAndInMillisecondsOnlyWhenALimitIsTooLargeForThem() {
        assertThat(RedisBuckets.args(new RateLimitProperties.Limit(600, Duration.ofSeconds(1)))).containsExactly("600", "1000000", "1");
        assertThat(RedisBuckets.args(new RateLimitProperties.Limit(5, Duration.ofMinutes(1)))).containsExactly("5", "60000000", "1");
        assertThat(RedisBuckets.args(new RateLimitProperties.Limit(3, Duration.ofMillis(1500)))).containsExactly("3", "1500000", "1");
        // capacity × period must stay exact in a Lua number (a double): 10^6 × 10^10 µs is past 2^50, 10^6 × 10^7 ms is not
        assertThat(RedisBuckets.args(new RateLimitProperties.Limit(1_000_000, Duration.ofSeconds(10_000)))).containsExactly("1000000", "10000000", "1000");
        assertThatThrownBy(() -> RedisBuckets.args(new RateLimitProperties.Limit(Long.MAX_VALUE / 2, Duration.ofDays(365))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theScriptsAnswerBecomesAProbeWithTheWaitInItsUnit() {
        assertThat(RedisBuckets.probe(List.of(1L, 0L), 1)).isEqualTo(new Buckets.Probe(true, Duration.ZERO));
        assertThat(RedisBuckets.probe(List.of(0L, 1_666_667L), 1)).isEqualTo(new Buckets.Probe(false, Duration.ofNanos(1_666_667_000L)));
        assertThat(RedisBuckets.probe(List.of(0L, 250L), 1_000)).isEqualTo(new Buckets.Probe(false, Duration.ofMillis(250)));
    }
}
