package org.hospay.simulator.insurance;

import java.time.Duration;
import java.util.Map;
import org.hospay.code.DemoKeys;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sim.insurance.*} (the pooling table itself is {@link PoolingPolicy}, {@code sim.insurance.pooling}).
 *
 * @param servicePath      the one transaction endpoint
 * @param hospitalLevel    level of the simulated hospital (default TERTIARY: the Qingdao case of docs/architecture.md §1 is a 三级 dental hospital)
 * @param hospitalType     type of the simulated hospital (default DENTAL)
 * @param hospitalKeys     fixmedins_code → SM2 public key (hex) requests must be signed with; default: the DEMO ONLY hospital
 * @param platformKeyId    which DEMO ONLY platform key ({@code DemoKeys}) signs answers and codes: {@code demo-2026}
 *                         (default) or {@code demo-2025}, to exercise a gateway's key rotation
 * @param voucherValidity  how long a minted e-voucher / aggregated code is valid
 * @param tokenValidity    how long the e-voucher token inside it keeps working for 1101/2201
 */
@ConfigurationProperties("sim.insurance")
public record InsuranceSimProperties(String servicePath, HospitalLevel hospitalLevel, HospitalType hospitalType,
                                     Map<String, String> hospitalKeys, String platformKeyId, Duration voucherValidity,
                                     Duration tokenValidity) {

    public InsuranceSimProperties {
        servicePath = servicePath == null || servicePath.isBlank() ? "/fsi/api/rsfComIfsService/callService" : servicePath;
        hospitalLevel = hospitalLevel == null ? HospitalLevel.TERTIARY : hospitalLevel;
        hospitalType = hospitalType == null ? HospitalType.DENTAL : hospitalType;
        hospitalKeys = hospitalKeys == null || hospitalKeys.isEmpty()
                ? Map.of(org.hospay.simulator.wire.DemoKeys.INSURANCE_HOSPITAL_CODE,
                        org.hospay.simulator.wire.DemoKeys.INSURANCE_HOSPITAL_SM2_PUBLIC) : Map.copyOf(hospitalKeys);
        platformKeyId = platformKeyId == null || platformKeyId.isBlank() ? DemoKeys.CURRENT : platformKeyId.strip();
        try {
            DemoKeys.platformKeyPair(platformKeyId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sim.insurance.platform-key-id: " + e.getMessage(), e);
        }
        voucherValidity = voucherValidity == null ? Duration.ofMinutes(5) : voucherValidity;
        tokenValidity = tokenValidity == null ? Duration.ofHours(4) : tokenValidity;
        if (voucherValidity.isNegative() || voucherValidity.isZero() || tokenValidity.compareTo(voucherValidity) < 0)
            throw new IllegalArgumentException("sim.insurance.voucher-validity must be positive and token-validity at least as long: "
                    + voucherValidity + ", " + tokenValidity);
    }
}
