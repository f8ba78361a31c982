package org.hospay.gateway.channel;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.hospay.channels.Channel;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.FeeCategory;
import org.hospay.channels.insurance.InsurancePlatform.FeeItem;
import org.hospay.channels.insurance.InsurancePlatform.Insured;
import org.hospay.gateway.payment.Bill;
import org.hospay.gateway.payment.InsurancePort;
import reactor.core.publisher.Mono;

/**
 * The engine's insurance port on the national interface adapter. Look-ups and the steps that move no
 * money (1101, 2201, 2204, 2206, 5203) are queries: retried on Unknown with the same msgid, which the
 * platform de-duplicates. Settlement, cancel and reversal (2207, 2208, 2601) are commands: sent once
 * here; the engine decides what an Unknown means.
 */
class InsuranceGateway implements InsurancePort {

    static final Channel CHANNEL = Channel.INSURANCE;

    private final InsurancePlatform platform;
    private final ChannelResilience guard;
    private final Clock clock;

    InsuranceGateway(InsurancePlatform platform, ChannelResilience guard, Clock clock) {
        this.platform = platform;
        this.guard = guard;
        this.clock = clock;
    }

    @Override
    public String newMsgId() {
        return platform.newMsgId();
    }

    @Override
    public Mono<Outcome<Person>> identify(CertType certType, String certNo) {
        String msgid = platform.newMsgId();
        return guard.query(CHANNEL, platform.personInfo(msgid, certType(certType), certNo, null))
                .map(o -> Outcomes.map(o, p -> {
                    InsurancePlatform.Insurance primary = p.primary();
                    return new Person(p.psnNo(), p.name(), primary.insutype(), primary.insuplcAdmdvs(), p.certNo(), primary.accountBalance());
                }));
    }

    @Override
    public Mono<Outcome<PreSettlement>> preSettle(PreSettleRequest r) {
        Insured insured = insured(r.person());
        LocalDateTime now = LocalDateTime.now(clock);
        var register = new InsurancePlatform.RegisterRequest(insured, r.person().insutype(), certType(r.certType()), r.certNo(),
                r.visitNo(), now, null, null, null, null);
        return guard.query(CHANNEL, platform.register(platform.newMsgId(), register)).flatMap(reg -> switch (reg) {
            case Outcome.Succeeded<InsurancePlatform.Registration> s -> feesAndPreSettle(r, insured, s.value().mdtrtId(), now)
                    // A visit that cannot be pre-settled will not be settled either: it is closed (2202), not left open.
                    .flatMap(pre -> pre instanceof Outcome.Succeeded<PreSettlement> ? Mono.just(pre)
                            : cancelVisit(r.person(), s.value().mdtrtId(), r.visitNo()).onErrorResume(e -> Mono.empty()).thenReturn(pre));
            case Outcome.Declined<InsurancePlatform.Registration> d -> Mono.just(Outcomes.<PreSettlement>declined(d));
            case Outcome.Pending<InsurancePlatform.Registration> p -> Mono.just(Outcome.<PreSettlement>pending(p.vendorCode()));
            case Outcome.Unknown<InsurancePlatform.Registration> u -> Mono.just(Outcome.<PreSettlement>unknown(u.cause()));
        });
    }

    @Override
    public Mono<Outcome<PreSettlement>> preSettleBatch(PreSettleRequest r, String mdtrtId) {
        return feesAndPreSettle(r, insured(r.person()), mdtrtId, LocalDateTime.now(clock));
    }

    private Mono<Outcome<PreSettlement>> feesAndPreSettle(PreSettleRequest r, Insured insured, String mdtrtId, LocalDateTime now) {
        return upload(r, insured, mdtrtId, now)
                .flatMap(up -> switch (up) {
                    case Outcome.Succeeded<InsurancePlatform.FeeUpload> ok -> guard
                            .query(CHANNEL, platform.preSettle(platform.newMsgId(), settleRequest(r, mdtrtId)))
                            .map(o -> Outcomes.map(o, st -> new PreSettlement(st.mdtrtId() == null ? mdtrtId : st.mdtrtId(),
                                    st.fundPaySumamt(), st.acctPay(), st.psnCashPay(), PoolingExplanations.of(st))));
                    case Outcome.Declined<InsurancePlatform.FeeUpload> d -> Mono.just(Outcomes.<PreSettlement>declined(d));
                    case Outcome.Pending<InsurancePlatform.FeeUpload> p -> Mono.just(Outcome.<PreSettlement>pending(p.vendorCode()));
                    case Outcome.Unknown<InsurancePlatform.FeeUpload> u -> Mono.just(Outcome.<PreSettlement>unknown(u.cause()));
                });
    }

