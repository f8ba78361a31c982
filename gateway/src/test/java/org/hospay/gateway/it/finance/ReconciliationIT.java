package org.hospay.gateway.it.finance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hospay.gateway.it.Bills;
import org.hospay.gateway.it.Payments;
import org.hospay.gateway.it.TestServices;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docs/finance.md §1-3: a day of payments reconciled with the channels and the insurance platform over a
 * database and a simulator of this class's own. One day, in order: clean, then each kind of difference
 * fabricated by the simulator, then a re-run, then the worklist's actions on what stayed open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconciliationIT extends FinanceIntegrationTest {

    static final PrivateSimulator SIM = new PrivateSimulator();
    static final String DATABASE = TestServices.newDatabase("finance_recon");

    @DynamicPropertySource
    static void world(DynamicPropertyRegistry registry) {
        register(registry, SIM, DATABASE);
    }

    private static Payments.View omitted;
    private static Payments.View misbooked;
    private static Payments.View declined;
    private static String unknownTrade;
    private static Map<String, Object> firstResult;

    private Payments.View pay(String channel, Long walletFen) {
        String code = SIM.code(SIM.person(), channel, walletFen);
        return Payments.pay(window, Bills.bill(Bills.newBillNo(), code));
    }

    private Reply reconcile(String counterparties) {
        return financePost("/api/v1/finance/reconciliations", "{\"day\":\"" + today() + "\",\"counterparties\":" + counterparties + "}");
    }

    @Test
    @Order(1)
    void aCleanDayReconcilesWithZeroDifferences() {
        Payments.View a = pay("WECHAT", null);
        pay("WECHAT", null);
        pay("ALIPAY", null);
        assertThat(a.status()).isEqualTo("SUCCEEDED");
        var refund = window.postWithKey("/api/v1/payments/" + a.paymentId() + "/refunds", "{\"amountFen\":1000,\"reason\":\"退一盒药\"}",
                UUID.randomUUID().toString()).expectBody(String.class).returnResult();
        assertThat(refund.getStatus().value()).as(refund.getResponseBody()).isEqualTo(200);

        Reply r = reconcile("[]");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).isEmpty();
        assertThat(r.list("runs")).extracting(m -> m.get("counterparty"), m -> m.get("status")).containsExactlyInAnyOrder(
                tuple("WECHAT", "BALANCED"), tuple("ALIPAY", "BALANCED"), tuple("INSURANCE", "BALANCED"), tuple("UNIONPAY", "BALANCED"),
                tuple("COMMERCIAL", "BALANCED"), tuple("BANK", "BALANCED"));
        Map<String, Object> wechat = run(r, "WECHAT");
        // Two charges and the refund, every one matched.
        assertThat(wechat).containsEntry("theirLines", 3).containsEntry("matched", 3).containsEntry("ourRecords", 3);
    }

    @Test
    @Order(2)
    void eachFabricatedDifferenceIsFoundAndClassifiedAndTheSafeOnesAreResolved() {
        omitted = pay("WECHAT", null);
        misbooked = pay("WECHAT", null);
        declined = pay("WECHAT", 100L);
        assertThat(declined.status()).isEqualTo("FAILED");
        SIM.statementDifference("WECHAT", Map.of("kind", "OMIT", "outTradeNo", Payments.outTradeNo(omitted.paymentId())));
        SIM.statementDifference("WECHAT", Map.of("kind", "AMOUNT", "outTradeNo", Payments.outTradeNo(misbooked.paymentId()), "amountFen", 5300));
        unknownTrade = (String) SIM.statementDifference("WECHAT", Map.of("kind", "EXTRA", "amountFen", 777)).get("outTradeNo");
        SIM.statementDifference("WECHAT", Map.of("kind", "BOOK_DECLINED", "outTradeNo", Payments.outTradeNo(declined.paymentId())));

        Reply r = reconcile("[\"WECHAT\"]");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).extracting(d -> d.get("ref"), d -> d.get("kind"), d -> d.get("status"), d -> d.get("ourFen"), d -> d.get("theirFen"))
                .containsExactlyInAnyOrder(
                        // The channel's query confirms the charge the statement left off: nothing owed.
                        tuple("P:" + Payments.outTradeNo(omitted.paymentId()), "HERE_NOT_THERE", "RESOLVED", 5350, null),
                        tuple("P:" + Payments.outTradeNo(misbooked.paymentId()), "AMOUNT_MISMATCH", "OPEN", 5350, 5300),
                        tuple("P:" + unknownTrade, "THERE_NOT_HERE", "OPEN", null, 777),
                        // The channel took the money of a failed payment: given back through the compensation path.
                        tuple("P:" + Payments.outTradeNo(declined.paymentId()), "STATUS_MISMATCH", "RESOLVED", 5350, 5350));
        assertThat(run(r, "WECHAT")).containsEntry("status", "DIFFERENCES").containsEntry("differences", 4).containsEntry("openDifferences", 2);
        assertThat(refundsOf(Payments.outTradeNo(declined.paymentId()))).as("the one-sided charge refunded once").hasSize(1);
        assertThat(db.sql("SELECT status FROM payment_leg WHERE payment_id = :id AND kind = 'SELF_PAY'").bind("id", declined.paymentId())
                .map(row -> row.get("status", String.class)).one().block()).isEqualTo("COMPENSATED");
        assertThat(db.sql("SELECT count(*) AS n FROM compensation c JOIN payment_leg l USING (leg_id) WHERE l.payment_id = :id AND c.action = 'REFUND' AND c.status = 'DONE'")
                .bind("id", declined.paymentId()).map(row -> row.get("n", Long.class)).one().block()).isEqualTo(1L);
        firstResult = r.json();
    }

    @Test
    @Order(3)
    void reRunningTheDayGivesTheSameResultAndMovesNoMoney() {
        int ledgerBefore = SIM.ledger("WECHAT").size();

        Reply r = reconcile("[\"WECHAT\"]");

        assertThat(r.list("differences")).isEqualTo(firstResult.get("differences"));
        Map<String, Object> run = run(r, "WECHAT");
        assertThat(run).containsEntry("differences", 4).containsEntry("openDifferences", 2).containsEntry("runs", 3);
        assertThat(SIM.ledger("WECHAT")).hasSize(ledgerBefore);
        assertThat(refundsOf(Payments.outTradeNo(declined.paymentId()))).hasSize(1);
    }

    @Test
    @Order(4)
    void theWorklistActionsWorkAndAreAudited() {
        List<Map<String, Object>> items = financeGet("/api/v1/finance/worklist").list("items");
        String amountItem = item(items, misbooked.paymentId());
        String unknownItem = items.stream().filter(i -> "THERE_NOT_HERE".equals(i.get("kind"))).map(i -> (String) i.get("item")).findFirst().orElseThrow();

        // A window may not see or touch the worklist.
        assertThat(window.get("/api/v1/finance/worklist").expectBody(String.class).returnResult().getStatus().value()).isEqualTo(403);
        // Resolved needs a reason.
        Reply noNote = financePost("/api/v1/finance/worklist/" + unknownItem + "/actions", "{\"action\":\"RESOLVE\"}");
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(noNote.body()).contains("NOTE_REQUIRED");
        // Retry: the channel still knows no such order, so it stays open.
        Reply retry = financePost("/api/v1/finance/worklist/" + unknownItem + "/actions", "{\"action\":\"RETRY\"}");
        assertThat(retry.json()).containsEntry("outcome", "STILL_OPEN");
        Reply resolve = financePost("/api/v1/finance/worklist/" + unknownItem + "/actions",
                "{\"action\":\"RESOLVE\",\"note\":\"微信确认为测试单，已冲正\"}");
        assertThat(resolve.json()).containsEntry("outcome", "RESOLVED");
        // Refund: the paid charge booked with another amount is refunded whole like a window refund.
        Reply refund = financePost("/api/v1/finance/worklist/" + amountItem + "/actions", "{\"action\":\"REFUND\",\"note\":\"金额不符，全额退回\"}");
        assertThat(refund.status()).as(refund.body()).isEqualTo(200);
        assertThat(refund.json()).containsEntry("outcome", "REFUNDED");
        assertThat(refundsOf(Payments.outTradeNo(misbooked.paymentId()))).hasSize(1);
        assertThat(Payments.get(window, misbooked.paymentId()).status()).as("the payment ends as a window refund leaves it").isEqualTo("REFUNDED");
        assertThat(db.sql("SELECT status, amount_fen, requested_by_terminal, reason FROM refund WHERE payment_id = :id").bind("id", misbooked.paymentId())
                .map(row -> row.get("status", String.class) + " " + row.get("amount_fen", Long.class) + " " + row.get("requested_by_terminal", String.class)
                        + " " + row.get("reason", String.class)).all().collectList().block())
                .containsExactly("SUCCEEDED " + Bills.TOTAL + " it-fin-office 金额不符，全额退回");
        assertThat(db.sql("SELECT status, refunded_fen FROM payment_leg WHERE payment_id = :id AND kind = 'SELF_PAY'").bind("id", misbooked.paymentId())
                .map(row -> row.get("status", String.class) + " " + row.get("refunded_fen", Long.class)).one().block())
                .as("the leg keeps its charge and records the refund, as the refund path does").isEqualTo("SUCCEEDED " + Bills.TOTAL);

        assertThat(financeGet("/api/v1/finance/worklist").list("items")).extracting(i -> i.get("item")).doesNotContain(amountItem, unknownItem);
        assertThat(db.sql("SELECT action, terminal_id, operator_id, outcome FROM audit_event WHERE resource_id IN (:a, :b) ORDER BY event_id")
                .bind("a", unknownItem).bind("b", amountItem)
                .map(row -> row.get("action", String.class) + " " + row.get("terminal_id", String.class) + " " + row.get("operator_id", String.class)
                        + " " + row.get("outcome", String.class)).all().collectList().block())
                .containsExactly("REVIEW_RESOLVE it-fin-office F001 NOTE_REQUIRED", "REVIEW_RETRY it-fin-office F001 STILL_OPEN",
                        "REVIEW_RESOLVE it-fin-office F001 RESOLVED", "REVIEW_REFUND it-fin-office F001 REFUNDED");
        assertThat(db.sql("SELECT note FROM review_action WHERE item = :i AND action = 'RESOLVE'").bind("i", unknownItem)
                .map(row -> row.get("note", String.class)).one().block()).isEqualTo("微信确认为测试单，已冲正");
        assertThat(financeGet("/api/v1/finance/reconciliations?day=" + today() + "&counterparty=WECHAT").list("differences"))
                .extracting(d -> d.get("status")).containsOnly("RESOLVED");
    }

    @Test
    @Order(5)
    void aSettlementThePlatformLeftOutIsFoundInTheDetailOnceItsFundTypesTotalsDiffer() {
        Payments.View v = pay("WECHAT", null);
        String setlId = v.insurance().settlementId();
        SIM.statementDifference("INSURANCE", Map.of("kind", "OMIT", "outTradeNo", setlId));

        Reply r = reconcile("[\"INSURANCE\"]");

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.list("differences")).filteredOn(d -> "INSURANCE".equals(d.get("counterparty")))
                .extracting(d -> d.get("ref"), d -> d.get("kind"), d -> d.get("status"), d -> ((Number) d.get("ourFen")).longValue(), d -> d.get("theirFen"))
                .containsExactly(tuple("S:" + setlId, "HERE_NOT_THERE", "OPEN", v.insurance().fundPayFen() + v.insurance().accountPayFen(), null));
        // 3201 said the 310 totals differ, so the 3202 lines were read: every other settlement of the day matched.
        assertThat(run(r, "INSURANCE")).containsEntry("status", "DIFFERENCES").containsEntry("differences", 1)
                .satisfies(m -> assertThat(((Number) m.get("theirLines")).intValue()).isGreaterThanOrEqualTo(5));
    }

    @Test
    @Order(6)
    void aLegParkedForReviewIsOnTheWorklistAndItsRetryTakesTheChargeBackThroughCompensation() {
        Payments.View v = pay("WECHAT", null);
        // No channel of the simulator refuses an undo for good, so the parked state is written as the engine's
        // Compensator writes it when every tool was refused; the money at WeChat is real.
        UUID leg = db.sql("UPDATE payment_leg SET status = 'NEEDS_REVIEW', vendor_code = 'NEEDS_REVIEW' WHERE payment_id = :p AND kind = 'SELF_PAY' RETURNING leg_id")
                .bind("p", v.paymentId()).map(row -> row.get("leg_id", UUID.class)).one().block();
        String item = "LEG:" + leg;
        assertThat(financeGet("/api/v1/finance/worklist").list("items")).extracting(i -> i.get("item"), i -> i.get("type"))
                .contains(tuple(item, "LEG_REVIEW"));

        Reply retry = financePost("/api/v1/finance/worklist/" + item + "/actions", "{\"action\":\"RETRY\",\"note\":\"微信已恢复退款\"}");

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json()).containsEntry("outcome", "LEG_COMPENSATED");
        assertThat(refundsOf(Payments.outTradeNo(v.paymentId()))).hasSize(1);
        assertThat(financeGet("/api/v1/finance/worklist").list("items")).extracting(i -> i.get("item")).doesNotContain(item);
        assertThat(db.sql("SELECT action || ' ' || operator_id || ' ' || outcome AS a FROM audit_event WHERE resource_id = :i").bind("i", item)
                .map(row -> row.get("a", String.class)).all().collectList().block()).containsExactly("REVIEW_RETRY F001 LEG_COMPENSATED");
    }

    @Test
    @Order(7)
    void theShiftCloseTotalsTheWindowsCashierByMethodWithItsRefundsAndExportsCsv() {
        Map<String, Long> books = db.sql("""
                SELECT count(*) AS n, sum(total_fen) AS total, sum(self_pay_fen) FILTER (WHERE self_pay_method = 'WECHAT') AS wechat,
                       sum(self_pay_fen) FILTER (WHERE self_pay_method = 'ALIPAY') AS alipay FROM payment
                WHERE status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED', 'REFUNDED')""")
                .map(row -> Map.of("n", row.get("n", Long.class), "total", row.get("total", Long.class),
                        "wechat", row.get("wechat", Long.class), "alipay", row.get("alipay", Long.class))).one().block();

        Reply json = financeGet("/api/v1/finance/shift-close?day=" + today());

        assertThat(json.status()).as(json.body()).isEqualTo(200);
        List<Map<String, Object>> lines = json.list("lines");
        // The worklist's refund (test 4) is a refund like a window's: it counts for the clerk who asked for it.
        assertThat(lines).extracting(l -> l.get("windowId"), l -> l.get("operatorId")).containsExactly(tuple("W07", "C0042"), tuple("W07", "F001"));
        Map<String, Object> line = lines.getFirst();
        assertThat(((Number) line.get("payments")).longValue()).isEqualTo(books.get("n"));
        assertThat(((Number) line.get("totalFen")).longValue()).isEqualTo(books.get("total"));
        @SuppressWarnings("unchecked")
        Map<String, Number> byMethod = (Map<String, Number>) line.get("byMethodFen");
        assertThat(byMethod.get("WECHAT").longValue()).isEqualTo(books.get("wechat"));
        assertThat(byMethod.get("ALIPAY").longValue()).isEqualTo(books.get("alipay"));
        // The one refund the cashier asked for (test 1); the compensations of the worklist and reconciliation are not refunds.
        assertThat(line).containsEntry("refunds", 1).containsEntry("refundedFen", 1000);
        assertThat(lines.get(1)).containsEntry("payments", 0).containsEntry("refunds", 1).containsEntry("refundedFen", (int) Bills.TOTAL);

        var csv = finance.get("/api/v1/finance/shift-close?day=" + today() + "&format=csv").expectBody(String.class).returnResult();
        assertThat(csv.getResponseHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getResponseBody().split("\r\n")).hasSize(4)
                .satisfies(rows -> assertThat(rows[1]).startsWith(today() + ",W07,C0042," + books.get("n") + ","))
                .satisfies(rows -> assertThat(rows[2]).startsWith(today() + ",W07,F001,0,"))
                .satisfies(rows -> assertThat(rows[3]).startsWith(today() + ",ALL,ALL," + books.get("n") + ","));
    }

    @Test
    @Order(8)
    void aReceiptThePlatformRefusedIsOnTheWorklistAndItsRetryIssuesIt() {
        String billNo = Bills.newBillNo();
        SIM.refuseReceipt(billNo);
        Payments.View v = Payments.pay(window, Bills.bill(billNo, SIM.code(SIM.person(), "WECHAT", null)));
        assertThat(v.status()).isEqualTo("SUCCEEDED");
        String item = "INV:" + awaitInvoice(v.paymentId(), "FAILED");
        Map<String, Object> listed = financeGet("/api/v1/finance/worklist").list("items").stream().filter(i -> item.equals(i.get("item")))
                .findFirst().orElseThrow(() -> new AssertionError(item + " is not on the worklist"));
        assertThat(listed).containsEntry("type", "INVOICE").containsEntry("paymentId", v.paymentId().toString())
                .containsEntry("kind", "BLUE FAILED").containsEntry("ourFen", (int) Bills.TOTAL);
        assertThat((String) listed.get("detail")).contains("缴款人信息有误");
        Reply refund = financePost("/api/v1/finance/worklist/" + item + "/actions", "{\"action\":\"REFUND\"}");
        assertThat(refund.status()).isEqualTo(409);
        assertThat(refund.body()).contains("NOT_REFUNDABLE");

        Reply retry = financePost("/api/v1/finance/worklist/" + item + "/actions", "{\"action\":\"RETRY\",\"note\":\"已更正缴款人\"}");

        assertThat(retry.status()).as(retry.body()).isEqualTo(200);
        assertThat(retry.json()).containsEntry("outcome", "REQUEUED");
        awaitInvoice(v.paymentId(), "ISSUED");
        assertThat(financeGet("/api/v1/finance/worklist").list("items")).extracting(i -> i.get("item")).doesNotContain(item);
        assertThat(db.sql("SELECT action || ' ' || operator_id || ' ' || outcome AS a FROM audit_event WHERE resource_id = :i ORDER BY event_id")
                .bind("i", item).map(row -> row.get("a", String.class)).all().collectList().block())
                .containsExactly("REVIEW_REFUND F001 NOT_REFUNDABLE", "REVIEW_RETRY F001 REQUEUED");
    }

    @Test
    @Order(9)
    void aRefusedReceiptResolvedByHandLeavesTheWorklistWithItsNote() {
        String billNo = Bills.newBillNo();
        SIM.refuseReceipt(billNo);
        Payments.View v = Payments.pay(window, Bills.bill(billNo, SIM.code(SIM.person(), "WECHAT", null)));
        String item = "INV:" + awaitInvoice(v.paymentId(), "FAILED");

        Reply resolve = financePost("/api/v1/finance/worklist/" + item + "/actions", "{\"action\":\"RESOLVE\",\"note\":\"已开纸质票据\"}");

        assertThat(resolve.json()).containsEntry("outcome", "RESOLVED");
        assertThat(financeGet("/api/v1/finance/worklist").list("items")).extracting(i -> i.get("item")).doesNotContain(item);
        Reply again = financePost("/api/v1/finance/worklist/" + item + "/actions", "{\"action\":\"RETRY\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(db.sql("SELECT note FROM review_closed WHERE item = :i").bind("i", item).map(row -> row.get("note", String.class)).one().block())
                .isEqualTo("已开纸质票据");
    }

    /** Polls (bounded) until the payment's first receipt has {@code status}; its invoice id. */
    private UUID awaitInvoice(UUID paymentId, String status) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            UUID id = db.sql("SELECT invoice_id FROM invoice WHERE payment_id = :p AND kind = 'BLUE' AND refund_id IS NULL AND status = :s")
                    .bind("p", paymentId).bind("s", status).map(row -> row.get("invoice_id", UUID.class)).one().block();
            if (id != null) return id;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the receipt of " + paymentId + " is not " + status + " within 30 s");
    }

    private String item(List<Map<String, Object>> items, UUID paymentId) {
        return items.stream().filter(i -> paymentId.toString().equals(i.get("paymentId"))).map(i -> (String) i.get("item"))
                .findFirst().orElseThrow(() -> new AssertionError("no worklist item of payment " + paymentId + " in " + items));
    }

    private static Map<String, Object> run(Reply r, String counterparty) {
        return r.list("runs").stream().filter(m -> counterparty.equals(m.get("counterparty"))).findFirst().orElseThrow();
    }

    private static List<Map<?, ?>> refundsOf(String outTradeNo) {
        return SIM.ledger("WECHAT").stream().filter(e -> "REFUND".equals(e.get("type")) && outTradeNo.equals(e.get("reference"))).toList();
    }

}
