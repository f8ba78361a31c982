package org.hospay.simulator.insurance;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test and demo data of the insurance platform: insured persons, the simulated hospital's level
 * and type, and (in {@link VoucherController}) e-vouchers and aggregated codes.
 */
@RestController
class InsuranceTestDataController {

    private final InsurancePersons persons;
    private final PoolingRules pooling;
    private final HospitalRecords hospital;
    private final OutpatientSettlements outpatient;
    private final InpatientPoolingPolicy inpatientPooling;

    InsuranceTestDataController(InsurancePersons persons, PoolingRules pooling, HospitalRecords hospital, OutpatientSettlements outpatient,
                                InpatientPoolingPolicy inpatientPooling) {
        this.inpatientPooling = inpatientPooling;
        this.outpatient = outpatient;
        this.persons = persons;
        this.pooling = pooling;
        this.hospital = hospital;
    }

    /**
     * The fields of docs/api.md §12.1 plus optional {@code cardNo} (social-security card, for 1101 cert type 03),
     * {@code hospitalCardNo} and {@code inpatient}. The same idNo and name again updates that
     * person's test data and answers the same psnNo; the idNo under another name is 409.
     */
    record PersonRequest(String name, String idNo, String insutype, String region, Long accountBalanceFen, Boolean pooledSigned,
                         String cardNo, String hospitalCardNo, Boolean inpatient) {}

    @PostMapping("/sim/insurance/persons")
    ResponseEntity<Map<String, Object>> addPerson(@RequestBody PersonRequest r) {
        if (r.name() == null || r.name().isBlank()) return invalid("name is required");
        if (r.idNo() == null || r.idNo().isBlank()) return invalid("idNo is required");
        String insutype = r.insutype() == null ? "310" : r.insutype();
        if (!insutype.equals("310") && !insutype.equals("390")) return invalid("insutype must be 310 or 390: " + insutype);
        String region = r.region() == null ? "370200" : r.region();
        if (!region.matches("\\d{6}")) return invalid("region must be 6 digits: " + region);
        long balance = r.accountBalanceFen() == null ? 0 : r.accountBalanceFen();
        if (balance < 0) return invalid("accountBalanceFen must be >= 0");
        try {
            String psnNo = persons.addPerson(r.name().strip(), r.idNo().strip(), insutype, region, balance,
                    r.pooledSigned() == null || r.pooledSigned(), r.cardNo(), r.hospitalCardNo(), Boolean.TRUE.equals(r.inpatient()));
            // The hospital that issued the card knows its holder too (family proxy verifies against it).
            if (r.hospitalCardNo() != null && !r.hospitalCardNo().isBlank()) hospital.register(r.hospitalCardNo(), r.name().strip(), r.idNo().strip());
            return ResponseEntity.ok(Map.of("psnNo", psnNo));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(409).body(Map.of("error", Map.of("code", "PERSON_EXISTS", "message", e.getMessage())));
        }
    }

    /** The person as the platform holds them: account balance and this year's deductible and fund usage. */
    @GetMapping("/sim/insurance/persons/{psnNo}")
    ResponseEntity<?> person(@PathVariable String psnNo) {
        return persons.person(psnNo).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", Map.of("code", "NOT_FOUND", "message", "no person " + psnNo))));
    }

    /** The person's outpatient visits: {@code [{"mdtrtId","iptOtpNo","state":"OPEN|SETTLED|CANCELLED"}]}. */
    @GetMapping("/sim/insurance/persons/{psnNo}/visits")
    java.util.List<Map<String, String>> visits(@PathVariable String psnNo) {
        return outpatient.visitsOf(psnNo);
    }

    record InpatientRequest(Boolean inpatient) {}

    /** Admission ({@code true}) or discharge ({@code false}). */
    @PutMapping("/sim/insurance/persons/{psnNo}/inpatient")
    ResponseEntity<?> inpatient(@PathVariable String psnNo, @RequestBody InpatientRequest r) {
        if (r.inpatient() == null) return invalid("inpatient (true|false) is required");
        return persons.inpatient(psnNo, r.inpatient()) ? person(psnNo)
                : ResponseEntity.status(404).body(Map.of("error", Map.of("code", "NOT_FOUND", "message", "no person " + psnNo)));
    }

    record PolicyRequest(HospitalLevel hospitalLevel, HospitalType hospitalType) {}

    /** Sets the simulated hospital's level and/or type (the pooling table stays as configured). */
    @PostMapping("/sim/insurance/policy")
    Map<String, Object> setPolicy(@RequestBody PolicyRequest r) {
        HospitalProfile current = pooling.hospital();
        pooling.hospital(new HospitalProfile(r.hospitalLevel() == null ? current.level() : r.hospitalLevel(),
                r.hospitalType() == null ? current.type() : r.hospitalType()));
        return policy();
    }

    @GetMapping("/sim/insurance/policy")
    Map<String, Object> policy() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("hospitalLevel", pooling.hospital().level());
        out.put("hospitalType", pooling.hospital().type());
        out.put("pooling", pooling.policy());
        out.put("inpatientPooling", inpatientPooling);
        return out;
    }

    private static ResponseEntity<Map<String, Object>> invalid(String message) {
        return ResponseEntity.badRequest().body(Map.of("error", Map.of("code", "INVALID_PERSON", "message", message)));
    }
}
