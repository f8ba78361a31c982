package org.hospay.gateway.channel;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.function.Consumer;
import org.hospay.channels.Channel;
import org.springframework.web.reactive.function.client.ClientRequestObservationContext;
import org.springframework.web.reactive.function.client.DefaultClientRequestObservationConvention;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * What the gateway adds to every adapter's hand-built WebClient: the application's {@link ObservationRegistry},
 * so each call to a counterparty is an {@code http.client.requests} timer and, with tracing on, a span of the
 * payment's trace whose context travels in the request's {@code traceparent} header. {@code client.name} is the
 * channel (the simulator plays every channel on one host, and a vendor's host says less than its name).
 */
final class ChannelObservation {

    private final ObservationRegistry registry;

    ChannelObservation(ObservationRegistry registry) {
        this.registry = registry;
    }

    Consumer<WebClient.Builder> of(Channel channel) {
        KeyValue name = KeyValue.of("client.name", channel.name().toLowerCase(Locale.ROOT));
        var convention = new DefaultClientRequestObservationConvention() {
            @Override
            protected KeyValue clientName(ClientRequestObservationContext context) {
                return name;
            }
        };
        return builder -> builder.observationRegistry(registry).observationConvention(convention);
    }
}
