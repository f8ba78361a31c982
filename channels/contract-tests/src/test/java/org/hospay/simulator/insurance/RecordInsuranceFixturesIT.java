package org.hospay.simulator.insurance;

import static org.hospay.simulator.insurance.InsuranceSimClient.await;
import static org.hospay.simulator.insurance.InsuranceSimClient.outcome;
import static org.hospay.simulator.insurance.InsuranceSimClient.settleRequest;
import static org.hospay.simulator.insurance.InsuranceSimClient.treatment;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.hospay.channels.Money;
import org.hospay.channels.insurance.HttpInsurancePlatform;
import org.hospay.channels.insurance.InsuranceConfig;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeUploadRequest;
import org.hospay.channels.insurance.InsurancePlatform.MobileFeeUpload;
import org.hospay.channels.insurance.InsurancePlatform.MobileOrder;
import org.hospay.channels.insurance.InsurancePlatform.MobilePayment;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefundRequest;
import org.hospay.channels.insurance.InsurancePlatform.Person;
import org.hospay.channels.insurance.InsurancePlatform.RefundType;
import org.hospay.channels.insurance.InsurancePlatform.Settlement;
import org.hospay.channels.insurance.InsurancePlatform.StatementTotals;
import org.hospay.code.DemoKeys;
import org.hospay.simulator.SimulatorApplication;
import org.hospay.simulator.tamper.TamperProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records the simulator's insurance envelopes (requests and answers, as they crossed the wire) into
 * the adapter's fixtures, {@code channels/adapters/src/test/resources/fixtures/insurance}, for the
 * mapping tests. Not part of a normal build; re-record after a change of the wire format with
 * {@code ./mvnw -pl channels/contract-tests -am verify -Dit.test=RecordInsuranceFixturesIT -Drecord.fixtures=true}.
 */
