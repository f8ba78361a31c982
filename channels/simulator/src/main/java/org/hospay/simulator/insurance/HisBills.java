package org.hospay.simulator.insurance;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The HIS's outpatient bills (门诊待缴费处方): test data issues a bill to a hospital card
 * ({@code POST /sim/hospital/bills}); the gateway asks for a patient's bills by identity number
 * ({@code POST /his/bills/query}), as a mini-program's "my bills to pay" does. The HIS here does not
 * follow payment: which bill is paid is the gateway's record, so every issued bill is listed.
 */
@RestController
class HisBills {

    record Bill(String billNo, String cardNo, String idNo, String medType, JsonNode items, long totalFen, Instant issuedAt) {}

    record BillRequest(String billNo, String cardNo, String medType, JsonNode items, Long totalFen) {}

    record Query(String idNo) {}

    private final HospitalRecords records;
    private final Clock clock;
    private final Map<String, Bill> bills = new ConcurrentHashMap<>();

    HisBills(HospitalRecords records, Clock clock) {
        this.records = records;
        this.clock = clock;
    }

    /** Issues a bill to a card the hospital issued; the items are kept as given (the gateway validates them). */
    @PostMapping("/sim/hospital/bills")
    ResponseEntity<?> issue(@RequestBody BillRequest r) {
        if (r.billNo() == null || r.billNo().isBlank()) return TestDataErrors.bad("INVALID_BILL", "billNo is required");
        if (r.totalFen() == null || r.items() == null || !r.items().isArray()) return TestDataErrors.bad("INVALID_BILL", "items and totalFen are required");
        var holder = records.holder(r.cardNo() == null ? "" : r.cardNo().strip());
        if (holder.isEmpty()) return TestDataErrors.bad("INVALID_BILL", "no hospital card " + r.cardNo());
        Bill bill = new Bill(r.billNo().strip(), holder.get().cardNo(), holder.get().idNo(), r.medType() == null ? "OUTPATIENT" : r.medType(),
                r.items(), r.totalFen(), clock.instant());
        if (bills.putIfAbsent(bill.billNo(), bill) != null)
            return ResponseEntity.status(409).body(Map.of("error", Map.of("code", "BILL_EXISTS", "message", "bill " + bill.billNo() + " exists")));
        return ResponseEntity.ok(Map.of("billNo", bill.billNo(), "cardNo", bill.cardNo()));
    }

    /** {@code {"idNo"}} → {@code {"bills":[{"billNo","cardNo","medType","items","totalFen","issuedAt"}]}}, oldest first. */
    @PostMapping("/his/bills/query")
    Map<String, Object> query(@RequestBody Query q) {
        String idNo = q.idNo() == null ? "" : q.idNo().strip();
        List<Map<String, Object>> mine = bills.values().stream()
                .filter(b -> b.idNo().equalsIgnoreCase(idNo))
                .sorted(Comparator.comparing(Bill::issuedAt).thenComparing(Bill::billNo))
                .map(b -> Map.<String, Object>of("billNo", b.billNo(), "cardNo", b.cardNo(), "medType", b.medType(), "items", b.items(),
                        "totalFen", b.totalFen(), "issuedAt", b.issuedAt().toString()))
                .toList();
        return Map.of("bills", mine);
    }
}
