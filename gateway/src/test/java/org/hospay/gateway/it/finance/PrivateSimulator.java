package org.hospay.gateway.it.finance;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A channel simulator of one test class's own, started as its own process (like {@code TestSimulator}):
 * reconciliation compares a whole day of the channels' books with a whole day of the gateway's, so a
 * finance test needs channels and a database that no other test books on.
 */
final class PrivateSimulator {

    private static final Duration WAIT = Duration.ofSeconds(20);

    final int port = freePort();
    final String url = "http://127.0.0.1:" + port;
    private final Process process;
    final WebClient http;

    PrivateSimulator() {
        String jar = System.getProperty("hospay.simulator.jar");
        if (jar == null || !new File(jar).isFile()) throw new IllegalStateException("simulator jar not found at " + jar);
        Path log = Path.of("target", "simulator-" + port + ".log");
        try {
            ProcessBuilder b = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms64m", "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar))
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            b.environment().put("SIM_PORT", Integer.toString(port));
            process = b.start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "private-simulator-stop"));
            awaitUp();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a simulator: " + e.getMessage(), e);
        }
        http = WebClient.create(url);
    }

    private void awaitUp() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("simulator exited; see target/simulator-" + port + ".log");
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url + "/sim/ledger").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() == 200) return;
            } catch (IOException notYet) {
                // starting
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("simulator did not answer in 60 s");
    }

    /** An employee-insured person (310) with an empty personal account: the whole bill is self-paid. */
    String person() {
        return newPerson("对账").psnNo();
    }

    /** Like {@link #person}; its ID number, which an insured admission presents. */
    String insuredIdNo() {
        return newPerson("住院").idNo();
    }

    /** Like {@link #person}, with a commercial direct-pay policy paying {@code ratioPercent} of what basic insurance leaves. */
    String personWithPolicy(int ratioPercent) {
        Person p = newPerson("商保");
        http.post().uri("/sim/commercial/policies").bodyValue(Map.of("name", p.name(), "idNo", p.idNo(), "coverageRatioPercent", ratioPercent))
                .retrieve().toBodilessEntity().block(WAIT);
        return p.psnNo();
    }

    private record Person(String name, String idNo, String psnNo) {}

    private Person newPerson(String namePrefix) {
        String idNo = idNumber();
        String name = namePrefix + idNo.substring(13, 16);
        Map<?, ?> r = http.post().uri("/sim/insurance/persons").bodyValue(Map.of("name", name, "idNo", idNo,
                "insutype", "310", "region", "370200", "accountBalanceFen", 0, "pooledSigned", true)).retrieve().bodyToMono(Map.class).block(WAIT);
        return new Person(name, idNo, (String) r.get("psnNo"));
    }

    /** An aggregated code paying on {@code channel}; {@code walletFen} null: the default wallet. */
    String code(String psnNo, String channel, Long walletFen) {
        Map<String, Object> body = new HashMap<>(Map.of("psnNo", psnNo, "payChannel", channel));
        if (walletFen != null) body.put("walletBalanceFen", walletFen);
        Map<?, ?> r = http.post().uri("/sim/insurance/vouchers").bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
        return (String) r.get("code");
    }

    /** A wallet's payment code on {@code channel} (a plain channel code: the whole bill is self-paid). */
    String walletCode(String channel, long balanceFen) {
        Map<?, ?> r = http.post().uri("/sim/wallets").bodyValue(Map.of("channel", channel, "balanceFen", balanceFen, "behavior", "OK"))
                .retrieve().bodyToMono(Map.class).block(WAIT);
        return (String) r.get("authCode");
    }

    /** Fabricates a statement difference (channels/docs/statements.md); the answer. */
    Map<?, ?> statementDifference(String channel, Map<String, Object> body) {
        return http.post().uri("/sim/faults/{ch}/statement", channel).bodyValue(body).retrieve().bodyToMono(Map.class).block(WAIT);
    }

    /** The fiscal platform refuses the next receipt of this bill for good (channels/docs/einvoice.md). */
    void refuseReceipt(String billNo) {
        http.post().uri("/sim/einvoice/refusals").bodyValue(Map.of("billNo", billNo)).retrieve().toBodilessEntity().block(WAIT);
    }

    /** The ledger entries of a channel. */
    List<Map<?, ?>> ledger(String channel) {
        return http.get().uri("/sim/ledger?channel={ch}", channel).retrieve().bodyToFlux(Map.class).collectList().block(WAIT)
                .stream().<Map<?, ?>>map(m -> m).toList();
    }

    private static final java.util.concurrent.atomic.AtomicInteger PEOPLE = new java.util.concurrent.atomic.AtomicInteger(
            java.util.concurrent.ThreadLocalRandom.current().nextInt(0, 500_000));

    /** A valid, fresh resident ID number (check digit included). */
    static String idNumber() {
        int n = PEOPLE.getAndIncrement();
        java.time.LocalDate birth = java.time.LocalDate.of(1950, 1, 1).plusDays(n / 1000);
        String first17 = "370202" + birth.format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", n % 1000);
        int[] w = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) sum += (first17.charAt(i) - '0') * w[i];
        return first17 + "10X98765432".charAt(sum % 11);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