@EnabledIfSystemProperty(named = "record.fixtures", matches = "true")
@SpringBootTest(classes = SimulatorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RecordInsuranceFixturesIT {

    @LocalServerPort
    int port;

    final AtomicReference<byte[]> lastRequest = new AtomicReference<>();
    final AtomicReference<byte[]> lastAnswer = new AtomicReference<>();
    static final Path DIR = Path.of("../adapters/src/test/resources/fixtures/insurance");
    static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    void seen(TamperProxy.Exchange e) {
        lastRequest.set(e.requestBody());
        lastAnswer.set(e.answerBody());
    }

    void save(String name, boolean withRequest, Supplier<?> call) throws Exception {
        call.get();
        Files.writeString(DIR.resolve(name + ".json"), PRETTY.writeValueAsString(PRETTY.readTree(lastAnswer.get())) + "\n");
        if (withRequest) Files.writeString(DIR.resolve(name + ".request.json"), PRETTY.writeValueAsString(PRETTY.readTree(lastRequest.get())) + "\n");
    }

    @Test
    void record() throws Exception {
        InsuranceSimClient sim = new InsuranceSimClient(port);
        sim.hospital("BASIC", "DENTAL");
        InsuranceConfig d = InsuranceConfig.demo(URI.create("http://127.0.0.1:" + port), DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic());
        InsurancePlatform direct = new HttpInsurancePlatform(new InsuranceConfig(d.baseUrl(), d.servicePath(), d.fixmedinsCode(),
                d.fixmedinsName(), d.mdtrtareaAdmvs(), d.recerSysCode(), d.infver(), d.opterType(), d.opter(), d.opterName(), d.signNo(),
                1, d.orgId(), d.hospitalKey(), d.platformKey(), d.connectTimeout(), d.responseTimeout()), Clock.systemUTC());
        try (TamperProxy proxy = TamperProxy.observing("http://127.0.0.1:" + port, this::seen)) {
            InsurancePlatform p = new HttpInsurancePlatform(InsuranceConfig.demo(URI.create(proxy.baseUrl()),
                    DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic()), Clock.systemUTC());
            String idNo = "370202198507154321";
            String psnNo = sim.addPerson("李四", idNo, "310", 20_000, true);
            String token = sim.voucher(psnNo, null).token();
            save("1101-evoucher", true, () -> await(p.personInfo(p.newMsgId(), CertType.EVOUCHER_TOKEN, token, null)));
            save("1101-person-not-found", false, () -> outcome(p.personInfo(p.newMsgId(), CertType.ID_NUMBER, "110101199003070000", null)));
            Person person = await(direct.personInfo(CertType.EVOUCHER_TOKEN, token, null));
            var patient = new InsuranceSimClient.Patient(psnNo, idNo, "李四", token, person);
            var reg = InsuranceSimClient.registration(patient);
            AtomicReference<String> mdtrt = new AtomicReference<>();
            save("2201-ok", true, () -> { mdtrt.set(await(p.register(p.newMsgId(), reg)).mdtrtId()); return null; });
            var items = List.of(treatment(100_000), InsuranceSimClient.item("DENT-IMPL-01", FeeCategory.SURGERY, 50_000));
            save("2204-ok", true, () -> await(p.uploadFees(p.newMsgId(), new FeeUploadRequest(patient.insured(), mdtrt.get(), "CB0001", items))));
            var visit = new InsuranceSimClient.Visit(patient, mdtrt.get(), "CB0001", items);
            save("2206-ok", true, () -> await(p.preSettle(p.newMsgId(), settleRequest(visit, true))));
            String msgid = p.newMsgId();
            AtomicReference<Settlement> s = new AtomicReference<>();
            save("2207-ok", true, () -> { s.set(await(p.settle(msgid, settleRequest(visit, true)))); return null; });
            save("2207-duplicate-settlement", false, () -> outcome(p.settle(p.newMsgId(), settleRequest(visit, true))));
            save("5203-ok", true, () -> await(p.querySettlements(p.newMsgId(), patient.insured(), mdtrt.get())));
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            save("3202-ok", true, () -> await(p.reconcileDetails(p.newMsgId(), today, today)));
            save("3201-balanced", true, () -> await(p.reconcileTotals(p.newMsgId(), new StatementTotals(today, today, "", "", "",
                    s.get().medfeeSumamt(), s.get().fundPaySumamt(), s.get().acctPay(), 1))));
            save("3201-unbalanced", false, () -> await(p.reconcileTotals(p.newMsgId(), new StatementTotals(today, today, "", "", "",
                    s.get().medfeeSumamt(), s.get().fundPaySumamt(), s.get().acctPay(), 2))));
            save("2208-ok", true, () -> await(p.cancelSettlement(p.newMsgId(), patient.insured(), mdtrt.get(), s.get().setlId())));
            save("2208-already-cancelled", false, () -> outcome(p.cancelSettlement(p.newMsgId(), patient.insured(), mdtrt.get(), s.get().setlId())));

            var visit2 = sim.visit(direct, patient, List.of(treatment(30_000)));
            String msgid2 = p.newMsgId();
            await(direct.settle(msgid2, settleRequest(visit2, true)));
            save("2601-undone", true, () -> await(p.reverse(p.newMsgId(), msgid2, "2207", patient.insured())));
            save("2601-prevented", false, () -> await(p.reverse(p.newMsgId(), p.newMsgId(), "2207", patient.insured())));
            String reversedMsgid = p.newMsgId();
            var visit3 = sim.visit(direct, patient, List.of(treatment(30_000)));
            await(direct.reverse(direct.newMsgId(), reversedMsgid, "2207", patient.insured()));
            save("2207-reversed", false, () -> outcome(p.settle(reversedMsgid, settleRequest(visit3, true))));

            AtomicReference<MobileOrder> order = new AtomicReference<>();
            var mobileItems = List.of(treatment(80_000));
            save("6201-ok", true, () -> { order.set(await(p.mobileUploadFees(p.newMsgId(), new MobileFeeUpload(patient.insured(), "310",
                    CertType.EVOUCHER_TOKEN, token, "AUTH0001", "MO0001", "11", "OTP-M-0001", "CB-M-0001", true, Money.ofFen(80_000),
                    mobileItems)))); return null; });
            save("6301-uploaded", true, () -> await(p.mobileQuery(p.newMsgId(), order.get().payOrdId(), order.get().payToken())));
            AtomicReference<MobilePayment> paid = new AtomicReference<>();
            save("6202-ok", true, () -> { paid.set(await(p.mobilePay(p.newMsgId(), order.get().payOrdId(), order.get().payToken(), "AUTH0001"))); return null; });
            save("6203-ok", true, () -> await(p.mobileRefund(p.newMsgId(), new MobileRefundRequest(order.get().payOrdId(), "RF0001",
                    LocalDateTime.of(2026, 11, 24, 10, 0), RefundType.HI, paid.get().fundPay(), paid.get().fundPay(), Money.ZERO, Money.ZERO, token))));
            save("6203-exceeds", false, () -> outcome(p.mobileRefund(p.newMsgId(), new MobileRefundRequest(order.get().payOrdId(), "RF0002",
                    LocalDateTime.of(2026, 11, 24, 10, 1), RefundType.HI, Money.ofFen(1), Money.ofFen(1), Money.ZERO, Money.ZERO, token))));
            var order2 = await(direct.mobileUploadFees(direct.newMsgId(), new MobileFeeUpload(patient.insured(), "310",
                    CertType.EVOUCHER_TOKEN, token, "AUTH0002", "MO0002", "11", "OTP-M-0002", "CB-M-0002", true, Money.ofFen(5_000),
                    List.of(treatment(5_000)))));
            save("6401-ok", true, () -> await(p.mobileRevoke(p.newMsgId(), order2.payOrdId(), order2.payToken())));

            sim.fault(Map.of("errorRate", 1.0));
            save("2207-system-error", false, () -> outcome(p.settle(p.newMsgId(), settleRequest(visit3, true))));
            sim.clearFault();
        }
        try (TamperProxy proxy = TamperProxy.requests("http://127.0.0.1:" + port, "\"input\"")) {
            try (TamperProxy observer = TamperProxy.observing(proxy.baseUrl(), this::seen)) {
                InsurancePlatform p = new HttpInsurancePlatform(InsuranceConfig.demo(URI.create(observer.baseUrl()),
                        DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic()), Clock.systemUTC());
                save("1101-signature-rejected", false, () -> outcome(p.personInfo(p.newMsgId(), CertType.ID_NUMBER, "110101199003070000", null)));
            }
        }
        sim.hospital("TERTIARY", "DENTAL");
    }
}
