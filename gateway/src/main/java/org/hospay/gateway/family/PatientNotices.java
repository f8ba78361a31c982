package org.hospay.gateway.family;

import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells the people of a hospital card about the patient's inpatient stay (docs/api.md §13.7): the patient in the
 * mini-program when they registered there with their own identity, and every payer bound to the card (not revoked).
 * The messages go into the payer outbox, in the caller's transaction, and are delivered and retried like every payer
 * message ({@code NotificationRelay}).
 */
@Component
public class PatientNotices {

    private final FamilyStore store;
    private final Identities identities;

    PatientNotices(FamilyStore store, Identities identities) {
        this.store = store;
        this.identities = identities;
    }

    /** The ward's "deposit low" reminder; answers how many messages were queued (0: nobody to tell in the mini-program). */
    public Mono<Integer> depositLow(String hospitalId, String cardNo, String admissionNo, String reminderNo, long balanceFen,
                                    long suggestedFen) {
        var at = store.now();
        return store.bindingsOfCard(hospitalId, cardNo).collectList().flatMap(bindings -> {
            if (bindings.isEmpty()) return Mono.just(0);
            Binding first = bindings.getFirst();
            Flux<Mono<Void>> toPatient = store.payersWithIdentity(identities.candidates(identities.open(first.patientIdEnc())))
                    .map(patient -> store.notify(patient, PayerMessages.DEPOSIT_LOW, null, null,
                            PayerMessages.depositLow(first, true, admissionNo, reminderNo, balanceFen, suggestedFen, at)));
            Flux<Mono<Void>> toPayers = Flux.fromIterable(bindings)
                    .map(b -> store.notify(b.payerId(), PayerMessages.DEPOSIT_LOW, b.bindingId(), (UUID) null,
                            PayerMessages.depositLow(b, false, admissionNo, reminderNo, balanceFen, suggestedFen, at)));
            return Flux.concat(toPatient, toPayers).concatMap(m -> m.thenReturn(1)).count().map(Long::intValue);
        });
    }
}
