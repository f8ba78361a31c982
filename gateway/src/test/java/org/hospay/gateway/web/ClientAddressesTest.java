package org.hospay.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import org.hospay.gateway.web.HttpProperties.ForwardedHeader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/**
 * Which address a request's failed authentications are charged to (and logged with): the TCP peer, unless the peer
 * is a trusted proxy, and then the right-most forwarded hop that is not itself a trusted proxy.
 */
class ClientAddressesTest {

    private static ClientAddresses trusting(String... proxies) {
        return new ClientAddresses(new HttpProperties(List.of(proxies), null));
    }

    private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
        return MockServerHttpRequest.get("/api/v1/terminals/me").remoteAddress(new InetSocketAddress(peer, 50_000));
    }

    private static String client(ClientAddresses addresses, MockServerHttpRequest.BaseBuilder<?> request) {
        return addresses.of(request.build()).address();
    }

    @Test
    void byDefaultNoProxyIsTrustedAndTheHeadersAreIgnored() {
        ClientAddresses defaults = new ClientAddresses(new HttpProperties(null, null));
        assertThat(client(defaults, from("127.0.0.1").header("X-Forwarded-For", "10.0.0.5"))).isEqualTo("127.0.0.1");
        assertThat(client(defaults, from("127.0.0.1").header("Forwarded", "for=10.0.0.5"))).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedPeersXForwardedForGivesTheRightMostHopThatIsNotATrustedProxy() {
        ClientAddresses addresses = trusting("127.0.0.1", "10.1.0.0/16");
        // 6.6.6.6 is what the client typed; the balancer appended 10.0.0.5, an inner proxy 10.1.2.3.
        var request = from("127.0.0.1").header("X-Forwarded-For", "6.6.6.6, 10.0.0.5, 10.1.2.3");
        assertThat(client(addresses, request)).isEqualTo("10.0.0.5");
        assertThat(addresses.of(request.build())).hasToString("10.0.0.5 via 127.0.0.1");
    }

    @Test
    void theHopsOfEveryXForwardedForLineCountInOrder() {
        var request = from("127.0.0.1").header("X-Forwarded-For", "6.6.6.6").header("X-Forwarded-For", "10.0.0.5");
        assertThat(client(trusting("127.0.0.1"), request)).isEqualTo("10.0.0.5");
    }

    @Test
    void anUntrustedPeersHeaderIsIgnoredEntirely() {
        ClientAddresses addresses = trusting("10.1.0.0/16");
        var request = from("192.168.1.9").header("X-Forwarded-For", "10.0.0.5");
        assertThat(client(addresses, request)).isEqualTo("192.168.1.9");
        assertThat(addresses.of(request.build())).hasToString("192.168.1.9");
    }

    @Test
    void aMalformedRightMostHopFallsBackToThePeer() {
        ClientAddresses addresses = trusting("127.0.0.1");
        for (String header : List.of("garbage", "", " , ", "10.0.0.5, not-an-ip", "10.0.0.5,", "999.1.1.1", "10.0.0",
                "unknown", "host.example", "fe80::1%eth0", "[2001:db8::1", "x".repeat(5000))) {
            assertThat(client(addresses, from("127.0.0.1").header("X-Forwarded-For", header))).as(header).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void garbageLeftOfTheBalancersHopIsNeverRead() {
        var request = from("127.0.0.1").header("X-Forwarded-For", "\"<script>, ,unknown, 10.0.0.5");
        assertThat(client(trusting("127.0.0.1"), request)).isEqualTo("10.0.0.5");
    }

    @Test
    void whenEveryHopIsATrustedProxyTheLeftMostIsTheClient() {
        var request = from("127.0.0.1").header("X-Forwarded-For", "10.1.0.7, 10.1.0.8");
        assertThat(client(trusting("127.0.0.1", "10.1.0.0/16"), request)).isEqualTo("10.1.0.7");
        assertThat(client(trusting("127.0.0.1"), from("127.0.0.1"))).as("no header at all").isEqualTo("127.0.0.1");
    }

    @Test
    void aHopWithAPortIsItsAddress() {
        ClientAddresses addresses = trusting("127.0.0.1");
        assertThat(client(addresses, from("127.0.0.1").header("X-Forwarded-For", "10.0.0.5:4711"))).isEqualTo("10.0.0.5");
        assertThat(client(addresses, from("127.0.0.1").header("X-Forwarded-For", "[2001:db8::7]:4711"))).isEqualTo("2001:db8:0:0:0:0:0:7");
    }

    @Test
    void ipv6PeersAndHopsAreMatchedAndWrittenInOneCanonicalForm() {
        ClientAddresses addresses = trusting("2001:db8::/32", "::1");
        assertThat(client(addresses, from("2001:db8:ffff::1").header("X-Forwarded-For", "2400:cb00:0:0::1, 2001:db8::9")))
                .isEqualTo("2400:cb00:0:0:0:0:0:1");
        assertThat(client(addresses, from("::1").header("X-Forwarded-For", "2400:CB00::1"))).isEqualTo("2400:cb00:0:0:0:0:0:1");
        assertThat(client(addresses, from("::1").header("X-Forwarded-For", "::ffff:10.0.0.5"))).isEqualTo("10.0.0.5");
        assertThat(client(addresses, from("2001:db9::1").header("X-Forwarded-For", "10.0.0.5"))).isEqualTo("2001:db9:0:0:0:0:0:1");
    }

    @Test
    void aRangeOfOneFamilyNeverMatchesAnAddressOfTheOther() {
        // The library's matcher compares raw bytes: 10.0.0.0/8 matches a00::1, and a /64 throws on an IPv4 address.
        assertThat(client(trusting("10.0.0.0/8"), from("a00::1").header("X-Forwarded-For", "10.0.0.5"))).isEqualTo("a00:0:0:0:0:0:0:1");
        assertThat(client(trusting("2001:db8::/64"), from("32.1.13.184").header("X-Forwarded-For", "10.0.0.5"))).isEqualTo("32.1.13.184");
    }

    @Test
    void cidrRangesMatchTheirAddressesOnly() {
        ClientAddresses addresses = trusting("10.0.0.0/8", "192.168.7.0/24", "172.30.80.10");
        for (String trusted : List.of("10.0.0.1", "10.255.255.254", "192.168.7.200", "172.30.80.10")) {
            assertThat(client(addresses, from(trusted).header("X-Forwarded-For", "8.8.8.8"))).as(trusted).isEqualTo("8.8.8.8");
        }
        for (String untrusted : List.of("11.0.0.1", "9.255.255.255", "192.168.8.1", "172.30.80.11")) {
            assertThat(client(addresses, from(untrusted).header("X-Forwarded-For", "8.8.8.8"))).as(untrusted).isEqualTo(untrusted);
        }
    }

    @Test
    void theForwardedHeaderGivesItsRightMostForThatIsNotATrustedProxy() {
        ClientAddresses addresses = new ClientAddresses(new HttpProperties(List.of("127.0.0.1", "203.0.113.0/24"), ForwardedHeader.FORWARDED));
        var request = from("127.0.0.1").header("Forwarded", "for=6.6.6.6, for=192.0.2.60;proto=http;by=203.0.113.43, For=203.0.113.9");
        assertThat(client(addresses, request)).isEqualTo("192.0.2.60");
        assertThat(client(addresses, from("127.0.0.1").header("Forwarded", "proto=https;for=\"[2001:db8:cafe::17]:4711\"")))
                .isEqualTo("2001:db8:cafe:0:0:0:0:17");
        assertThat(client(addresses, from("127.0.0.1").header("Forwarded", "for=\"192.0.2.43:47011\""))).isEqualTo("192.0.2.43");
        for (String malformed : List.of("for=_hidden", "for=unknown", "proto=http", "for=", "for=\"", "for=10.0.0.5, by=1.2.3.4")) {
            assertThat(client(addresses, from("127.0.0.1").header("Forwarded", malformed))).as(malformed).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void onlyTheConfiguredHeaderIsRead() {
        // A proxy that writes one header passes the other through from the client as it was typed.
        var both = from("127.0.0.1").header("X-Forwarded-For", "10.0.0.5").header("Forwarded", "for=10.0.0.6");
        assertThat(client(trusting("127.0.0.1"), both)).isEqualTo("10.0.0.5");
        assertThat(client(new ClientAddresses(new HttpProperties(List.of("127.0.0.1"), ForwardedHeader.FORWARDED)), both)).isEqualTo("10.0.0.6");
        assertThat(client(trusting("127.0.0.1"), from("127.0.0.1").header("Forwarded", "for=10.0.0.6"))).isEqualTo("127.0.0.1");
    }

    @Test
    void aRequestWithoutAPeerHasNoAddress() {
        assertThat(trusting("127.0.0.1").of(MockServerHttpRequest.get("/").build()).address()).isNull();
    }

    @Test
    void aHostNameOrABadRangeIsRefusedAtStartUpByName() {
        assertThatThrownBy(() -> new HttpProperties(List.of("proxy.example"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trusted-proxies").hasMessageContaining("proxy.example");
        assertThatThrownBy(() -> new HttpProperties(List.of("10.0.0.0/40"), null)).hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> new HttpProperties(List.of("10.0.0.0/x"), null)).hasMessageContaining("10.0.0.0/x");
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(HttpProperties.class)
    static class Bind {}

    @Test
    void theEnvironmentsCommaSeparatedListBindsAndEmptyMeansNone() {
        var runner = new ApplicationContextRunner().withUserConfiguration(Bind.class);
        runner.withPropertyValues("hospay.http.trusted-proxies=", "hospay.http.forwarded-header=x-forwarded-for").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HttpProperties.class).trustedProxies()).isEmpty();
        });
        runner.withPropertyValues("hospay.http.trusted-proxies=127.0.0.1, 10.0.0.0/8", "hospay.http.forwarded-header=forwarded").run(context -> {
            HttpProperties bound = context.getBean(HttpProperties.class);
            assertThat(bound.trustedProxies()).containsExactly("127.0.0.1", "10.0.0.0/8");
            assertThat(bound.forwardedHeader()).isEqualTo(ForwardedHeader.FORWARDED);
        });
        runner.withPropertyValues("hospay.http.trusted-proxies=gateway-lb").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("gateway-lb");
        });
    }

    @Test
    void anIpv6ClientIsChargedByItsSlash64SoItCannotRotateThroughBudgets() {
        ClientAddresses direct = trusting();
        String one = direct.of(from("2001:db8:1:2:3:4:5:6").build()).budget();
        assertThat(one).isEqualTo("2001:db8:1:2::/64");
        assertThat(direct.of(from("2001:db8:1:2:ffff::1").build()).budget()).as("same /64").isEqualTo(one);
        assertThat(direct.of(from("2001:db8:1:3::1").build()).budget()).as("another /64").isNotEqualTo(one);
        assertThat(direct.of(from("10.0.0.5").build()).budget()).as("IPv4 as it is").isEqualTo("10.0.0.5");
        assertThat(trusting("127.0.0.1").of(from("127.0.0.1").header("X-Forwarded-For", "2001:db8:9:9::77").build()).budget())
                .as("a forwarded client too").isEqualTo("2001:db8:9:9::/64");
        assertThat(new ClientAddresses.ClientAddress(null, null).budget()).isNull();
    }
}
