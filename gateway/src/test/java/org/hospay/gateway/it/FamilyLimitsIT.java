package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hospay.gateway.terminal.RequestSignature;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The payer's limits (per payment, per day, per month), held atomically under concurrent bills, and the
 * WeChat withholding rules (07:00–22:00 Beijing, one success per agreement per day) with the family clock
 * moved by the test.
 */
class FamilyLimitsIT extends FamilyIntegrationTest {

    @Test
    void aBillAbovePerPaymentLimitIsNotDeductedAndThePayerIsToldWhy() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 100_000, 3_000, 10_000, 50_000);
        String billNo = Bills.newBillNo();

        assertThat(postBill(billNo, parent.cardNo(), 3_001).path("status").asString()).isEqualTo("AWAITING_PAYMENT");

        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(100_000);
        assertThat(reason(payer, billNo)).startsWith("PER_PAYMENT_LIMIT");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 3_000).path("status").asString()).as("at the limit").isEqualTo("SUCCEEDED");
    }

    @Test
    void theDailyLimitStopsDeductionsForTheDayAndTheNextDayPaysAgain() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 100_000, 3_000, 5_000, 50_000);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 3_000).path("status").asString()).isEqualTo("SUCCEEDED");
        String second = Bills.newBillNo();

        assertThat(postBill(second, parent.cardNo(), 2_500).path("status").asString()).isEqualTo("AWAITING_PAYMENT");
        assertThat(reason(payer, second)).startsWith("DAILY_LIMIT");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 2_000).path("status").asString()).as("up to the limit").isEqualTo("SUCCEEDED");

        atDay(1, 9, 0);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 2_500).path("status").asString()).as("a new day").isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(100_000 - 3_000 - 2_000 - 2_500);
    }

    @Test
    void theMonthlyLimitHoldsAcrossDays() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 100_000, 3_000, 3_000, 5_000);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 3_000).path("status").asString()).isEqualTo("SUCCEEDED");
        atDay(1, 9, 0);
        String over = Bills.newBillNo();

        assertThat(postBill(over, parent.cardNo(), 2_500).path("status").asString()).isEqualTo("AWAITING_PAYMENT");

        assertThat(reason(payer, over)).startsWith("MONTHLY_LIMIT");
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 2_000).path("status").asString()).isEqualTo("SUCCEEDED");
        JsonNode usage = payer.user().binding(payer.bindingId()).path("usage");
        assertThat(usage.path("todayFen").asLong()).isEqualTo(2_000);
        assertThat(usage.path("thisMonthFen").asLong()).isEqualTo(5_000);
    }

    @Test
    void concurrentBillsNeverPushAPayerPastTheDailyLimit() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer payer = Family.activePayer(http, parent, "ALIPAY", 1_000_000, 3_000, 10_000, 100_000);
        WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();

        List<JsonNode> answers = Flux.range(0, 12)
                .flatMap(i -> postSigned(client, hisBill(Bills.newBillNo(), parent.cardNo(), 3_000)), 12)
                .collectList().block(Duration.ofSeconds(90))
                .stream()
                .map(body -> body.path("status").asString().equals("PENDING") ? awaitSettled(UUID.fromString(body.path("paymentId").asString())) : body)
                .toList();

        assertThat(answers).hasSize(12);
        assertThat(answers).filteredOn(a -> a.path("status").asString().equals("SUCCEEDED")).as("3 x 3000 fit in 10000").hasSize(3);
        assertThat(answers).filteredOn(a -> a.path("status").asString().equals("AWAITING_PAYMENT")).hasSize(9);
        assertThat(Sim.balance(payer.wallet().walletId())).isEqualTo(1_000_000 - 9_000);
        assertThat(payer.user().binding(payer.bindingId()).path("usage").path("todayFen").asLong()).isEqualTo(9_000);
        assertThat(Sim.ledger("ALIPAY").stream().filter(e -> e.type().equals("WITHHOLD") && e.account().equals(payer.wallet().accountId())))
                .as("the channel saw only the deductions the limit allowed").hasSize(3);
    }

    @Test
    void outsideWechatHoursTheWechatPayerIsSkippedForTheNextPayer() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer wechat = Family.activePayer(http, parent, "WECHAT", 50_000, 10_000, 20_000, 100_000);
        Family.Payer alipay = Family.activePayer(http, parent, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        at(22, 30);
        String billNo = Bills.newBillNo();

        assertThat(postBill(billNo, parent.cardNo(), 2_000).path("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(Sim.balance(wechat.wallet().walletId())).isEqualTo(50_000);
        assertThat(Sim.balance(alipay.wallet().walletId())).isEqualTo(48_000);
        assertThat(Sim.ledger("WECHAT").stream().filter(e -> e.type().equals("WITHHOLD") && e.account().equals(wechat.wallet().accountId())))
                .as("the gateway did not even try WeChat at 22:30").isEmpty();
        assertThat(reason(wechat, billNo)).startsWith("WECHAT_OUTSIDE_HOURS");

        at(6, 59);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
        at(7, 0);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(wechat.wallet().walletId())).as("WeChat pays from 07:00").isEqualTo(49_000);
    }

    @Test
    void aWechatAgreementPaysOnceADayAndLaterBillsGoToTheNextPayer() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer wechat = Family.activePayer(http, parent, "WECHAT", 50_000, 10_000, 20_000, 100_000);
        Family.Payer alipay = Family.activePayer(http, parent, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_500).path("status").asString()).isEqualTo("SUCCEEDED");
        String second = Bills.newBillNo();

        assertThat(postBill(second, parent.cardNo(), 1_200).path("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(Sim.balance(wechat.wallet().walletId())).isEqualTo(48_500);
        assertThat(Sim.balance(alipay.wallet().walletId())).isEqualTo(48_800);
        assertThat(reason(wechat, second)).startsWith("WECHAT_ONCE_A_DAY");
        atDay(1, 8, 0);
        assertThat(postBill(Bills.newBillNo(), parent.cardNo(), 1_000).path("status").asString()).isEqualTo("SUCCEEDED");
        assertThat(Sim.balance(wechat.wallet().walletId())).as("a new day, WeChat again").isEqualTo(47_500);
    }

    @Test
    void whenWechatRefusesByItsOwnClockTheNextPayerPays() {
        Family.Person parent = Family.uninsuredPatient();
        Family.Payer wechat = Family.activePayer(http, parent, "WECHAT", 50_000, 10_000, 20_000, 100_000);
        Family.Payer alipay = Family.activePayer(http, parent, "ALIPAY", 50_000, 10_000, 20_000, 100_000);
        // The gateway's clock says 10:00; WeChat's says 23:00 (clocks disagree): WeChat's RULE_LIMIT decides.
        Family.simClock(CLOCK.instant().plus(Duration.ofHours(13)));
        String billNo = Bills.newBillNo();

        assertThat(postBill(billNo, parent.cardNo(), 2_000).path("status").asString()).isEqualTo("SUCCEEDED");

        assertThat(Sim.balance(wechat.wallet().walletId())).isEqualTo(50_000);
        assertThat(Sim.balance(alipay.wallet().walletId())).isEqualTo(48_000);
        assertThat(reason(wechat, billNo)).startsWith("AGREEMENT_LIMIT");
        assertThat(wechat.user().binding(wechat.bindingId()).path("usage").path("todayFen").asLong())
                .as("a refused deduction gives its reservation back").isZero();
    }

    private static String reason(Family.Payer payer, String billNo) {
        return (String) Family.awaitMessage(payer.user().subject(), Family.kind("DEDUCTION_FAILED", billNo), "the failure message")
                .payload().get("reason");
    }

    /** One signed HIS bill, sent from its own connection: the concurrent test's bills really arrive at once. */
    private Mono<JsonNode> postSigned(WebClient client, String json) {
        return Mono.defer(() -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String ts = Long.toString(Instant.now().getEpochSecond());
            String nonce = UUID.randomUUID().toString();
            String sig = RequestSignature.sign(HIS_SECRET.getBytes(StandardCharsets.UTF_8), "POST", "/api/v1/his/bills", ts, nonce, body);
            return client.post().uri("/api/v1/his/bills").header("X-Terminal-Id", HIS_ID).header("X-Timestamp", ts)
                    .header("X-Nonce", nonce).header("X-Signature", sig).contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .retrieve().bodyToMono(String.class).map(Family.JSON::readTree);
        });
    }
}
