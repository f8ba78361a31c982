package org.hospay.simulator.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.FeeUploadRequest;
import org.hospay.channels.insurance.InsurancePlatform.Insured;
import org.hospay.channels.insurance.InsurancePlatform.Person;
import org.hospay.channels.insurance.InsurancePlatform.RegisterRequest;
import org.hospay.channels.insurance.InsurancePlatform.SettleRequest;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The test side of the insurance simulator: its test-data endpoints (persons, vouchers, hospital
 * profile, ledger, faults) over HTTP, and the steps of an outpatient visit through the real adapter.
 */
final class InsuranceSimClient {

    private static final AtomicLong SEQ = new AtomicLong();

    final WebClient sim;

    InsuranceSimClient(int port) {
        this.sim = WebClient.create("http://127.0.0.1:" + port);
    }

    record PersonView(String psnNo, String name, String insutype, String region, boolean pooledSigned, boolean inpatient,
                      long accountBalanceFen, long deductibleMetFen, long fundUsedFen) {}

    record Voucher(String code, String expiresAt, String walletId) {
        /** HSA1:REGION.TOKEN.CHANNEL.AUTH.ISSUED.EXPIRES.NONCE.KEYID.SIGNATURE */
        String field(int i) {
            return code.substring(code.indexOf(':') + 1).split("\\.", -1)[i];
        }

        String token() {
            return field(1);
        }

        String paymentAuth() {
            return field(3);
        }
    }

    record LedgerRow(long seq, String channel, String type, String requestId, String reference, long amountFen, String state,
                     String account, String receivedAt, String answeredAt) {}

    record Pooling(Map<String, Integer> ratioPercent, Map<String, Long> deductibleFen, long annualCapFen,
                   Set<String> signingExempt, Set<String> eligibleInsutypes, Set<String> reimbursableCategories,
                   List<String> excludedItemPrefixes) {}

    record Policy(String hospitalLevel, String hospitalType, Pooling pooling) {}

    /** An insured person known to the test: ids, their e-voucher token and the platform's 1101 answer. */
    record Patient(String psnNo, String idNo, String name, String token, Person person) {
        Insured insured() {
            return person.insured();
        }

        String insutype() {
            return person.primary().insutype();
        }
    }

    /** A registered visit with one uploaded charge batch. */
    record Visit(Patient patient, String mdtrtId, String chrgBchno, List<FeeItem> items) {
        Money total() {
            return items.stream().map(FeeItem::amount).reduce(Money.ZERO, Money::plus);
        }
    }

    // ------------------------------------------------------------------ test data

