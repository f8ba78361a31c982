package org.hospay.gateway.family;

import java.time.Duration;
import java.util.Map;
import org.hospay.gateway.support.PeriodicPass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers the payer outbox: every {@code notify-interval}, claims the messages that are due (a lease, so
 * several gateway instances never send one at once), hands each to the {@link PayerNotifier} in order and
 * marks it SENT, or schedules another attempt with exponential backoff (up to 10 minutes). A message is
 * delivered at least once; its id lets the receiver drop repeats.
 */
@Component
class NotificationRelay extends PeriodicPass {

    private static final Logger log = LoggerFactory.getLogger(NotificationRelay.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final FamilyStore store;
    private final PayerNotifier notifier;
    private final FamilyProperties props;
    private final JsonMapper json;

    NotificationRelay(FamilyStore store, PayerNotifier notifier, FamilyProperties props, JsonMapper json) {
        super("payer outbox relay");
        this.store = store;
        this.notifier = notifier;
        this.props = props;
        this.json = json;
    }

    @Override
    protected Duration firstDelay() {
        return props.notifyInterval();
    }

    @Override
    protected Duration period() {
        return props.notifyInterval();
    }

    /** One pass over the due messages. */
    @Override
    protected Mono<Void> pass() {
        return store.claimDue(props.notifyBatch(), LEASE)
                .concatMap(m -> notifier.send(new PayerNotifier.Message(Long.toString(m.notificationId()), m.payerId(), m.kind(),
                                json.readValue(m.payloadJson(), MAP)))
                        .then(store.delivered(m.notificationId()))
                        .onErrorResume(e -> {
                            Duration retry = backoff(m.attempts());
                            log.info("payer message {} ({}) not delivered, retry in {}: {}", m.notificationId(), m.kind(), retry, e.toString());
                            return store.notDelivered(m.notificationId(), retry, e.toString());
                        }))
                .then();
    }

    private static Duration backoff(int attempts) {
        long seconds = Math.min(600, 1L << Math.min(attempts, 10));
        return Duration.ofSeconds(seconds);
    }
}
