package org.hospay.gateway.family;

import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/**
 * The hospital's patient index (the HIS's card register): whether a hospital card belongs to the person a
 * payer names. Asked once per verification; the index answers a verdict and never hands out who the holder is.
 */
interface HospitalRecords {

    enum Verdict {
        /** The card is this person's (name and identity number). */
        MATCH,
        /** The card is this identity number's, but the register holds another name. */
        NAME_MISMATCH,
        /** The card belongs to someone else. */
        CARD_OF_ANOTHER_PERSON,
        /** The hospital never issued this card. */
        CARD_NOT_FOUND,
        /** An answer this code does not know: treated as no answer. */
        UNRECOGNIZED;

        static Verdict of(String value) {
            if (value == null) return UNRECOGNIZED;
            for (Verdict v : values()) if (v != UNRECOGNIZED && v.name().equals(value.strip())) return v;
            return UNRECOGNIZED;
        }
    }

    /** Never throws: a register that cannot answer is Declined CHANNEL_UNAVAILABLE or Unknown. */
    Mono<Outcome<Verdict>> verify(String cardNo, String name, String idNo);

    /**
     * Whether {@code idNo} is the registered guardian of the card's holder (a minor's parent, a court-appointed
     * guardian: the hospital records it at registration). Anything but a clear yes counts as no.
     */
    Mono<Boolean> isGuardian(String cardNo, String idNo);

    /**
     * The hospital texts the card's holder at the phone it registered (the gateway never learns the number):
     * the masked phone it went to; empty when the hospital has no phone for the card; Unknown when it cannot answer.
     */
    Mono<Outcome<java.util.Optional<String>>> textHolder(String cardNo, String text);
}