    static String randomIdNo() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "370202" + (1950 + r.nextInt(50)) + String.format("%02d%02d", 1 + r.nextInt(12), 1 + r.nextInt(28))
                + String.format("%03d", r.nextInt(1000)) + r.nextInt(10);
    }

    String addPerson(String name, String idNo, String insutype, long balanceFen, boolean signed) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("idNo", idNo);
        body.put("insutype", insutype);
        body.put("region", "370200");
        body.put("accountBalanceFen", balanceFen);
        body.put("pooledSigned", signed);
        Map<String, Object> answer = sim.post().uri("/sim/insurance/persons").bodyValue(body).retrieve()
                .bodyToMono(new ParameterizedTypeReference<Map<String, Object>>() {}).block();
        return (String) answer.get("psnNo");
    }

    Voucher voucher(String psnNo, String payChannel) {
        Map<String, Object> body = new HashMap<>();
        body.put("psnNo", psnNo);
        body.put("payChannel", payChannel);
        return sim.post().uri("/sim/insurance/vouchers").bodyValue(body).retrieve().bodyToMono(Voucher.class).block();
    }

    PersonView person(String psnNo) {
        return sim.get().uri("/sim/insurance/persons/{p}", psnNo).retrieve().bodyToMono(PersonView.class).block();
    }

    void inpatient(String psnNo, boolean inpatient) {
        sim.put().uri("/sim/insurance/persons/{p}/inpatient", psnNo).bodyValue(Map.of("inpatient", inpatient)).retrieve()
                .toBodilessEntity().block();
    }

    Policy hospital(String level, String type) {
        return sim.post().uri("/sim/insurance/policy").bodyValue(Map.of("hospitalLevel", level, "hospitalType", type)).retrieve()
                .bodyToMono(Policy.class).block();
    }

    List<LedgerRow> ledger() {
        return sim.get().uri("/sim/ledger?channel=INSURANCE").retrieve()
                .bodyToMono(new ParameterizedTypeReference<List<LedgerRow>>() {}).block();
    }

    /** The entries booked under {@code requestId} or referring to it. */
    List<LedgerRow> ledger(String requestId) {
        return ledger().stream().filter(e -> requestId.equals(e.requestId()) || requestId.equals(e.reference())).toList();
    }

    void fault(Map<String, Object> fault) {
        sim.put().uri("/sim/faults/INSURANCE").bodyValue(fault).retrieve().toBodilessEntity().block();
    }

    void clearFault() {
        sim.delete().uri("/sim/faults/INSURANCE").retrieve().toBodilessEntity().block();
    }

    // ------------------------------------------------------------------ visit steps through the adapter

    /** The value of a call that must succeed (the assertion shows the outcome when it did not). */
    static <T> T await(Mono<Outcome<T>> call) {
        Outcome<T> o = outcome(call);
        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        return ((Outcome.Succeeded<T>) o).value();
    }

    static <T> Outcome<T> outcome(Mono<Outcome<T>> call) {
        Outcome<T> o = call.block(Duration.ofSeconds(30));
        assertThat(o).as("the adapter answers within 30 s").isNotNull();
        return o;
    }

    Patient patient(InsurancePlatform platform, String insutype, long balanceFen, boolean signed) {
        String idNo = randomIdNo();
        String name = "患者" + SEQ.incrementAndGet();
        String psnNo = addPerson(name, idNo, insutype, balanceFen, signed);
        String token = voucher(psnNo, null).token();
        Person person = await(platform.personInfo(CertType.EVOUCHER_TOKEN, token, null));
        assertThat(person.psnNo()).isEqualTo(psnNo);
        return new Patient(psnNo, idNo, name, token, person);
    }

    static RegisterRequest registration(Patient p) {
        return new RegisterRequest(p.insured(), p.insutype(), CertType.EVOUCHER_TOKEN, p.token(), "OTP" + SEQ.incrementAndGet(),
                LocalDateTime.now(), "K01", "口腔内科", "D001", "王医生");
    }

    Visit visit(InsurancePlatform platform, Patient p, List<FeeItem> items) {
        String mdtrtId = await(platform.register(platform.newMsgId(), registration(p))).mdtrtId();
        String batch = "CB" + SEQ.incrementAndGet();
        await(platform.uploadFees(platform.newMsgId(), new FeeUploadRequest(p.insured(), mdtrtId, batch, items)));
        return new Visit(p, mdtrtId, batch, items);
    }

    static SettleRequest settleRequest(Visit v, boolean accountUsed) {
        Patient p = v.patient();
        return new SettleRequest(p.insured(), CertType.EVOUCHER_TOKEN, p.token(), InsurancePlatform.MED_TYPE_OUTPATIENT,
                p.insutype(), v.mdtrtId(), v.chrgBchno(), v.total(), accountUsed);
    }

    static FeeItem item(String code, FeeCategory category, long fen) {
        return new FeeItem("F" + SEQ.incrementAndGet(), code, "H-" + code, code, category, BigDecimal.ONE, Money.ofFen(fen),
                Money.ofFen(fen), LocalDateTime.now());
    }

    /** A root-canal treatment: TREATMENT, reimbursable under the default policy. */
    static FeeItem treatment(long fen) {
        return item("DENT-RCT-01", FeeCategory.TREATMENT, fen);
    }
}
