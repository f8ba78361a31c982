package org.hospay.gateway.window;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * A window's live view: how long a bill waits at the window, how many events a window keeps for
 * consoles that reconnect ({@code Last-Event-ID}), and how its event stream is kept alive.
 *
 * @param pendingBillTtl how long a bill entered at (or sent to) a window stays its pending bill
 * @param streamMaxLength events kept per window (approximately: Redis trims whole nodes)
 * @param streamRetention an idle window's events are dropped after this
 * @param heartbeat a comment line this often keeps proxies from closing an idle stream; each beat
 *                  also re-reads the window's events, so a lost wake-up costs at most one beat
 * @param maxConnection a stream is closed after this and the console reconnects, re-authenticating
 */
@Validated
@ConfigurationProperties("hospay.windows")
public record WindowProperties(
        @NotNull Duration pendingBillTtl,
        @Min(10) @Max(100_000) int streamMaxLength,
        @NotNull Duration streamRetention,
        @NotNull Duration heartbeat,
        @NotNull Duration maxConnection) {

    public WindowProperties {
        positive("pending-bill-ttl", pendingBillTtl);
        positive("stream-retention", streamRetention);
        positive("heartbeat", heartbeat);
        positive("max-connection", maxConnection);
        if (heartbeat != null && maxConnection != null && heartbeat.compareTo(maxConnection) >= 0) {
            throw new IllegalArgumentException("hospay.windows.heartbeat (" + heartbeat + ") must be shorter than max-connection (" + maxConnection + ")");
        }
    }

    private static void positive(String name, Duration d) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("hospay.windows." + name + " must be positive: " + d);
        }
    }
}