    @Override
    public Mono<Outcome<Void>> cancelVisit(Person person, String mdtrtId, String visitNo) {
        return guard.query(CHANNEL, platform.cancelRegistration(platform.newMsgId(), insured(person), mdtrtId, visitNo))
                .map(Outcomes::done);
    }

    private Mono<Outcome<InsurancePlatform.FeeUpload>> upload(PreSettleRequest r, Insured insured, String mdtrtId, LocalDateTime now) {
        List<FeeItem> items = new ArrayList<>(r.items().size());
        for (int i = 0; i < r.items().size(); i++) {
            Bill.Line line = r.items().get(i);
            items.add(new FeeItem(r.visitNo() + "-" + (i + 1), line.code(), line.code(), line.name(), category(line.category()),
                    BigDecimal.valueOf(line.quantity()), line.price(), line.amount(), now));
        }
        return guard.query(CHANNEL, platform.uploadFees(platform.newMsgId(),
                new InsurancePlatform.FeeUploadRequest(insured, mdtrtId, r.visitNo(), items)));
    }

    @Override
    public Mono<Outcome<Settlement>> settle(PreSettleRequest r, PreSettlement pre, String msgId) {
        return guard.command(CHANNEL, platform.settle(msgId, settleRequest(r, pre.mdtrtId())))
                .map(o -> Outcomes.map(o, InsuranceGateway::settlement));
    }

    @Override
    public Mono<Outcome<Settlement>> findSettlement(Person person, String mdtrtId) {
        return guard.query(CHANNEL, platform.querySettlements(platform.newMsgId(), insured(person), mdtrtId))
                .map(o -> switch (o) {
                    case Outcome.Succeeded<List<InsurancePlatform.Settlement>> s -> s.value().stream()
                            .filter(InsurancePlatform.Settlement::valid)
                            .findFirst()
                            .<Outcome<Settlement>>map(st -> Outcome.succeeded(settlement(st)))
                            .orElseGet(() -> Outcome.declined(DeclineCodes.ORDER_NOT_FOUND,
                                    "the platform holds no valid settlement for visit " + mdtrtId, "5203_EMPTY"));
                    case Outcome.Declined<List<InsurancePlatform.Settlement>> d -> Outcomes.declined(d);
                    case Outcome.Pending<List<InsurancePlatform.Settlement>> p -> Outcome.pending(p.vendorCode());
                    case Outcome.Unknown<List<InsurancePlatform.Settlement>> u -> Outcome.unknown(u.cause());
                });
    }

    @Override
    public Mono<Outcome<Void>> cancelSettlement(Person person, String mdtrtId, String setlId, String msgId) {
        return guard.command(CHANNEL, platform.cancelSettlement(msgId, insured(person), mdtrtId, setlId)).map(Outcomes::done);
    }

    @Override
    public Mono<Outcome<Void>> reverse(Person person, String originalMsgId, String originalInfno, String msgId) {
        return guard.command(CHANNEL, platform.reverse(msgId, originalMsgId, originalInfno, insured(person))).map(Outcomes::done);
    }

    // ------------------------------------------------------------------ mobile payment (6201/6202/6203/6301/6401)

    @Override
    public Mono<Outcome<MobileOrder>> mobileOrder(PreSettleRequest r) {
        LocalDateTime now = LocalDateTime.now(clock);
        List<FeeItem> items = new ArrayList<>(r.items().size());
        for (int i = 0; i < r.items().size(); i++) {
            Bill.Line line = r.items().get(i);
            items.add(new FeeItem(r.visitNo() + "-" + (i + 1), line.code(), line.code(), line.name(), category(line.category()),
                    BigDecimal.valueOf(line.quantity()), line.price(), line.amount(), now));
        }
        // The bill number is the hospital's order (medOrgOrd); the payment's own visit number keys the visit and fee batch.
        var upload = new InsurancePlatform.MobileFeeUpload(insured(r.person()), r.person().insutype(), certType(r.certType()), r.certNo(),
                null, r.billNo(), medType(r.medType()), r.visitNo(), r.visitNo(), true, r.total(), items);
        return guard.query(CHANNEL, platform.mobileUploadFees(platform.newMsgId(), upload))
                .map(o -> Outcomes.map(o, m -> new MobileOrder(m.payOrdId(), m.payToken(), m.fundPay(), m.psnAcctPay(), m.ownPayAmt())));
    }

    @Override
    public Mono<Outcome<Settlement>> mobilePay(String payOrdId, String payToken, String msgId) {
        return guard.command(CHANNEL, platform.mobilePay(msgId, payOrdId, payToken, null)).map(InsuranceGateway::mobileSettlement);
    }

    @Override
    public Mono<Outcome<Settlement>> mobileQuery(String payOrdId, String payToken) {
        return guard.query(CHANNEL, platform.mobileQuery(platform.newMsgId(), payOrdId, payToken)).map(InsuranceGateway::mobileSettlement);
    }

