package org.hospay.simulator.insurance;

import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The hospital's patient index as the gateway sees it ({@code POST /his/patients/verify}) and its test data
 * ({@code POST /sim/hospital/patients}): what family proxy checks a payer's patient against.
 */
@RestController
class HospitalRecordsController {

    private final HospitalRecords records;

    HospitalRecordsController(HospitalRecords records) {
        this.records = records;
    }

    record PatientRequest(String name, String idNo, String cardNo) {}

    /** Issues a hospital card to a patient (insured or not); {@code cardNo} optional. → {@code {"cardNo"}}. */
    @PostMapping("/sim/hospital/patients")
    ResponseEntity<Map<String, Object>> add(@RequestBody PatientRequest r) {
        if (r.name() == null || r.name().isBlank()) return TestDataErrors.bad("INVALID_PATIENT", "name is required");
        if (r.idNo() == null || r.idNo().isBlank()) return TestDataErrors.bad("INVALID_PATIENT", "idNo is required");
        try {
            return ResponseEntity.ok(Map.of("cardNo", records.register(r.cardNo(), r.name().strip(), r.idNo().strip())));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(409).body(Map.of("error", Map.of("code", "CARD_EXISTS", "message", e.getMessage())));
        }
    }

    /** {@code {"cardNo","name","idNo"}} → {@code {"result":"MATCH|NAME_MISMATCH|CARD_OF_ANOTHER_PERSON|CARD_NOT_FOUND"}}. */
    @PostMapping("/his/patients/verify")
    Map<String, Object> verify(@RequestBody PatientRequest r) {
        return Map.of("result", records.verify(r.cardNo(), r.name(), r.idNo()).name());
    }
}
