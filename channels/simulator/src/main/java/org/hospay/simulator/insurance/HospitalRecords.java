package org.hospay.simulator.insurance;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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

    /** {@code phone}: where the hospital texts the holder; {@code guardianIdNo}: the registered guardian (a minor's parent). Both optional. */
    record Holder(String cardNo, String name, String idNo, String phone, String guardianIdNo) {}

    /** A text the hospital sent to a phone (the stand-in for an SMS gateway), read back by tests and demos. */
    public record Sms(String phone, String cardNo, String text, Instant sentAt) {}

    private final List<Sms> texts = new CopyOnWriteArrayList<>();

    private final Map<String, Holder> byCard = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong(System.currentTimeMillis() % 1_000_000L * 1000);

    /**
     * Issues (or re-issues to the same person) a card; {@code cardNo} null: a fresh number {@code H} + 10 digits.
     * A card already issued to another identity number is refused.
     */
    public String register(String cardNo, String name, String idNo) {
        return register(cardNo, name, idNo, null, null);
    }

    public String register(String cardNo, String name, String idNo, String phone, String guardianIdNo) {
        String card = cardNo == null || cardNo.isBlank() ? "H" + String.format("%010d", seq.incrementAndGet() % 10_000_000_000L) : cardNo.strip();
        Holder holder = new Holder(card, name, idNo, blankToNull(phone), blankToNull(guardianIdNo));
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** Texts the card's holder at their registered phone; the masked phone, empty when the card or its phone is unknown. */
    Optional<String> textHolder(String cardNo, String text) {
        Holder h = cardNo == null ? null : byCard.get(cardNo.strip());
        if (h == null || h.phone() == null) return Optional.empty();
        texts.add(new Sms(h.phone(), h.cardNo(), text, Instant.now()));
        String p = h.phone();
        return Optional.of(p.length() < 7 ? "****" : p.substring(0, 3) + "****" + p.substring(p.length() - 4));
    }

    /** Whether {@code idNo} is the card holder's registered guardian. */
    boolean isGuardian(String cardNo, String idNo) {
        Holder h = cardNo == null ? null : byCard.get(cardNo.strip());
        return h != null && h.guardianIdNo() != null && idNo != null && h.guardianIdNo().equalsIgnoreCase(idNo.strip());
    }

    List<Sms> texts(String phone) {
        return texts.stream().filter(t -> phone == null || t.phone().equals(phone)).toList();
    }

    Optional<Holder> holder(String cardNo) {
        return Optional.ofNullable(byCard.get(cardNo));
    }
}
