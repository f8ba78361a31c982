package org.hospay.gateway.web;

import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.util.matcher.InetAddressMatcher;
import org.springframework.security.util.matcher.InetAddressMatchers;
import org.springframework.stereotype.Component;

/**
 * Which address a request comes from, for the budgets and logs that go by address: behind a load balancer every
 * TCP connection comes from the balancer, and one misbehaving terminal would spend the whole hospital's budget.
 *
 * <p>Only when the TCP peer is one of {@code hospay.http.trusted-proxies} ({@link HttpProperties}) is the forwarded
 * header read: from the right, each hop a trusted proxy appended is skipped, and the first one that is not a trusted
 * proxy is the client (every proxy appends the peer it saw; the left-most entries are whatever the client typed, so
 * they are never read). If every hop is a trusted proxy, the left-most is the client. A hop that is not an IP
 * address (garbage, {@code unknown}, an obfuscated {@code Forwarded} identifier) ends the search at the peer: the
 * request is charged to the proxy, never refused for it. Headers are not parsed at all for an untrusted peer.
 */
@Component
public class ClientAddresses {

    private static final Logger log = LoggerFactory.getLogger(ClientAddresses.class);

    /** Where a request came from: {@code address}, the client, through {@code peer}, the TCP connection's other end. */
    public record ClientAddress(String address, String peer) {
        /**
         * What a budget by address is charged to: the address, or for IPv6 its /64 — one subscriber or one network
         * holds a whole /64, so per single address it could rotate through as many budgets as it likes.
         */
        public String budget() {
            InetAddress ip = address == null ? null : literal(address);
            if (!(ip instanceof Inet6Address)) return address;
            byte[] prefix = Arrays.copyOf(ip.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            return NetUtil.bytesToIpAddress(prefix) + "/64";
        }

        /** The client's address, then the proxy's when it came through one: "10.0.0.5 via 127.0.0.1". */
        @Override
        public String toString() {
            return address == null || address.equals(peer) ? String.valueOf(address) : address + " via " + peer;
        }
    }

    /** A trusted proxy range and the family of its address, which the library's matcher does not compare (below). */
    private record Trusted(boolean ipv4, InetAddressMatcher matcher) {}

    private final List<Trusted> trusted;
    private final HttpProperties.ForwardedHeader header;

    public ClientAddresses(HttpProperties properties) {
        this.header = properties.forwardedHeader();
        this.trusted = properties.trustedProxies().stream()
                .map(p -> new Trusted(literal(p.split("/")[0]) instanceof Inet4Address, InetAddressMatchers.fromIpAddress(p))).toList();
        if (!trusted.isEmpty()) {
            log.info("client addresses from {} when the peer is a trusted proxy: {}", header == HttpProperties.ForwardedHeader.FORWARDED
                    ? "Forwarded" : "X-Forwarded-For", properties.trustedProxies());
        }
    }

    /** The client address of this request (null only when the server knows no peer). */
    public ClientAddress of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote == null) return new ClientAddress(null, null);
        InetAddress peer = remote.getAddress();
        String peerText = peer == null ? remote.getHostString() : peer.getHostAddress();
        if (peer == null || !isTrusted(peer)) return new ClientAddress(peerText, peerText);
        List<String> hops = header == HttpProperties.ForwardedHeader.FORWARDED
                ? forwardedFor(request.getHeaders()) : xForwardedFor(request.getHeaders());
        InetAddress client = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) return new ClientAddress(peerText, peerText);
            client = hop;
            if (!isTrusted(hop)) break;
        }
        return new ClientAddress(client == null ? peerText : client.getHostAddress(), peerText);
    }

    boolean isTrusted(InetAddress address) {
        boolean ipv4 = address instanceof Inet4Address;
        for (Trusted t : trusted) {
            // Spring Security 7.1's matcher compares the raw bytes without the family (spring-security#19733):
            // 10.0.0.0/8 would match the IPv6 address a00::1, and an IPv6 range could throw on an IPv4 address.
            if (t.ipv4() == ipv4 && t.matcher().matches(address)) return true;
        }
        return false;
    }

    /** Every X-Forwarded-For hop, in order, over all the header's lines (a proxy may add a line of its own). */
    static List<String> xForwardedFor(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        for (String line : headers.getOrEmpty("X-Forwarded-For")) {
            for (String hop : line.split(",", -1)) hops.add(hop.strip());
        }
        return hops;
    }

    /**
     * The {@code for=} of every RFC 7239 {@code Forwarded} element, in order; an element without one counts as a hop
     * that is not an address. Quoted commas are not honoured: only the right-most elements are ever read, and those
     * are the proxies' own, which hold addresses, not quoted commas.
     */
    static List<String> forwardedFor(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        for (String line : headers.getOrEmpty("Forwarded")) {
            for (String element : line.split(",", -1)) {
                String value = "";
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
                        value = pair.substring(eq + 1).strip();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
                    }
                }
                hops.add(value);
            }
        }
        return hops;
    }

    /**
     * The address a hop names, without its port ({@code 10.0.0.5}, {@code 10.0.0.5:4711}, {@code 2001:db8::1},
     * {@code [2001:db8::1]:4711}; {@code ::ffff:10.0.0.5} is 10.0.0.5), or null when it is not an IP literal (nor with
     * a zone id). Netty's parser reads literals only, so a name never reaches DNS (InetAddress.getByName would look
     * it up, blocking the event loop).
     */
    static InetAddress literal(String hop) {
        if (hop == null || hop.isEmpty() || hop.length() > 64) return null;
        String text = hop;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !(close == text.length() - 1 || text.charAt(close + 1) == ':')) return null;
            text = text.substring(1, close);
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':') && text.indexOf('.') > 0) {
            text = text.substring(0, text.indexOf(':')); // IPv4 with a port
        }
        return NetUtil.createInetAddressFromIpAddressString(text);
    }
}
