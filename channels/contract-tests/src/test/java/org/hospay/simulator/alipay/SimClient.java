package org.hospay.simulator.alipay;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;

/** The simulator's test-data and inspection endpoints, for the channel ITs that are not the contract kit's. */
public final class SimClient {

    public record WalletView(String walletId, String channel, String accountId, String authCode, long balanceFen, String behavior) {}

    public record Entry(long seq, String channel, String type, String requestId, String reference, long amountFen,
                        String state, String account, String receivedAt, String answeredAt) {}

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final WebClient web;
    private final String channel;

    public SimClient(int port, String channel) {
        this.web = WebClient.create("http://127.0.0.1:" + port);
        this.channel = channel;
    }

    public WebClient web() {
        return web;
    }

    public WalletView wallet(String behavior, long balanceFen, Map<String, Object> script) {
        Map<String, Object> body = new HashMap<>(script);
        body.put("channel", channel);
        body.put("balanceFen", balanceFen);
        body.put("behavior", behavior);
        return web.post().uri("/sim/wallets").bodyValue(body).retrieve().bodyToMono(WalletView.class).block(WAIT);
    }

    public long balance(WalletView w) {
        return web.get().uri("/sim/wallets/{id}", w.walletId()).retrieve().bodyToMono(WalletView.class).block(WAIT).balanceFen();
    }

    /** Entries booked under {@code requestId} or referring to it. */
    public List<Entry> ledger(String requestId, String type) {
        List<Entry> all = web.get().uri("/sim/ledger?channel={c}", channel).retrieve()
                .bodyToMono(new ParameterizedTypeReference<List<Entry>>() {}).block(WAIT);
        return all.stream().filter(e -> requestId.equals(e.requestId()) || requestId.equals(e.reference()))
                .filter(e -> e.type().equals(type)).toList();
    }

    public static String orderNo() {
        return "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
