package org.hospay.gateway.family;

import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.support.SecretBox;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who of the mini-program's users a payment belongs to, by their verified identity only (never by anything
 * they type): its payer (a family-proxy deduction of theirs paid it), or its patient (the patient of the
 * binding that paid it hashes as their verified identity number, or the payment was made with their identity
 * number as certificate). Anyone else, and a user whose token carries no verified identity for the patient
 * checks, is nobody to it.
 */
@Component
public class PaymentParties {

    private final DatabaseClient db;
    private final Identities identities;
    private final SecretBox box;

    PaymentParties(DatabaseClient db, Identities identities, SecretBox box) {
        this.db = db;
        this.identities = identities;
        this.box = box;
    }

    /** Whether the signed-in user paid for the payment or is its patient. */
    public Mono<Boolean> isPayerOrPatient(Principal principal, UUID paymentId) {
        MiniUser user = MiniUser.of(principal);
        String idNo = verifiedIdNumber(user);
        return db.sql("""
                        SELECT p.cert_type, p.cert_enc,
                               EXISTS (SELECT 1 FROM family_deduction d JOIN family_binding b ON b.binding_id = d.binding_id
                                       WHERE d.payment_id = p.payment_id AND d.status = 'SUCCEEDED'
                                         AND (b.payer_id = :user OR b.patient_id_hash IN (:hashes))) AS party
                        FROM payment p WHERE p.payment_id = :p""")
                .bind("p", paymentId).bind("user", user.id()).bind("hashes", idNo == null ? List.of("-") : identities.candidates(idNo))
                .map(r -> r.get("party", Boolean.class)
                        || (idNo != null && "ID_NUMBER".equals(r.get("cert_type", String.class)) && r.get("cert_enc", byte[].class) != null
                            && idNo.equals(certNumber(r.get("cert_enc", byte[].class)))))
                .one()
                .defaultIfEmpty(false);
    }

    /** The canonical verified identity number, or null when the token vouches for none (or a malformed one). */
    private String verifiedIdNumber(MiniUser user) {
        if (!user.verified()) return null;
        try {
            return identities.idNumber(user.idNumber());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String certNumber(byte[] sealed) {
        try {
            return identities.idNumber(new String(box.open(sealed), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return null;
        }
    }
}
