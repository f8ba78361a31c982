package org.hospay.simulator.insurance;

import java.util.Objects;

/** The simulated hospital the platform settles for: its level and type decide ratio, deductible and the signing exemption. */
public record HospitalProfile(HospitalLevel level, HospitalType type) {

    public HospitalProfile {
        Objects.requireNonNull(level, "hospital level");
        Objects.requireNonNull(type, "hospital type");
    }
}