    @Override
    public Mono<Outcome<Void>> mobileRefundInsurance(String payOrdId, String appRefdSn, Money fund, Money account) {
        var request = new InsurancePlatform.MobileRefundRequest(payOrdId, appRefdSn, LocalDateTime.now(clock), InsurancePlatform.RefundType.HI,
                fund.plus(account), fund, account, Money.ZERO, null);
        return guard.command(CHANNEL, platform.mobileRefund(platform.newMsgId(), request)).map(Outcomes::done);
    }

    @Override
    public Mono<Outcome<Void>> mobileRevoke(String payOrdId, String payToken) {
        return guard.command(CHANNEL, platform.mobileRevoke(platform.newMsgId(), payOrdId, payToken)).map(o -> switch (o) {
            case Outcome.Succeeded<InsurancePlatform.MobilePayment> s -> s.value().status() == InsurancePlatform.OrderStatus.REVOKED
                    ? Outcome.<Void>succeeded(null)
                    : Outcome.<Void>declined(DeclineCodes.ORDER_NUMBER_REUSED, "order " + payOrdId + " is " + s.value().status(), "6401");
            case Outcome.Declined<InsurancePlatform.MobilePayment> d -> Outcomes.<Void>declined(d);
            case Outcome.Pending<InsurancePlatform.MobilePayment> p -> Outcome.<Void>pending(p.vendorCode());
            case Outcome.Unknown<InsurancePlatform.MobilePayment> u -> Outcome.<Void>unknown(u.cause());
        });
    }

    /** A paid order (also one refunded since) is its settlement; an order never paid or revoked did not settle. */
    private static Outcome<Settlement> mobileSettlement(Outcome<InsurancePlatform.MobilePayment> o) {
        return switch (o) {
            case Outcome.Succeeded<InsurancePlatform.MobilePayment> s -> switch (s.value().status()) {
                case SETTLED, PARTIALLY_REFUNDED, REFUNDED -> Outcome.succeeded(new Settlement(s.value().setlId(), s.value().fundPay(),
                        s.value().psnAcctPay(), s.value().ownPayAmt()));
                case UPLOADED, REVOKED -> Outcome.declined(DeclineCodes.ORDER_NOT_FOUND, "order " + s.value().payOrdId() + " was not paid ("
                        + s.value().status() + ")", s.value().status().name());
            };
            case Outcome.Declined<InsurancePlatform.MobilePayment> d -> Outcomes.declined(d);
            case Outcome.Pending<InsurancePlatform.MobilePayment> p -> Outcome.pending(p.vendorCode());
            case Outcome.Unknown<InsurancePlatform.MobilePayment> u -> Outcome.unknown(u.cause());
        };
    }

    private static Settlement settlement(InsurancePlatform.Settlement s) {
        return new Settlement(s.setlId(), s.fundPaySumamt(), s.acctPay(), s.psnCashPay());
    }

    private static InsurancePlatform.SettleRequest settleRequest(PreSettleRequest r, String mdtrtId) {
        return new InsurancePlatform.SettleRequest(insured(r.person()), certType(r.certType()), r.certNo(), medType(r.medType()),
                r.person().insutype(), mdtrtId, r.visitNo(), r.total(), true);
    }

    private static Insured insured(Person p) {
        return new Insured(p.psnNo(), p.insuplcAdmdvs());
    }

    private static InsurancePlatform.CertType certType(CertType t) {
        return switch (t) {
            case EVOUCHER_TOKEN -> InsurancePlatform.CertType.EVOUCHER_TOKEN;
            case ID_NUMBER -> InsurancePlatform.CertType.ID_NUMBER;
            case SOCIAL_SECURITY_CARD -> InsurancePlatform.CertType.SOCIAL_SECURITY_CARD;
        };
    }

    private static FeeCategory category(Bill.Category c) {
        return switch (c) {
            case REGISTRATION -> FeeCategory.REGISTRATION;
            case DRUG -> FeeCategory.DRUG;
            case EXAM -> FeeCategory.EXAM;
            case LAB -> FeeCategory.LAB;
            case TREATMENT -> FeeCategory.TREATMENT;
            case SURGERY -> FeeCategory.SURGERY;
            case MATERIAL -> FeeCategory.MATERIAL;
            case OTHER -> FeeCategory.OTHER;
        };
    }

    /** The national med_type of each bill kind (医疗类别). */
    private static String medType(Bill.MedType t) {
        return switch (t) {
            case OUTPATIENT, REGISTRATION -> InsurancePlatform.MED_TYPE_OUTPATIENT;
            case EMERGENCY -> "13";
            case CHRONIC_DISEASE -> "14";
            case PHARMACY -> "41";
            // Inpatient money is never settled as an outpatient bill (the planner gives it one self-pay leg); 21 is 普通住院.
            case INPATIENT -> "21";
        };
    }
}
