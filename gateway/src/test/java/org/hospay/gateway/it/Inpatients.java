package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import tools.jackson.databind.json.JsonMapper;

/** Inpatient stays over HTTP (docs/api.md §13), as a ward's bedside terminal or a window calls them. */
public final class Inpatients {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger SEQ = new AtomicInteger();

    private Inpatients() {}

    public record Deposit(UUID depositId, String kind, long amountFen, String status, String method, UUID paymentId, String createdAt) {}

    public record Settlement(long totalFen, long fundPayFen, long accountPayFen, long selfPayFen, long depositsFen, long refundFen,
                             long shortfallFen) {}

    public record Refund(UUID refundRowId, UUID stayId, UUID depositId, UUID paymentId, long amountFen, String reason, String status,
                         int attempts, UUID refundId, String failureCode, String createdAt) {}

    public record Stay(UUID stayId, String admissionNo, String patient, String ward, String bed, String status, String stage,
                       long feesFen, long depositsFen, long refundedFen, long refundingFen, long balanceFen,
                       List<Deposit> deposits, Settlement settlement, List<Refund> refunds, String admittedAt, String dischargedAt,
                       Insurance insurance, List<Reminder> reminders) {}

    public record Reminder(String reminderNo, String kind, long suggestedFen, long balanceFen, String card, int notified, String createdAt) {}

    public record ReminderAnswer(UUID stayId, String reminderNo, String kind, long suggestedFen, long balanceFen, int notified,
                                 boolean replayed) {}

    public record Insurance(String stage, String insutype, String mdtrtId, String setlId, Payments.Pooling pooling, String failure) {}

    public record FeeAnswer(UUID stayId, String batchNo, long amountFen, boolean replayed, long feesFen, long batches, String insurance) {}

    public record DepositAnswer(UUID depositId, UUID stayId, String kind, long amountFen, String status, Payments.View payment,
                                long balanceFen, boolean stillRunning) {}

    public record Reply(int status, String body) {
        public <T> T as(Class<T> type) {
            return JSON.readValue(body, type);
        }
    }

    public static String newAdmissionNo() {
        return "ZY" + System.currentTimeMillis() % 100_000_000 + "-" + SEQ.incrementAndGet();
    }

    public static Reply call(SignedClient t, String path, String json, String key) {
        var r = (key == null ? t.post(path, json) : t.postWithKey(path, json, key)).expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), r.getResponseBody());
    }

    public static Stay admit(SignedClient t) {
        Reply r = call(t, "/api/v1/inpatient/stays", "{\"admissionNo\":\"" + newAdmissionNo() + "\",\"patientName\":\"王秀英\",\"bed\":\"12\"}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.as(Stay.class);
    }

    /** An insured admission: the patient presents their ID number (1101, then 2401 at the platform). */
    public static Reply admitInsured(SignedClient t, String idNo) {
        return call(t, "/api/v1/inpatient/stays", "{\"admissionNo\":\"" + newAdmissionNo() + "\",\"patientName\":\"王秀英\",\"bed\":\"12\","
                + "\"insurance\":{\"certType\":\"ID_NUMBER\",\"certNo\":\"" + idNo + "\"}}", null);
    }

    public static Reply cancelFees(SignedClient t, UUID stayId, String batchNo) {
        return call(t, "/api/v1/inpatient/stays/" + stayId + "/fees/" + batchNo + "/cancel", "", null);
    }

    public static DepositAnswer deposit(SignedClient t, UUID stayId, long fen, String code) {
        Reply r = call(t, "/api/v1/inpatient/stays/" + stayId + "/deposits", "{\"amountFen\":" + fen + ",\"scannedCode\":\"" + code + "\"}",
                UUID.randomUUID().toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        DepositAnswer d = r.as(DepositAnswer.class);
        assertThat(d.status()).as(r.body()).isEqualTo("SUCCEEDED");
        return d;
    }

    /** One fee batch of one line of {@code fen}. */
    public static Reply fees(SignedClient t, UUID stayId, String batchNo, long fen) {
        return call(t, "/api/v1/inpatient/stays/" + stayId + "/fees", "{\"batchNo\":\"" + batchNo + "\",\"items\":[{\"code\":\"B001\","
                + "\"name\":\"床位费\",\"category\":\"OTHER\",\"quantity\":1,\"priceFen\":" + fen + ",\"amountFen\":" + fen + "}],\"totalFen\":"
                + fen + "}", null);
    }

    public static Reply discharge(SignedClient t, UUID stayId) {
        return call(t, "/api/v1/inpatient/stays/" + stayId + "/discharge", "", null);
    }

    public static Stay get(SignedClient t, UUID stayId) {
        return JSON.readValue(t.get("/api/v1/inpatient/stays/" + stayId).expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody(), Stay.class);
    }

    /** Polls the stay until {@code done} holds (bounded); the last read either way. */
    public static Stay await(SignedClient t, UUID stayId, Predicate<Stay> done, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Stay s = get(t, stayId);
        while (!done.test(s) && System.nanoTime() < deadline) {
            Payments.pause(300);
            s = get(t, stayId);
        }
        return s;
    }
}
