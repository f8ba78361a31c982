package org.hospay.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;

/** Credit care as tests drive it: patients with a bank account at the simulator's bank, enrolment, codes. */
public final class Credit {

    private static final WebClient SIM = WebClient.create(TestSimulator.URL);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Credit() {}

    /** A patient with a hospital card (uninsured, or insured with an account of {@code insuredAccountFen}) and a bank customer. */
    public record Patient(Family.Person person, String customerNo) {
        public String cardNo() {
            return person.cardNo();
        }
    }

    public static Patient patient(long bankLineFen, long bankBalanceFen) {
        return withBank(Family.uninsuredPatient(), bankLineFen, bankBalanceFen, "ACTIVE", 0);
    }

    public static Patient insuredPatient(long insuredAccountFen, long bankLineFen, long bankBalanceFen) {
        return withBank(Family.insuredPatient(insuredAccountFen), bankLineFen, bankBalanceFen, "ACTIVE", 0);
    }

    public static Patient withBank(Family.Person p, long bankLineFen, long bankBalanceFen, String status, int overdue) {
        Map<?, ?> r = SIM.post().uri("/sim/bank/customers").bodyValue(Map.of("idNo", p.idNo(), "name", p.name(), "status", status,
                "creditLineFen", bankLineFen, "accountBalanceFen", bankBalanceFen, "overdueCount", overdue))
                .retrieve().bodyToMono(Map.class).block(WAIT);
        return new Patient(p, (String) r.get("customerNo"));
    }

    public static void deposit(String customerNo, long fen) {
        SIM.post().uri("/sim/bank/customers/{c}/deposits", customerNo).bodyValue(Map.of("amountFen", fen))
                .retrieve().toBodilessEntity().block(WAIT);
    }

    public static long bankBalance(String customerNo) {
        Map<?, ?> c = SIM.get().uri("/sim/bank/customers/{c}", customerNo).retrieve().bodyToMono(Map.class).block(WAIT);
        return ((Number) c.get("accountBalanceFen")).longValue();
    }

    public static String enrolBody(Family.Person p, boolean consent) {
        return """
                {"name":"%s","idNo":"%s","cardNo":"%s","consent":%s}""".formatted(p.name(), p.idNo(), p.cardNo(), consent);
    }

    public static JsonNode enrol(Family.User user, Patient p) {
        return user.ok(HttpMethod.POST, "/api/v1/mini/credit/enrolments", enrolBody(p.person(), true));
    }

    public static JsonNode account(Family.User user, String cardNo) {
        return user.ok(HttpMethod.GET, "/api/v1/mini/credit/accounts/" + cardNo, null);
    }

    public static String code(Family.User user, String cardNo) {
        return user.ok(HttpMethod.POST, "/api/v1/mini/credit/accounts/" + cardNo + "/code", null).path("code").asString();
    }

    /** Bank deductions booked for a consumption id (one ledger entry each, however often it was sent). */
    public static List<Sim.Entry> deductions(String consumptionId) {
        return Sim.ledger("BANK").stream().filter(e -> e.type().equals("BATCH_DEBIT") && consumptionId.equals(e.requestId())).toList();
    }

    public static void assertOk(int status, String body) {
        assertThat(status).as(body).isBetween(200, 299);
    }
}
