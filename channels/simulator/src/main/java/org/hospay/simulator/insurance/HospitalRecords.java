package org.hospay.simulator.insurance;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The simulated hospital's patient index (the HIS card register): hospital card → holder's name and identity
 * number. Filled by test data (directly, or with an insured person that names a {@code hospitalCardNo}); read
 * only through {@link #verify}, which answers a verdict and never who the holder is.
 */
@Component
public class HospitalRecords {

    public enum Verdict { MATCH, NAME_MISMATCH, CARD_OF_ANOTHER_PERSON, CARD_NOT_FOUND }

    record Holder(String cardNo, String name, String idNo) {}

    private final Map<String, Holder> byCard = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 1000);

    /**
     * Issues (or re-issues to the same person) a card; {@code cardNo} null: a fresh number {@code H} + 10 digits.
     * A card already issued to another identity number is refused.
     */
    public String register(String cardNo, String name, String idNo) {
        String card = cardNo == null || cardNo.isBlank() ? "H" + String.format("%010d", seq.incrementAndGet() % 10_000_000_000L) : cardNo.strip();
        Holder holder = new Holder(card, name, idNo);
        Holder existing = byCard.putIfAbsent(card, holder);
        if (existing != null) {
            if (!existing.idNo().equals(idNo)) throw new IllegalArgumentException("hospital card " + card + " belongs to another person");
            byCard.put(card, holder);
        }
        return card;
    }

    public Verdict verify(String cardNo, String name, String idNo) {
        Holder h = cardNo == null ? null : byCard.get(cardNo.strip());
        if (h == null) return Verdict.CARD_NOT_FOUND;
        if (!h.idNo().equalsIgnoreCase(idNo == null ? "" : idNo.strip())) return Verdict.CARD_OF_ANOTHER_PERSON;
        if (!h.name().equals(name == null ? "" : name.strip())) return Verdict.NAME_MISMATCH;
        return Verdict.MATCH;
    }

    Optional<Holder> holder(String cardNo) {
        return Optional.ofNullable(byCard.get(cardNo));
    }
}
