package org.hospay.simulator.insurance;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

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

    record PatientRequest(String name, String idNo, String cardNo, String phone, String guardianIdNo) {}

    record TextRequest(String cardNo, String text) {}

    record GuardianRequest(String cardNo, String idNo) {}

    /** Issues a hospital card to a patient (insured or not); {@code cardNo} optional. → {@code {"cardNo"}}. */
    @PostMapping("/sim/hospital/patients")
    ResponseEntity<Map<String, Object>> add(@RequestBody PatientRequest r) {
        if (r.name() == null || r.name().isBlank()) return TestDataErrors.bad("INVALID_PATIENT", "name is required");
        if (r.idNo() == null || r.idNo().isBlank()) return TestDataErrors.bad("INVALID_PATIENT", "idNo is required");
        try {
            return ResponseEntity.ok(Map.of("cardNo", records.register(r.cardNo(), r.name().strip(), r.idNo().strip(), r.phone(), r.guardianIdNo())));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.status(409).body(Map.of("error", Map.of("code", "CARD_EXISTS", "message", e.getMessage())));
        }
    }

    /**
     * {@code {"cardNo","text"}}: the HIS texts the card's holder at the phone it registered (the gateway never learns
     * the number) → {@code {"sentTo":"138****5678"}}; 404 {@code NO_PHONE} when it has no phone for the card.
     */
    @PostMapping("/his/patients/text")
    ResponseEntity<Map<String, Object>> text(@RequestBody TextRequest r) {
        if (r.text() == null || r.text().isBlank()) return TestDataErrors.bad("INVALID_TEXT", "text is required");
        return records.textHolder(r.cardNo(), r.text())
                .<ResponseEntity<Map<String, Object>>>map(masked -> ResponseEntity.ok(Map.of("sentTo", masked)))
                .orElseGet(() -> ResponseEntity.status(404).body(Map.of("error", Map.of("code", "NO_PHONE",
                        "message", "no phone registered for this card"))));
    }

    /** {@code {"cardNo","idNo"}} → {@code {"guardian":true|false}}: whether the person is the holder's registered guardian. */
    @PostMapping("/his/patients/guardian")
    Map<String, Object> guardian(@RequestBody GuardianRequest r) {
        return Map.of("guardian", records.isGuardian(r.cardNo(), r.idNo()));
    }

    /** The texts sent to {@code phone} (all when absent), oldest first: the simulated patient's phone. */
    @GetMapping("/sim/hospital/texts")
    List<HospitalRecords.Sms> texts(@RequestParam(required = false) String phone) {
        return records.texts(phone);
    }

    /** {@code {"cardNo","name","idNo"}} → {@code {"result":"MATCH|NAME_MISMATCH|CARD_OF_ANOTHER_PERSON|CARD_NOT_FOUND"}}. */
    @PostMapping("/his/patients/verify")
    Map<String, Object> verify(@RequestBody PatientRequest r) {
        return Map.of("result", records.verify(r.cardNo(), r.name(), r.idNo()).name());
    }
}
