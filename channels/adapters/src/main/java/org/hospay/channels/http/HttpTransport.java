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
 * connections another needs, also when the simulator plays them all on one host. Its size is {@link Pool}'s, set by
 * the application through {@link ClientOptions}: calls in flight to a counterparty are its call rate times its
 * latency, which depends on the counterparty and the hospital's rush, not on this machine's cores.
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

    /**
     * How many connections a channel's pool may hold and how many calls may wait for one. Reactor Netty's own default is
     * 2 × max(cores, 8) connections with twice as many waiting: 16 and 32 on a two-core machine. A one-scan payment makes
     * five insurance calls, so at the national platform's usual few hundred milliseconds that is about ten payments a
     * second per instance, and the 49th call at once was refused outright (CHANNEL_BUSY, "no connection free in time")
     * while the machine still had CPU to spare.
     *
     * @param maxConnections connections open at once to the counterparty; past it calls wait
     * @param maxWaiting     calls that may wait for a connection (each at most the connect timeout); past it a call is
     *                       refused at once, nothing sent
     * @param maxIdle        a connection unused this long is closed by us, before a counterparty's keep-alive timeout
     *                       (commonly 60 s) closes it under a request we are writing
     * @param metrics        publish the pool's gauges ({@code reactor.netty.connection.provider.*}, tag {@code name}
     *                       = {@code hospay-<channel>}) to Micrometer's global registry
     */
    public record Pool(int maxConnections, int maxWaiting, Duration maxIdle, boolean metrics) {

        /** Sized for counterparties of a busy hospital, not for the cores of the machine (see above). */
        public static final Pool DEFAULT = new Pool(256, 1024, Duration.ofSeconds(20), false);

        public Pool {
            Objects.requireNonNull(maxIdle, "maxIdle");
            if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
            if (maxWaiting < 1) throw new IllegalArgumentException("maxWaiting must be at least 1: " + maxWaiting);
            if (maxIdle.isNegative() || maxIdle.isZero()) throw new IllegalArgumentException("maxIdle must be positive: " + maxIdle);
        }
    }

    /**
     * What an application adds to every adapter's client: besides changing the builder (observation, filters), the size
     * of the channel's pool. An adapter passes it through unread; a plain {@code Consumer} gets {@link Pool#DEFAULT}.
     */
    public interface ClientOptions extends Consumer<WebClient.Builder> {
        Pool pool();
    }

    public static WebClient webClient(Settings settings) {
        return webClient(settings, builder -> {});
    }

    /**
     * @param customizer adds to the builder (filters for metrics or tracing; tests use it to corrupt bytes in flight); a
     *                   {@link ClientOptions} also sizes the pool
     */
    public static WebClient webClient(Settings settings, Consumer<WebClient.Builder> customizer) {
        Pool size = customizer instanceof ClientOptions options ? options.pool() : Pool.DEFAULT;
        ConnectionProvider pool = ConnectionProvider.builder("hospay-" + settings.channel().name().toLowerCase(Locale.ROOT))
                .maxConnections(size.maxConnections())
                .pendingAcquireMaxCount(size.maxWaiting())
                .pendingAcquireTimeout(settings.connectTimeout())
                .maxIdleTime(size.maxIdle())
                .metrics(size.metrics())
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
