package org.hospay.channels.insurance;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.InsurancePlatform.Cancellation;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.FeeUpload;
import org.hospay.channels.insurance.InsurancePlatform.FeeUploadRequest;
import org.hospay.channels.insurance.InsurancePlatform.Insured;
import org.hospay.channels.insurance.InsurancePlatform.MobileFeeUpload;
import org.hospay.channels.insurance.InsurancePlatform.MobileOrder;
import org.hospay.channels.insurance.InsurancePlatform.MobilePayment;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefund;
import org.hospay.channels.insurance.InsurancePlatform.MobileRefundRequest;
import org.hospay.channels.insurance.InsurancePlatform.OrderStatus;
import org.hospay.channels.insurance.InsurancePlatform.Person;
import org.hospay.channels.insurance.InsurancePlatform.RefundType;
import org.hospay.channels.insurance.InsurancePlatform.Registration;
import org.hospay.channels.insurance.InsurancePlatform.Reversal;
import org.hospay.channels.insurance.InsurancePlatform.SettleRequest;
import org.hospay.channels.insurance.InsurancePlatform.Settlement;
import org.hospay.channels.insurance.InsurancePlatform.StatementCheck;
import org.hospay.channels.insurance.InsurancePlatform.StatementLine;
import org.hospay.channels.insurance.InsurancePlatform.StatementTotals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** {@link InsuranceMapping} against envelopes recorded from the simulator (and a few hand-written provincial shapes). */
class InsuranceMappingTest {

    static <T> T succeeded(String fixture, Function<JsonNode, T> map) {
        Outcome<T> o = InsuranceMapping.outcome(Fixtures.envelope(fixture), map);
        assertThat(o).isInstanceOf(Outcome.Succeeded.class);
        return ((Outcome.Succeeded<T>) o).value();
    }

    // ------------------------------------------------------------------ answers → outcomes

    @Test
    void a1101AnswerIsThePersonWithTheirInsuranceAndAccountBalance() {
        Person p = succeeded("1101-evoucher", InsuranceMapping::person);

        assertThat(p.psnNo()).isEqualTo("37020000000000000001");
        assertThat(p.birthday()).isEqualTo(LocalDate.of(1985, 7, 15));
        assertThat(p.primary().insutype()).isEqualTo("310");
        assertThat(p.primary().accountBalance()).isEqualTo(Money.ofFen(20_000));
        assertThat(p.insured()).isEqualTo(new Insured("37020000000000000001", "370200"));
    }

    @Test
    void a2201AnswerCarriesTheVisitId() {
        Registration r = succeeded("2201-ok", InsuranceMapping::registration);

        assertThat(r.mdtrtId()).startsWith("MD");
        assertThat(r.iptOtpNo()).isNotBlank();
    }

    @Test
    void a2204AnswerSaysPerLineWhatIsInScopeAndWhatIsFullySelfPaid() {
        FeeUpload u = succeeded("2204-ok", InsuranceMapping::feeUpload);

        assertThat(u.lines()).extracting(InsurancePlatform.FeeLineResult::inScope)
                .containsExactly(Money.ofFen(100_000), Money.ZERO);
        assertThat(u.lines()).extracting(InsurancePlatform.FeeLineResult::fullOwnPay)
                .containsExactly(Money.ZERO, Money.ofFen(50_000));
    }

    @Test
    void a2206PreviewHasNoSettlementIdButTheFullSplit() {
        Settlement s = succeeded("2206-ok", InsuranceMapping::preSettlement);

        assertThat(s.setlId()).isNull();
        assertThat(s.medfeeSumamt()).isEqualTo(Money.ofFen(150_000));
        assertThat(s.fundPaySumamt().plus(s.acctPay()).plus(s.psnCashPay())).isEqualTo(s.medfeeSumamt());
    }

