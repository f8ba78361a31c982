package org.hospay.gateway.channel;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.Insured;
import org.hospay.gateway.payment.Bill;
import org.hospay.gateway.payment.InpatientInsurancePort;
import org.hospay.gateway.payment.InsurancePort;
import reactor.core.publisher.Mono;

/** The inpatient insurance port on the national interface adapter (2401, 2402, 2405, 2301, 2302, 2304, 2305, 5203). */
class InpatientInsuranceGateway implements InpatientInsurancePort {

    private final InsurancePlatform platform;
    private final ChannelResilience guard;
    private final Clock clock;

    InpatientInsuranceGateway(InsurancePlatform platform, ChannelResilience guard, Clock clock) {
        this.platform = platform;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public String newMsgId() {
        return platform.newMsgId();
    }

    @Override
    public Mono<Outcome<String>> admit(String msgid, InsuredStay s, String admissionNo, String ward, String bed) {
        var request = new InsurancePlatform.AdmissionRequest(insured(s), s.insutype(), certType(s.certType()), s.certNo(), admissionNo,
                LocalDateTime.now(clock), ward, ward, bed);
        return guard.query(InsuranceGateway.CHANNEL, platform.admit(msgid, request)).map(o -> Outcomes.map(o, InsurancePlatform.Registration::mdtrtId));
    }

    @Override
    public Mono<Outcome<Void>> uploadFees(String msgid, InsuredStay s, String batchNo, List<Bill.Line> lines) {
        LocalDateTime now = LocalDateTime.now(clock);
        List<FeeItem> items = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Bill.Line line = lines.get(i);
            items.add(new FeeItem(batchNo + "-" + (i + 1), line.code(), line.code(), line.name(), category(line.category()),
                    BigDecimal.valueOf(line.quantity()), line.price(), line.amount(), now));
        }
        return guard.query(InsuranceGateway.CHANNEL, platform.uploadInpatientFees(msgid, new InsurancePlatform.FeeUploadRequest(insured(s), s.mdtrtId(),
                batchNo, items))).map(Outcomes::done);
    }

    @Override
    public Mono<Outcome<Void>> cancelFees(String msgid, InsuredStay s, String batchNo, int lines) {
        List<String> sns = IntStream.rangeClosed(1, lines).mapToObj(i -> batchNo + "-" + i).toList();
        return guard.query(InsuranceGateway.CHANNEL, platform.cancelInpatientFees(msgid, insured(s), s.mdtrtId(), sns)).map(Outcomes::done);
    }

    @Override
    public Mono<Outcome<Void>> discharge(String msgid, InsuredStay s) {
        return guard.query(InsuranceGateway.CHANNEL, platform.discharge(msgid, new InsurancePlatform.DischargeRequest(insured(s), s.insutype(), s.mdtrtId(),
                LocalDateTime.now(clock)))).map(Outcomes::done);
    }

    @Override
    public Mono<Outcome<Void>> cancelDischarge(String msgid, InsuredStay s) {
        return guard.query(InsuranceGateway.CHANNEL, platform.cancelDischarge(msgid, insured(s), s.mdtrtId())).map(Outcomes::done);
    }

    @Override
    public Mono<Outcome<Settlement>> settle(String msgid, InsuredStay s, Money total) {
        var request = new InsurancePlatform.SettleRequest(insured(s), certType(s.certType()), s.certNo(),
                InsurancePlatform.MED_TYPE_INPATIENT, s.insutype(), s.mdtrtId(), "", total, true);
        return guard.command(InsuranceGateway.CHANNEL, platform.settleInpatient(msgid, request)).map(o -> Outcomes.map(o, InpatientInsuranceGateway::settlement));
    }

    @Override
    public Mono<Outcome<Settlement>> findSettlement(InsuredStay s, String msgid) {
        return guard.query(InsuranceGateway.CHANNEL, platform.querySettlements(platform.newMsgId(), insured(s), s.mdtrtId()))
                .map(o -> switch (o) {
                    case Outcome.Succeeded<List<InsurancePlatform.Settlement>> ok -> InsurancePlatform.madeBy(msgid, ok.value())
                            .<Outcome<Settlement>>map(st -> Outcome.succeeded(settlement(st)))
                            .orElseGet(() -> Outcome.declined(DeclineCodes.ORDER_NOT_FOUND,
                                    "the platform holds no settlement made by " + msgid, "5203_EMPTY"));
                    case Outcome.Declined<List<InsurancePlatform.Settlement>> d -> Outcomes.declined(d);
                    case Outcome.Pending<List<InsurancePlatform.Settlement>> p -> Outcome.pending(p.vendorCode());
                    case Outcome.Unknown<List<InsurancePlatform.Settlement>> u -> Outcome.unknown(u.cause());
                });
    }

    @Override
    public Mono<Outcome<Boolean>> settlementValid(InsuredStay s, String setlId) {
        return guard.query(InsuranceGateway.CHANNEL, platform.querySettlements(platform.newMsgId(), insured(s), s.mdtrtId()))
                .map(o -> switch (o) {
                    case Outcome.Succeeded<List<InsurancePlatform.Settlement>> ok -> ok.value().stream()
                            .filter(st -> setlId.equals(st.setlId())).findFirst()
                            .<Outcome<Boolean>>map(st -> Outcome.succeeded(st.valid()))
                            .orElseGet(() -> Outcome.declined(DeclineCodes.ORDER_NOT_FOUND, "no settlement " + setlId, "5203_EMPTY"));
                    case Outcome.Declined<List<InsurancePlatform.Settlement>> d -> Outcomes.declined(d);
                    case Outcome.Pending<List<InsurancePlatform.Settlement>> p -> Outcome.pending(p.vendorCode());
                    case Outcome.Unknown<List<InsurancePlatform.Settlement>> u -> Outcome.unknown(u.cause());
                });
    }

    @Override
    public Mono<Outcome<Void>> cancelSettlement(String msgid, InsuredStay s, String setlId) {
        return guard.command(InsuranceGateway.CHANNEL, platform.cancelInpatientSettlement(msgid, insured(s), s.mdtrtId(), setlId)).map(Outcomes::done);
    }

    private static Settlement settlement(InsurancePlatform.Settlement s) {
        return new Settlement(s.setlId(), s.fundPaySumamt(), s.acctPay(), s.psnCashPay(), PoolingExplanations.of(s));
    }

    private static Insured insured(InsuredStay s) {
        return new Insured(s.psnNo(), s.insuplcAdmdvs());
    }

    private static InsurancePlatform.CertType certType(InsurancePort.CertType t) {
        return switch (t) {
            case EVOUCHER_TOKEN -> InsurancePlatform.CertType.EVOUCHER_TOKEN;
            case ID_NUMBER -> InsurancePlatform.CertType.ID_NUMBER;
            case SOCIAL_SECURITY_CARD -> InsurancePlatform.CertType.SOCIAL_SECURITY_CARD;
        };
    }

    private static FeeCategory category(Bill.Category c) {
        return FeeCategory.valueOf(c.name());
    }
}
