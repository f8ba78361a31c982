package org.hospay.simulator.fault;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.hospay.simulator.wire.Channel;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Per-channel faults and the decision each request draws from them. */
@Component
@EnableConfigurationProperties(FaultDefaults.class)
public class FaultRegistry {

    /** Every counterparty the simulator plays, by its {@link Channel} name, and the fiscal e-invoice platform (EINVOICE). */
    public static final Set<String> CHANNELS = Stream.concat(Stream.of(Channel.values()).map(Channel::name), Stream.of("EINVOICE"))
            .collect(Collectors.toUnmodifiableSet());

    /** What happens to one request. */
    public enum Effect { NORMAL, ERROR, TIMEOUT }

    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final Map<String, Fault> defaults;

    /** @param defaults the start-up latency model per channel ({@code sim.faults.<CHANNEL>.*}); DELETE returns to it */
    public FaultRegistry(FaultDefaults defaults) {
        this.defaults = Map.copyOf(defaults.faults().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> channel(e.getKey()), Map.Entry::getValue)));
        faults.putAll(this.defaults);
    }

    public static String channel(String name) {
        String c = name.toUpperCase(Locale.ROOT);
        if (!CHANNELS.contains(c)) throw new IllegalArgumentException("unknown channel " + name + ", expected one of " + CHANNELS);
        return c;
    }

    public void set(String channel, Fault fault) {
        faults.put(channel(channel), fault);
    }

    public void clear(String channel) {
        String c = channel(channel);
        if (defaults.containsKey(c)) faults.put(c, defaults.get(c));
        else faults.remove(c);
    }

    public void clearAll() {
        faults.clear();
        faults.putAll(defaults);
    }

    public Fault get(String channel) {
        return faults.getOrDefault(channel(channel), Fault.NONE);
    }

    public Effect draw(String channel) {
        return draw(channel, null);
    }

    /** The fate of one request for {@code operation} (see {@link Fault#operations()}). */
    public Effect draw(String channel, String operation) {
        Fault f = get(channel);
        if (!f.appliesTo(operation)) return Effect.NORMAL;
        if (f.hang()) return Effect.TIMEOUT;
        double r = ThreadLocalRandom.current().nextDouble();
        if (r < f.timeoutRate()) return Effect.TIMEOUT;
        if (r < f.timeoutRate() + f.errorRate()) return Effect.ERROR;
        return Effect.NORMAL;
    }

    /** Delays an answer by the channel's injected latency (on a timer, never blocking a thread). */
    public <T> Mono<T> delayed(String channel, Mono<T> answer) {
        long ms = Math.max(0, get(channel).drawLatencyMs(ThreadLocalRandom.current()));
        return ms == 0 ? answer : answer.delaySubscription(Duration.ofMillis(ms));
    }
}
