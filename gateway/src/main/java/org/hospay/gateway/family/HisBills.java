package org.hospay.gateway.family;

import io.netty.channel.ChannelOption;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hospay.gateway.payment.PaymentRequest;
import org.hospay.gateway.web.ApiException;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * The HIS's outpatient bills of one patient ({@code POST {base}/his/bills/query {"idNo"}} →
 * {@code {"bills":[{"billNo","cardNo","medType","items","totalFen","issuedAt"}]}}), inside the hospital network like
 * the patient index ({@link HttpHospitalRecords}). Asked by identity number, which only ever comes from the caller's
 * verified token. No answer, or one this code cannot read: 503 HOSPITAL_RECORDS_UNAVAILABLE.
 */
class HisBills {

    /** One bill as the HIS issued it; the gateway validates it ({@code BillValidator}) before paying it. */
    record HisBill(String billNo, String cardNo, String medType, List<PaymentRequest.Item> items, BigDecimal totalFen, String issuedAt) {}

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final WebClient web;

    HisBills(URI baseUrl) {
        HttpClient http = HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.web = WebClient.builder().baseUrl(baseUrl.toString()).clientConnector(new ReactorClientHttpConnector(http)).build();
    }

    Mono<List<HisBill>> of(String idNo) {
        return web.post().uri("/his/bills/query").bodyValue(Map.of("idNo", idNo))
                .retrieve().bodyToMono(JsonNode.class)
                .timeout(ANSWER_WITHIN)
                .map(HisBills::bills)
                .onErrorMap(e -> !(e instanceof ApiException), e -> ApiException.unavailable("HOSPITAL_RECORDS_UNAVAILABLE",
                        "the hospital's billing system did not answer; try again in a moment"));
    }

    private static List<HisBill> bills(JsonNode body) {
        JsonNode list = body.path("bills");
        if (!list.isArray()) throw new IllegalStateException("the HIS answered no bills list");
        List<HisBill> bills = new ArrayList<>(list.size());
        for (JsonNode b : list) {
            List<PaymentRequest.Item> items = new ArrayList<>();
            for (JsonNode i : b.path("items")) {
                items.add(new PaymentRequest.Item(i.path("code").asString(null), i.path("name").asString(null), i.path("category").asString(null),
                        decimal(i, "quantity"), decimal(i, "priceFen"), decimal(i, "amountFen")));
            }
            bills.add(new HisBill(b.path("billNo").asString(null), b.path("cardNo").asString(null), b.path("medType").asString("OUTPATIENT"),
                    List.copyOf(items), decimal(b, "totalFen"), b.path("issuedAt").asString(null)));
        }
        return bills;
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.decimalValue() : null;
    }
}
