package org.hospay.gateway.web;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.security.util.matcher.InetAddressMatchers;

/**
 * {@code hospay.http.*}: the load balancers in front of the gateway ({@link ClientAddresses}).
 *
 * <p>Empty by default, and that is the secure default: every forwarded header is ignored and the TCP peer is the
 * client. Only a request whose peer is one of {@code trustedProxies} has its client address taken from
 * {@code forwardedHeader}; anyone else could type any address there and pick whose failed-authentication budget
 * to spend. Reactor Netty's own {@code server.forward-headers-strategy} is not used for the same reason: it
 * believes the headers from every peer.
 *
 * @param trustedProxies  IP addresses or CIDR ranges of the proxies ({@code 127.0.0.1}, {@code 10.0.0.0/8},
 *                        {@code 2001:db8::/32}); a host name is refused at start-up (no DNS on a request)
 * @param forwardedHeader the header those proxies write: {@code x-forwarded-for} (HAProxy's {@code option
 *                        forwardfor}, the default) or {@code forwarded} (RFC 7239). Only the one configured is
 *                        read: a proxy that writes one passes the other through from the client untouched
 */
@ConfigurationProperties("hospay.http")
public record HttpProperties(List<String> trustedProxies, ForwardedHeader forwardedHeader) {

    public enum ForwardedHeader { X_FORWARDED_FOR, FORWARDED }

    public HttpProperties {
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (forwardedHeader == null) forwardedHeader = ForwardedHeader.X_FORWARDED_FOR;
        for (String proxy : trustedProxies) {
            try {
                InetAddressMatchers.fromIpAddress(proxy);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("trusted-proxies: '" + proxy + "' is not an IP address or CIDR range ("
                        + e.getMessage() + ")", e);
            }
        }
    }
}
