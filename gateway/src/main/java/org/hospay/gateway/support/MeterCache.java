package org.hospay.gateway.support;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Meters by up to three tag values, built once and then found without allocating: the hot path (a leg's
 * call, a payment's end) asks for the meter of its tag values and gets the instance registered the first
 * time, through nested look-ups on the values themselves (no key object, no {@code Tags}, no registry
 * look-up per call). Tag values must come from small fixed sets (enum names, channel names, codes).
 */
public final class MeterCache<M> {

    /** Builds the meter of one combination of tag values, once. */
    @FunctionalInterface
    public interface Factory<M> {
        M create(String a, String b, String c);
    }

    private final Factory<M> factory;
    private final ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<String, M>>> meters = new ConcurrentHashMap<>();

    public MeterCache(Factory<M> factory) {
        this.factory = factory;
    }

    public M get(String a) {
        return get(a, "", "");
    }

    public M get(String a, String b) {
        return get(a, b, "");
    }

    public M get(String a, String b, String c) {
        String ka = a == null ? "none" : a;
        String kb = b == null ? "none" : b;
        String kc = c == null ? "none" : c;
        ConcurrentMap<String, ConcurrentMap<String, M>> byA = meters.get(ka);
        if (byA == null) byA = meters.computeIfAbsent(ka, k -> new ConcurrentHashMap<>());
        ConcurrentMap<String, M> byB = byA.get(kb);
        if (byB == null) byB = byA.computeIfAbsent(kb, k -> new ConcurrentHashMap<>());
        M m = byB.get(kc);
        if (m == null) m = byB.computeIfAbsent(kc, k -> factory.create(ka, kb, k));
        return m;
    }
}