    @Test
    void a2207AnswerIsTheSettlementWithTheFundSplitAndThePoolingLine() {
        Settlement s = succeeded("2207-ok", InsuranceMapping::settlement);

        assertThat(s.setlId()).startsWith("ST");
        assertThat(s.medinsSetlId()).hasSize(30).startsWith("H37020200001");
        assertThat(s.medfeeSumamt()).isEqualTo(Money.ofFen(150_000));
        assertThat(s.fulamtOwnpayAmt()).isEqualTo(Money.ofFen(50_000));
        assertThat(s.inscpScpAmt()).isEqualTo(Money.ofFen(100_000));
        assertThat(s.fundPaySumamt()).isEqualTo(Money.ofFen(75_000));
        assertThat(s.acctPay()).isEqualTo(Money.ofFen(20_000));
        assertThat(s.psnCashPay()).isEqualTo(Money.ofFen(55_000));
        assertThat(s.pooling().ratio()).isEqualByComparingTo("0.75");
        assertThat(s.pooling().capRemaining()).isEqualTo(Money.ofFen(170_000));
        assertThat(s.setlTime()).isNotNull();
        assertThat(s.valid()).isTrue();
    }

    @Test
    void aProvincialShapeWithStringAmountsReadsTheSame() {
        Settlement s = succeeded("2207-national-shape.handmade", InsuranceMapping::settlement);

        assertThat(s.medfeeSumamt()).isEqualTo(Money.ofFen(32_650));
        assertThat(s.fundPaySumamt()).isEqualTo(Money.ofFen(22_500));
        assertThat(s.acctPay()).isEqualTo(Money.ofFen(10_150));
        assertThat(s.psnCashPay()).isEqualTo(Money.ZERO);
        assertThat(s.balanceAfter()).isEqualTo(Money.ofFen(89_850));
        assertThat(s.pooling().ratio()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(s.valid()).isTrue();
    }

    @Test
    void anAnswerWhosePartsDoNotAddUpIsUnknownBecauseThePlatformMayHaveSettled() {
        assertThat(InsuranceMapping.outcome(Fixtures.envelope("2207-unknown-output.handmade"), InsuranceMapping::settlement))
                .isInstanceOf(Outcome.Unknown.class);
    }

    @Test
    void a5203AnswerListsTheVisitsSettlementsAsAListOrAsOneObject() {
        List<Settlement> list = succeeded("5203-ok", InsuranceMapping::settlements);
        List<Settlement> single = succeeded("5203-single-object.handmade", InsuranceMapping::settlements);

        assertThat(list).singleElement().satisfies(s -> assertThat(s.valid()).isTrue());
        assertThat(InsurancePlatform.madeBy("H37020200001202611240930120007", single)).isPresent();
        assertThat(InsurancePlatform.madeBy("H37020200001202611240930129999", single)).isEmpty();
    }

    @Test
    void a2208AnswerOfNegativeAmountsIsWhatWentBack() {
        Cancellation c = succeeded("2208-ok", out -> InsuranceMapping.cancellation(out, "ST-ORIGINAL"));

        assertThat(c.setlId()).isEqualTo("ST-ORIGINAL");
        assertThat(c.fundReturned()).isEqualTo(Money.ofFen(75_000));
        assertThat(c.accountReturned()).isEqualTo(Money.ofFen(20_000));
    }

    @ParameterizedTest
    @CsvSource({"2601-undone, UNDONE", "2601-prevented, PREVENTED", "2601-national-shape.handmade, NOT_REPORTED"})
    void a2601AnswerSaysWhetherTheOriginalWasUndoneOrPrevented(String fixture, Reversal.Effect effect) {
        assertThat(succeeded(fixture, out -> InsuranceMapping.reversal(out, "M", "2207")).effect()).isEqualTo(effect);
    }

    @Test
    void statementsOf3201And3202() {
        StatementCheck balanced = succeeded("3201-balanced", InsuranceMapping::statementCheck);
        StatementCheck unbalanced = succeeded("3201-unbalanced", InsuranceMapping::statementCheck);
        List<StatementLine> lines = succeeded("3202-ok", InsuranceMapping::statementLines);

        assertThat(balanced.balanced()).isTrue();
        assertThat(unbalanced.balanced()).isFalse();
        assertThat(unbalanced.platformSettlementCount()).isEqualTo(1);
        assertThat(unbalanced.platformFundPaySumamt()).isEqualTo(Money.ofFen(75_000));
        assertThat(lines).singleElement().satisfies(l -> {
            assertThat(l.fundPaySumamt()).isEqualTo(Money.ofFen(75_000));
            assertThat(l.valid()).isTrue();
        });
    }

    @Test
    void theMobileOrderLifeCycle() {
        MobileOrder o = succeeded("6201-ok", MobileInsuranceMapping::mobileOrder);
        MobilePayment uploaded = succeeded("6301-uploaded", MobileInsuranceMapping::mobilePayment);
        MobilePayment paid = succeeded("6202-ok", MobileInsuranceMapping::mobilePayment);
        MobileRefund refund = succeeded("6203-ok", MobileInsuranceMapping::mobileRefund);
        MobilePayment revoked = succeeded("6401-ok", MobileInsuranceMapping::mobilePayment);

        assertThat(o.fundPay().plus(o.psnAcctPay()).plus(o.ownPayAmt())).isEqualTo(o.feeSumamt());
        assertThat(uploaded.status()).isEqualTo(OrderStatus.UPLOADED);
        assertThat(paid.status()).isEqualTo(OrderStatus.SETTLED);
        assertThat(paid.setlId()).startsWith("ST");
        assertThat(refund.appRefdSn()).isEqualTo("RF0001");
        assertThat(refund.fund()).isEqualTo(paid.fundPay());
        assertThat(revoked.status()).isEqualTo(OrderStatus.REVOKED);
    }

    @ParameterizedTest
    @CsvSource({
            "1101-person-not-found, PERSON_NOT_FOUND",
            "1101-signature-rejected, SIGNATURE_REJECTED",
            "2207-duplicate-settlement, DUPLICATE_SETTLEMENT",
            "2207-reversed, REVERSED",
            "2208-already-cancelled, ALREADY_CANCELLED",
            "6203-exceeds, REFUND_EXCEEDS_PAID"})
    void aBracketedRefusalIsADeclineWithItsStableCode(String fixture, String code) {
        Outcome<Object> o = InsuranceMapping.outcome(Fixtures.envelope(fixture), out -> out);

        assertThat(o).isInstanceOfSatisfying(Outcome.Declined.class, d -> {
            assertThat(d.code()).isEqualTo(code);
            assertThat(d.vendorCode()).startsWith("infcode -1");
        });
    }

    @Test
    void aFailureWithoutAKnownCodeIsUnknownNeverADecline() {
        assertThat(InsuranceMapping.outcome(Fixtures.envelope("2207-system-error"), out -> out)).isInstanceOf(Outcome.Unknown.class);
    }

    // ------------------------------------------------------------------ our records → the recorded inputs

    static JsonNode input(String fixture) {
        return Fixtures.envelope(fixture + ".request").path("input");
    }

    static void sameInput(JsonNode ours, JsonNode recorded) {
        assertThat(new String(CanonicalJson.bytes(ours))).isEqualTo(new String(CanonicalJson.bytes(recorded)));
    }

    static LocalDateTime time(String s) {
        return LocalDateTime.parse(s, InsuranceMapping.DATE_TIME);
    }

    @Test
    void the1101InputIsBuiltAsRecorded() {
        JsonNode d = input("1101-evoucher").path("data");

        sameInput(InsuranceMapping.input1101(CertType.EVOUCHER_TOKEN, d.path("mdtrt_cert_no").asString(), null,
                time(d.path("begntime").asString())), input("1101-evoucher"));
    }

    @Test
    void the2204InputIsBuiltAsRecorded() {
        JsonNode recorded = input("2204-ok");
        JsonNode first = recorded.path("feedetail").get(0);
        List<FeeItem> items = new ArrayList<>();
        for (JsonNode l : recorded.path("feedetail")) {
            Money amount = InsuranceMapping.money(l, "det_item_fee_sumamt");
            items.add(new FeeItem(l.path("feedetl_sn").asString(), l.path("med_list_codg").asString(),
                    l.path("medins_list_codg").asString(), l.path("medins_list_name").asString(),
                    FeeCategory.ofChrgitmType(l.path("med_chrgitm_type").asString()), l.path("cnt").decimalValue(),
                    InsuranceMapping.money(l, "pric"), amount, time(l.path("fee_ocur_time").asString())));
        }
        var request = new FeeUploadRequest(new Insured(first.path("psn_no").asString(), "370200"), first.path("mdtrt_id").asString(),
                first.path("chrg_bchno").asString(), items);

        sameInput(InsuranceMapping.input2204(request), recorded);
    }

    @Test
    void the2207InputIsBuiltAsRecorded() {
        JsonNode d = input("2207-ok").path("data");
        var request = new SettleRequest(new Insured(d.path("psn_no").asString(), "370200"), CertType.EVOUCHER_TOKEN,
                d.path("mdtrt_cert_no").asString(), d.path("med_type").asString(), d.path("insutype").asString(),
                d.path("mdtrt_id").asString(), d.path("chrg_bchno").asString(), Money.ofFen(150_000), true);

        sameInput(InsuranceMapping.input2206(request), input("2207-ok"));
    }

    @Test
    void the2601InputNamesTheOriginalMessage() {
        JsonNode d = input("2601-undone").path("data");

        sameInput(InsuranceMapping.input2601(d.path("psn_no").asString(), d.path("omsgid").asString(), "2207"), input("2601-undone"));
    }

    @Test
    void the3201InputCarriesOurTotals() {
        JsonNode d = input("3201-balanced").path("data");
        LocalDate day = LocalDate.parse(d.path("stmt_begndate").asString());

        sameInput(InsuranceMapping.input3201(new StatementTotals(day, day, "", "", "", Money.ofFen(150_000), Money.ofFen(75_000),
                Money.ofFen(20_000), 1)), input("3201-balanced"));
    }

    @Test
    void the6201InputIsBuiltAsRecorded() {
        JsonNode in = input("6201-ok");
        JsonNode l = in.path("feedetailList").get(0);
        var item = new FeeItem(l.path("feedetlSn").asString(), l.path("medListCodg").asString(), l.path("medinsListCodg").asString(),
                l.path("medinsListName").asString(), FeeCategory.TREATMENT, BigDecimal.ONE, Money.ofFen(80_000), Money.ofFen(80_000),
                time(l.path("feeOcurTime").asString()));
        var request = new MobileFeeUpload(new Insured(in.path("psnNo").asString(), "370200"), "310", CertType.EVOUCHER_TOKEN,
                in.path("ecToken").asString(), "AUTH0001", "MO0001", "11", "OTP-M-0001", "CB-M-0001", true, Money.ofFen(80_000),
                List.of(item));

        sameInput(MobileInsuranceMapping.input6201(request, "H37020200001", "H37020200001DEMO", time(in.path("begntime").asString())), in);
    }

    @Test
    void the6203InputIsBuiltAsRecorded() {
        JsonNode in = input("6203-ok");
        Money fund = InsuranceMapping.money(in, "fundRefdAmt");
        var request = new MobileRefundRequest(in.path("payOrdId").asString(), "RF0001", LocalDateTime.of(2026, 11, 24, 10, 0),
                RefundType.HI, fund, fund, Money.ZERO, Money.ZERO, in.path("ecToken").asString());

        sameInput(MobileInsuranceMapping.input6203(request, "H37020200001"), in);
    }
}
