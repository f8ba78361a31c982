package org.hospay.gateway.support;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A background pass run on a timer for the life of the application context: passes never overlap
 * (a tick that comes while one runs is dropped), and a failed pass is logged and the next one runs.
 */
public abstract class PeriodicPass implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicPass.class);

    private final String name;
    private volatile Disposable loop;

    protected PeriodicPass(String name) {
        this.name = name;
    }

    /** One pass over whatever is due. */
    protected abstract Mono<Void> pass();

    protected abstract Duration firstDelay();

    protected abstract Duration period();

    @Override
    public void start() {
        loop = Flux.interval(firstDelay(), period())
                .onBackpressureDrop()
                .concatMap(tick -> pass().onErrorResume(e -> {
                    log.warn("{} failed: {}", name, e.toString());
                    return Mono.empty();
                }))
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable d = loop;
        if (d != null) d.dispose();
        loop = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
