package org.hospay.simulator.wechat;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.hospay.channels.Outcome;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayConfig;
import org.hospay.simulator.SimulatorApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * Shared set-up of the WeChat-specific integration tests: the simulator on a random port (the same
 * context as the contract kit, so Spring reuses it), the real adapter, a hospital-side endpoint that
 * records the callbacks WeChat posts, and the simulator's test-data endpoints.
 */
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sim.wallets.code-validity=10m")
abstract class WechatSimulatorIT {

    @LocalServerPort
    int port;

    WebClient sim;
    URI base;
    Callbacks callbacks;
    WechatPayConfig config;
    WechatPayAdapter wechat;

    record WalletView(String walletId, String channel, String accountId, String authCode, long balanceFen, String behavior) {}

    record Entry(long seq, String channel, String type, String requestId, String reference, long amountFen, String state,
                 String account, String receivedAt, String answeredAt) {}

    record Delivery(boolean delivered, int status, String error) {}

    record ContractView(String contractId, long planId, String contractCode, String openid, String walletId, String state,
                        String signedAt, String terminatedAt, String terminationMode, Delivery notification) {}

    /** A callback as the hospital's endpoint received it. */
    record Received(Map<String, String> headers, byte[] body) {}

    /** The hospital's notification endpoint: answers 204 and keeps what it got. */
    static final class Callbacks implements AutoCloseable {
        private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final DisposableServer server;

        Callbacks() {
            server = HttpServer.create().host("127.0.0.1").port(0)
                    .handle((req, res) -> req.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(bytes -> {
                        Map<String, String> headers = new HashMap<>();
                        req.requestHeaders().forEach(h -> headers.put(h.getKey(), h.getValue()));
                        received.add(new Received(headers, bytes));
                        return res.status(204).send().then();
                    }))
                    .bindNow();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.port() + "/callbacks/wechat-pay");
        }

        /** The next callback, waiting at most 10 s. */
        Received next() throws InterruptedException {
            Received r = received.poll(10, TimeUnit.SECONDS);
            if (r == null) throw new AssertionError("no callback arrived within 10 s");
            return r;
        }

        @Override
        public void close() {
            server.disposeNow();
        }
    }

    @BeforeEach
    void connect() {
        base = URI.create("http://127.0.0.1:" + port);
        sim = WebClient.create(base.toString());
        callbacks = new Callbacks();
        config = WechatPayConfig.demo(base).withNotifyUrl(callbacks.url()).withResponseTimeout(Duration.ofSeconds(2));
        wechat = new WechatPayAdapter(config, Clock.systemUTC());
    }

    @AfterEach
    void restore() {
        sim.delete().uri("/sim/clock").retrieve().toBodilessEntity().block();
        sim.delete().uri("/sim/faults/WECHAT").retrieve().toBodilessEntity().block();
        callbacks.close();
    }

    /** Moves the simulator's business clock, e.g. {@code "2026-11-24T22:30:00+08:00"}. */
    void clockAt(String isoWithOffset) {
        sim.put().uri("/sim/clock").bodyValue(Map.of("now", isoWithOffset)).retrieve().toBodilessEntity().block();
    }

    WalletView wallet(long balanceFen) {
        return sim.post().uri("/sim/wallets").bodyValue(Map.of("channel", "WECHAT", "balanceFen", balanceFen, "behavior", "OK"))
                .retrieve().bodyToMono(WalletView.class).block();
    }

    long balance(WalletView w) {
        return sim.get().uri("/sim/wallets/{id}", w.walletId()).retrieve().bodyToMono(WalletView.class).block().balanceFen();
    }

    List<Entry> ledger(String requestId) {
        List<Entry> all = sim.get().uri("/sim/ledger?channel=WECHAT").retrieve()
                .bodyToMono(new ParameterizedTypeReference<List<Entry>>() {}).block();
        return all.stream().filter(e -> requestId.equals(e.requestId()) || requestId.equals(e.reference())).toList();
    }

    ContractView signContract(WalletView payer, long planId, String contractCode) {
        return sim.post().uri("/sim/wechat/papay/sign")
                .bodyValue(Map.of("walletId", payer.walletId(), "planId", planId, "contractCode", contractCode,
                        "notifyUrl", callbacks.url().toString(), "displayAccount", "张三的亲情账户"))
                .retrieve().bodyToMono(ContractView.class).block();
    }

    ContractView payerRevokes(String contractId) {
        return sim.post().uri("/sim/wechat/papay/contracts/{id}/terminate", contractId).retrieve().bodyToMono(ContractView.class).block();
    }

    static <T> Outcome<T> await(Mono<Outcome<T>> call) {
        return call.block(Duration.ofSeconds(30));
    }

    static String orderNo() {
        return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }
}
