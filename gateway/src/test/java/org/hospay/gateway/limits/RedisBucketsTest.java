package org.hospay.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisURI;
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
}
