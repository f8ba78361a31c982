package org.hospay.gateway.family;

import org.hospay.gateway.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Mini-program users' real-name identities, which come only from their tokens' verified claims
 * ({@link MiniUser}): a user is a payer as that person, and the patient of the bindings whose identity
 * number hashes the same. What a user types never sets or changes it: {@code PUT /api/v1/mini/me} may repeat
 * the verified identity, and anything else is 409 {@code IDENTITY_VERIFIED}.
 */
@Component
class VerifiedUsers {

    private static final Logger log = LoggerFactory.getLogger(VerifiedUsers.class);

    record PayerRequest(String name, String idNo) {}

    record PayerView(String payerId, String name, String idNo) {}

    /** A caller's identity as their token's issuer verified it: the name, the canonical number and its keyed hash. */
    record Self(String name, String idNo, String idHash) {}

    private final Identities identities;
    private final FamilyStore store;

    VerifiedUsers(Identities identities, FamilyStore store) {
        this.identities = identities;
        this.store = store;
    }

    /** The verified identity of the caller, or 403 IDENTITY_NOT_VERIFIED. */
    Self self(MiniUser user) {
        if (!user.verified()) {
            throw ApiException.forbidden("IDENTITY_NOT_VERIFIED", "your token carries no verified real-name identity; "
                    + "sign in to the mini-program again through its real-name check");
        }
        try {
            String idNo = identities.idNumber(user.idNumber());
            return new Self(Identities.name(user.name()), idNo, identities.hash(idNo));
        } catch (ApiException e) {
            log.warn("mini-program user {}: the token's real-name claims are malformed ({})", user.id(), e.getMessage());
            throw ApiException.forbidden("IDENTITY_NOT_VERIFIED", "the token's real-name claims are not a valid name and identity number");
        }
    }

    /**
     * Records the caller's verified identity as a payer. The body may repeat it; it can never set or change it
     * (409 IDENTITY_VERIFIED), so nobody becomes a patient by typing that patient's identity number.
     */
    Mono<PayerView> register(MiniUser user, PayerRequest r) {
        return Mono.defer(() -> {
            Self me = self(user);
            if (r != null && (differs(r.name(), me.name()) || differs(r.idNo(), me.idNo()))) {
                throw ApiException.conflict("IDENTITY_VERIFIED", "your name and identity number are those your mini-program "
                        + "sign-in verified; they cannot be set or changed here");
            }
            return save(user, me).thenReturn(view(user, me));
        });
    }

    Mono<PayerView> me(MiniUser user) {
        return Mono.fromSupplier(() -> view(user, self(user)));
    }

    /** Keeps the payer's verified identity beside their bindings (sealed, hashed, masked), refreshed on each use. */
    Mono<Void> save(MiniUser user, Self me) {
        return store.savePayer(user.id(), me.name(), identities.seal(me.idNo()), me.idHash(), Identities.mask(me.idNo()));
    }

    private static PayerView view(MiniUser user, Self me) {
        return new PayerView(user.id(), Identities.maskName(me.name()), Identities.mask(me.idNo()));
    }

    private static boolean differs(String typed, String verified) {
        return typed != null && !typed.isBlank() && !typed.strip().equalsIgnoreCase(verified);
    }
}
