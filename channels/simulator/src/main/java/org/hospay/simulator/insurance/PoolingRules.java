package org.hospay.simulator.insurance;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.hospay.simulator.insurance.InsuranceState.Fee;
import org.hospay.simulator.insurance.InsuranceState.SimPerson;
import org.hospay.simulator.insurance.OutpatientPooling.Line;
import org.hospay.simulator.insurance.OutpatientPooling.Split;
import org.springframework.stereotype.Component;

/**
 * The outpatient pooling the platform applies now: the configured table, the simulated hospital's
 * level and type (test data may change them), and the split of a batch of fees for one person's
 * year so far, which 2206/2207 and 6201/6202 share.
 */
@Component
class PoolingRules {

    private final InsuranceState state;
    private final PoolingPolicy policy;
    private final AtomicReference<HospitalProfile> hospital;

    PoolingRules(InsuranceState state, PoolingPolicy policy, HospitalProfile hospital) {
        this.state = state;
        this.policy = policy;
        this.hospital = new AtomicReference<>(hospital);
    }

    HospitalProfile hospital() {
        return hospital.get();
    }

    void hospital(HospitalProfile profile) {
        hospital.set(profile);
    }

    PoolingPolicy policy() {
        return policy;
    }

    /** Called under the state's lock: the person's usage is read as it stands. */
    Split split(SimPerson p, List<Fee> fees, boolean accountUsed) {
        long[] u = p.usage(state.year());
        List<Line> lines = fees.stream().map(f -> new Line(f.sn(), f.itemCode(), f.category(), f.amountFen())).toList();
        var patient = new OutpatientPooling.Patient(p.insutype, p.pooledSigned, p.inpatient, u[0], u[1], p.accountBalanceFen);
        return OutpatientPooling.split(policy, hospital.get(), patient, lines, accountUsed);
    }
}
