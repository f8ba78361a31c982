package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.terminal.RequestSignature;
import org.hospay.gateway.terminal.Terminal;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/api.md §3.1-3.3 and §7.1: terminals do what their kind may, large refunds wait for the finance office,
 * and the audit trail records who did it, append-only.
 */
class RolesIT extends GatewayIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Above the default approval threshold (100,000 fen). */
    private static final long LARGE_FEN = 150_000;

    private SignedClient reader;
    private SignedClient kiosk;
    private SignedClient finance;
    private SignedClient otherFinance;

    @BeforeEach
    void terminalsOfEveryKind() {
        terminals.upsert(new Terminal("it-roles-reader", Terminal.Kind.NFC_READER, "it-hospital", "W01"), "it-roles-reader-secret").block();
        terminals.upsert(new Terminal("it-roles-kiosk", Terminal.Kind.KIOSK, "it-hospital", null), "it-roles-kiosk-secret").block();
        terminals.upsert(new Terminal("it-roles-finance", Terminal.Kind.FINANCE, "it-hospital", null), "it-roles-finance-secret").block();
        terminals.upsert(new Terminal("it-roles-finance-2", Terminal.Kind.FINANCE, "it-hospital", null), "it-roles-finance-2-secret").block();
        reader = new SignedClient(http, "it-roles-reader", "it-roles-reader-secret");
        kiosk = new SignedClient(http, "it-roles-kiosk", "it-roles-kiosk-secret");
        finance = new SignedClient(http, "it-roles-finance", "it-roles-finance-secret");
        otherFinance = new SignedClient(http, "it-roles-finance-2", "it-roles-finance-2-secret");
    }

    record Reply(int status, JsonNode body) {}

    private static Reply reply(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
        var r = spec.expectBody(String.class).returnResult();
        return new Reply(r.getStatus().value(), JSON.readTree(r.getResponseBody() == null ? "{}" : r.getResponseBody()));
    }

    private Payments.View paid(SignedClient by, long fen) {
        Sim.Wallet w = Sim.wallet("WECHAT", fen * 2);
        Payments.View p = Payments.pay(by, Bills.bill(Bills.newBillNo(), w.authCode(), "DRUG", fen));
        assertThat(p.status()).as("%s", p).isEqualTo("SUCCEEDED");
        return p;
    }

    private Reply refund(SignedClient by, UUID paymentId, String body) {
        return reply(by.postWithKey("/api/v1/payments/" + paymentId + "/refunds", body, UUID.randomUUID().toString()));
    }

    private List<Map<String, Object>> audit(String resourceId) {
        return db.sql("SELECT terminal_id, operator_id, action, outcome FROM audit_event WHERE resource_id = :r ORDER BY event_id")
                .bind("r", resourceId).fetch().all().collectList().block();
    }

    @Test
    void anNfcReaderOrAKioskMayNotRefundAndTheRefusalIsTheUsualShape() {
        Payments.View p = paid(window, 2_000);
        for (SignedClient notAllowed : List.of(reader, kiosk)) {
            Reply r = refund(notAllowed, p.paymentId(), "{}");
            assertThat(r.status()).as("%s", r.body()).isEqualTo(403);
            assertThat(r.body().path("error").path("code").asString()).isEqualTo("FORBIDDEN");
            assertThat(r.body().path("error").path("message").asString()).isNotEmpty();
        }
        assertThat(Payments.get(window, p.paymentId()).refundedFen()).isZero();
        assertThat(reply(reader.post("/api/v1/payments", Bills.bill(Bills.newBillNo(), "134567890123456789"))).status())
                .as("readers only tap").isEqualTo(403);
    }

    @Test
    void aWindowListsOnlyItsOwnWindowsPaymentsAndFinanceAnyWindows() {
        assertThat(reply(window.get("/api/v1/payments?windowId=W01")).status()).isEqualTo(200);
        Reply other = reply(window.get("/api/v1/payments?windowId=W02"));
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body().path("error").path("code").asString()).isEqualTo("FORBIDDEN");
        assertThat(reply(finance.get("/api/v1/payments?windowId=W02")).status()).isEqualTo(200);
        assertThat(reply(kiosk.get("/api/v1/payments?windowId=W01")).status()).isEqualTo(403);
    }

    @Test
    void aLargeRefundAtAWindowWaitsForFinanceAndThenExecutes() {
        Payments.View p = paid(window, LARGE_FEN);
        SignedClient cashier = window.as("C0042");

        Reply asked = refund(cashier, p.paymentId(), "{\"reason\":\"退费\"}");
        assertThat(asked.status()).as("%s", asked.body()).isEqualTo(202);
        assertThat(asked.body().path("status").asString()).isEqualTo("APPROVAL_REQUIRED");
        String refundId = asked.body().path("refundId").asString();
        assertThat(Payments.get(window, p.paymentId()).refundedFen()).as("nothing sent yet").isZero();

        Reply byTheWindow = reply(cashier.post("/api/v1/refunds/" + refundId + "/approvals", ""));
        assertThat(byTheWindow.status()).isEqualTo(403);

        Reply approved = reply(finance.as("F007").post("/api/v1/refunds/" + refundId + "/approvals", ""));
        assertThat(approved.status()).as("%s", approved.body()).isEqualTo(200);
        assertThat(approved.body().path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(approved.body().path("amountFen").asLong()).isEqualTo(LARGE_FEN);
        Payments.View after = Payments.get(window, p.paymentId());
        assertThat(after.status()).isEqualTo("REFUNDED");
        assertThat(after.refundedFen()).isEqualTo(LARGE_FEN);

        Reply again = reply(otherFinance.post("/api/v1/refunds/" + refundId + "/approvals", ""));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().path("error").path("code").asString()).isEqualTo("REFUND_NOT_AWAITING_APPROVAL");

        assertThat(audit(refundId)).extracting(r -> r.get("action") + " " + r.get("terminal_id") + " " + r.get("operator_id") + " " + r.get("outcome"))
                .containsSubsequence(
                        "REFUND_REQUEST " + WINDOW_ID + " C0042 APPROVAL_REQUIRED",
                        "REFUND_EXECUTE it-roles-finance F007 SUCCEEDED",
                        "REFUND_APPROVE it-roles-finance F007 SUCCEEDED");
    }

    @Test
    void financeNeedsASecondPersonToApproveItsOwnLargeRefund() {
        Payments.View p = paid(window, LARGE_FEN);
        Reply asked = refund(finance.as("F001"), p.paymentId(), "{}");
        assertThat(asked.status()).isEqualTo(202);
        String refundId = asked.body().path("refundId").asString();

        Reply self = reply(finance.as("F001").post("/api/v1/refunds/" + refundId + "/approvals", ""));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.body().path("error").path("code").asString()).isEqualTo("SECOND_APPROVER_REQUIRED");

        Reply second = reply(finance.as("F002").post("/api/v1/refunds/" + refundId + "/approvals", ""));
        assertThat(second.status()).as("%s", second.body()).isEqualTo(200);
        assertThat(second.body().path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void aSmallRefundIsExecutedAtOnceAsBefore() {
        Payments.View p = paid(window, 2_000);
        Reply r = refund(window, p.paymentId(), "{\"amountFen\":500}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("status").asString()).isEqualTo("SUCCEEDED");
    }

    @Test
    void theOperatorIdIsAuditedAndATamperedOneFailsTheSignature() {
        Payments.View p = paid(window.as("C0042"), 2_000);
        assertThat(audit(p.paymentId().toString())).extracting(r -> r.get("action") + " " + r.get("operator_id") + " " + r.get("outcome"))
                .contains("PAYMENT_CREATE C0042 SUCCEEDED");
        window.as("C0042").get("/api/v1/terminals/me").expectStatus().isOk().expectBody().jsonPath("$.operatorId").isEqualTo("C0042");

        String ts = Long.toString(Instant.now().getEpochSecond());
        String nonce = UUID.randomUUID().toString();
        byte[] secret = WINDOW_SECRET.getBytes(StandardCharsets.UTF_8);
        String signedForC0042 = RequestSignature.sign(secret, "GET", "/api/v1/terminals/me", ts, nonce, new byte[0], "C0042");
        http.get().uri("/api/v1/terminals/me").header("X-Terminal-Id", WINDOW_ID).header("X-Timestamp", ts).header("X-Nonce", nonce)
                .header("X-Signature", signedForC0042).header("X-Operator-Id", "C0043")
                .exchange().expectStatus().isUnauthorized().expectBody().jsonPath("$.error.code").isEqualTo("UNAUTHENTICATED");
        String signedWithout = RequestSignature.sign(secret, "GET", "/api/v1/terminals/me", ts, nonce, new byte[0]);
        http.get().uri("/api/v1/terminals/me").header("X-Terminal-Id", WINDOW_ID).header("X-Timestamp", ts).header("X-Nonce", nonce)
                .header("X-Signature", signedWithout).header("X-Operator-Id", "C0042")
                .exchange().expectStatus().isUnauthorized();
        // Neither refusal burnt the nonce, and the five-line signature of old still works without the header.
        http.get().uri("/api/v1/terminals/me").header("X-Terminal-Id", WINDOW_ID).header("X-Timestamp", ts).header("X-Nonce", nonce)
                .header("X-Signature", signedWithout).exchange().expectStatus().isOk();
    }

    @Test
    void theAuditTableRefusesUpdateDeleteAndTruncate() {
        Payments.View p = paid(window, 2_000);
        String id = p.paymentId().toString();
        assertThat(audit(id)).isNotEmpty();
        for (String sql : List.of("UPDATE audit_event SET outcome = 'FORGED' WHERE resource_id = '" + id + "'",
                "DELETE FROM audit_event WHERE resource_id = '" + id + "'", "TRUNCATE audit_event")) {
            assertThatThrownBy(() -> db.sql(sql).then().block()).as(sql).hasMessageContaining("append-only");
        }
        assertThat(audit(id)).extracting(r -> r.get("outcome")).doesNotContain("FORGED");
    }
}
