package org.hospay.channels.http;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.hospay.channels.Channel;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * The one place adapters get their {@link WebClient}: connection pool, connect timeout, response
 * timeout, codecs and base URL are set here and nowhere else, and {@link HttpOutcomes} says what a
 * transport failure means for money.
 *
 * <p><b>Who times a call out.</b> This transport owns the response timeout, and it is the only timer on a
 * channel call (the gateway's resilience layer has no time limiter): the answer to "did the request
 * leave?" decides between Declined and Unknown, and only the transport knows it. So each phase has its
 * own bound here: waiting for a pooled connection at most {@code connectTimeout}, connecting at most
 * {@code connectTimeout} (both mean nothing was sent: Declined), and once the request is written, Netty's
 * {@code responseTimeout} (no byte of the answer within it: Unknown). A second timer around the whole
 * call would race these and could turn a call that never left into an Unknown, or cut off an answer
 * that was arriving in time; a call made of several exchanges (WeChat's deduction and its query) gives
 * each exchange its own bound.
 *
 * <p>Each adapter gets its own pool (named after its channel), so one slow counterparty cannot hold the
 * connections another needs, also when the simulator plays them all on one host.
 */
public final class HttpTransport {

    /** What an answer may hold in memory unless an adapter says otherwise (bills and batch files are larger). */
    public static final int DEFAULT_MAX_IN_MEMORY_BYTES = 16 * 1024 * 1024;

    private HttpTransport() {}

    /**
     * @param channel          names the pool (metrics, thread dumps)
     * @param baseUrl          what relative request URIs resolve against; null when the adapter builds absolute
     *                         URIs itself (it signs the exact bytes it sends)
     * @param connectTimeout   the bound on getting a connection (from the pool or new); past it nothing was sent
     * @param responseTimeout  the bound on silence after the request was written; past it the outcome is Unknown
     * @param maxInMemoryBytes the largest answer read into memory
     */
    public record Settings(Channel channel, URI baseUrl, Duration connectTimeout, Duration responseTimeout, int maxInMemoryBytes) {

        public Settings {
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(responseTimeout, "responseTimeout");
            if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative() || responseTimeout.isZero())
                throw new IllegalArgumentException(channel + " timeouts must be positive: " + connectTimeout + ", " + responseTimeout);
            if (connectTimeout.toMillis() > Integer.MAX_VALUE)
                throw new IllegalArgumentException(channel + " connectTimeout too long: " + connectTimeout);
            if (maxInMemoryBytes <= 0) throw new IllegalArgumentException(channel + " maxInMemoryBytes must be positive: " + maxInMemoryBytes);
        }

        public Settings(Channel channel, URI baseUrl, Duration connectTimeout, Duration responseTimeout) {
            this(channel, baseUrl, connectTimeout, responseTimeout, DEFAULT_MAX_IN_MEMORY_BYTES);
        }

        public Settings withMaxInMemoryBytes(int bytes) {
            return new Settings(channel, baseUrl, connectTimeout, responseTimeout, bytes);
        }
    }

    public static WebClient webClient(Settings settings) {
        return webClient(settings, builder -> {});
    }

    /** @param customizer adds to the builder (filters for metrics or tracing; tests use it to corrupt bytes in flight) */
    public static WebClient webClient(Settings settings, Consumer<WebClient.Builder> customizer) {
        ConnectionProvider pool = ConnectionProvider.builder("hospay-" + settings.channel().name().toLowerCase(Locale.ROOT))
                .pendingAcquireTimeout(settings.connectTimeout())
                .build();
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .responseTimeout(settings.responseTimeout());
        WebClient.Builder builder = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(settings.maxInMemoryBytes()));
        if (settings.baseUrl() != null) builder.baseUrl(settings.baseUrl().toString());
        customizer.accept(builder);
        return builder.build();
    }
}
