package org.hospay.gateway.channel;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import org.hospay.channels.Channel;
import org.hospay.channels.http.HttpTransport;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What the gateway adds to every adapter's hand-built WebClient. The application's {@link ObservationRegistry}, so each
 * call to a counterparty is an {@code http.client.requests} timer and, with tracing on, a span of the payment's trace
 * whose context travels in the request's {@code traceparent} header; {@code client.name} is the channel (the simulator
 * plays every channel on one host, and a vendor's host says less than its name). And the size of the channel's
 * connection pool ({@code hospay.channels.connections}), whose gauges go to the meters.
 */
final class ChannelClients {

    private final ObservationRegistry registry;
    private final ChannelsProperties.Connections connections;

    ChannelClients(ObservationRegistry registry, ChannelsProperties.Connections connections) {
        this.registry = registry;
        this.connections = connections;
    }

    HttpTransport.ClientOptions of(Channel channel) {
        KeyValue name = KeyValue.of("client.name", channel.name().toLowerCase(Locale.ROOT));
        var convention = new DefaultClientRequestObservationConvention() {
            @Override
            protected KeyValue clientName(ClientRequestObservationContext context) {
                return name;
            }
        };
        HttpTransport.Pool pool = connections.pool(channel);
        return new HttpTransport.ClientOptions() {
            @Override
            public HttpTransport.Pool pool() {
                return pool;
            }

            @Override
            public void accept(WebClient.Builder builder) {
                builder.observationRegistry(registry).observationConvention(convention);
            }
        };
    }
}
