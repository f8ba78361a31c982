package org.hospay.gateway.payment;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.hospay.channels.Channel;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import reactor.core.publisher.Mono;

/** Scriptable counterparties for the engine's unit tests: what the adapters answer, without a wire. */
final class Fakes {

    private Fakes() {}

    /** No card is enrolled in credit care: a card plan goes from family proxy straight to the window. */
    static final CreditPort NO_CREDIT = new CreditPort() {
        @Override
        public Mono<Holder> holder(String hospitalId, String cardNo) {
            return Mono.empty();
        }

        @Override
        public boolean isCreditCode(String raw) {
            return false;
        }

        @Override
        public Mono<Holder> redeem(String hospitalId, String raw) {
            return Mono.empty();
        }

        @Override
        public Mono<Outcome<ChargePort.Charge>> consume(Consumption consumption) {
            return Mono.just(Outcome.declined("CREDIT_NOT_ENROLLED", "not enrolled", null));
        }

        @Override
        public Mono<Outcome<ChargePort.Charge>> query(String requestId) {
            return Mono.just(Outcome.declined("CREDIT_NOT_FOUND", "none", null));
        }

        @Override
        public Mono<Outcome<ChargePort.Reversal>> reverse(String requestId) {
            return Mono.just(Outcome.succeeded(new ChargePort.Reversal(true, false)));
        }

        @Override
        public Mono<Outcome<ChargePort.Charge>> refund(String requestId, String outRefundNo, Money amount) {
            return Mono.just(Outcome.declined("CREDIT_NOT_FOUND", "none", null));
        }
    };

    static final class Insurance implements InsurancePort {
        final Script<Person> identify;
        final Script<PreSettlement> preSettle;
        final Script<Settlement> settle;
        final Script<Settlement> find;
        final Script<Void> cancel;
        final Script<Void> reverse;
        private final AtomicInteger msgIds = new AtomicInteger();
        /** mdtrt_id of every visit closed (2202), in order. */
        final List<String> visitsClosed = new CopyOnWriteArrayList<>();

        Insurance(LongSupplier seconds, long fundFen, long accountFen, long cashFen) {
            Money fund = Money.ofFen(fundFen);
            Money account = Money.ofFen(accountFen);
            Money cash = Money.ofFen(cashFen);
            identify = new Script<>(seconds, Outcome.succeeded(new Person("PSN001", "张三", "310", "370200", "370202199001011234")));
            preSettle = new Script<>(seconds, Outcome.succeeded(new PreSettlement("MDTRT001", fund, account, cash)));
            settle = new Script<>(seconds, Outcome.succeeded(new Settlement("SETL001", fund, account, cash)));
            find = new Script<>(seconds, Outcome.declined("NOT_FOUND", "no settlement", "NOT_FOUND"));
            cancel = new Script<>(seconds, Outcome.succeeded(null));
            reverse = new Script<>(seconds, Outcome.succeeded(null));
        }

        @Override
        public String newMsgId() {
            return "H3702" + String.format("%015d", msgIds.incrementAndGet());
        }

        @Override
        public Mono<Outcome<Person>> identify(CertType certType, String certNo) {
            return identify.call();
        }

        @Override
        public Mono<Outcome<PreSettlement>> preSettle(PreSettleRequest request) {
            return preSettle.call();
        }

        @Override
        public Mono<Outcome<Settlement>> settle(PreSettleRequest request, PreSettlement preSettlement, String msgId) {
            return settle.call();
        }

        @Override
        public Mono<Outcome<Settlement>> findSettlement(Person person, String mdtrtId) {
            return find.call();
        }

        @Override
        public Mono<Outcome<Void>> cancelVisit(Person person, String mdtrtId, String visitNo) {
            return Mono.fromSupplier(() -> {
                visitsClosed.add(mdtrtId);
                return Outcome.succeeded(null);
            });
        }

        @Override
        public Mono<Outcome<Void>> cancelSettlement(Person person, String mdtrtId, String setlId, String msgId) {
            return cancel.call();
        }

        @Override
        public Mono<Outcome<Void>> reverse(Person person, String originalMsgId, String originalInfno, String msgId) {
            return reverse.call();
        }
    }

    static final class Charges implements ChargePort {
        final Script<Charge> charge;
        final Script<Charge> query;
        final Script<Reversal> reverse;
        final Script<Charge> refund;
        final List<String> refundNos = new CopyOnWriteArrayList<>();

        Charges(LongSupplier seconds) {
            charge = new Script<>(seconds, Outcome.succeeded(new Charge("4200001", null)));
            query = new Script<>(seconds, Outcome.pending("USERPAYING"));
            reverse = new Script<>(seconds, Outcome.succeeded(new Reversal(true, false)));
            refund = new Script<>(seconds, Outcome.succeeded(new Charge("50300001", null)));
        }

        @Override
        public Mono<Outcome<Charge>> charge(Channel channel, String outTradeNo, String authCode, Money amount, String description) {
            return charge.call();
        }

        @Override
        public Mono<Outcome<Charge>> query(Channel channel, String outTradeNo) {
            return query.call();
        }

        @Override
        public Mono<Outcome<Reversal>> reverse(Channel channel, String outTradeNo) {
            return reverse.call();
        }

        @Override
        public Mono<Outcome<Charge>> refund(Channel channel, String outTradeNo, String outRefundNo, Money refund, Money total) {
            refundNos.add(outRefundNo);
            return this.refund.call();
        }
    }

    static final class Proxy implements ProxyPort {
        final Script<ChargePort.Charge> deduct;
        final Script<ChargePort.Charge> query;
        final Script<ChargePort.Reversal> reverse;
        final Script<ChargePort.Charge> refund;

        Proxy(LongSupplier seconds) {
            deduct = new Script<>(seconds, Outcome.succeeded(new ChargePort.Charge("PAPAY001", null)));
            query = new Script<>(seconds, Outcome.pending("USERPAYING"));
            reverse = new Script<>(seconds, Outcome.succeeded(new ChargePort.Reversal(true, false)));
            refund = new Script<>(seconds, Outcome.succeeded(new ChargePort.Charge("PAPAYREFUND", null)));
        }

        @Override
        public Mono<Holder> holder(String hospitalId, String cardNo) {
            return Mono.just(new Holder(cardNo, "370202199001011234", "3702**********1234"));
        }

        @Override
        public Mono<Outcome<ChargePort.Charge>> deduct(Deduction deduction) {
            return deduct.call();
        }

        @Override
        public Mono<Outcome<ChargePort.Charge>> query(String requestId) {
            return query.call();
        }

        @Override
        public Mono<Outcome<ChargePort.Reversal>> reverse(String requestId) {
            return reverse.call();
        }

        @Override
        public Mono<Outcome<ChargePort.Charge>> refund(String requestId, String outRefundNo, Money refund) {
            return this.refund.call();
        }
    }

    static final class Commercial implements CommercialPort {
        final Script<Policy> policy;
        final Script<PreCalculation> preCalc;
        final Script<Claim> claim;
        final Script<Claim> query;
        final Script<Claim> cancel;
        final List<String> cancelNos = new CopyOnWriteArrayList<>();
        final List<ClaimRequest> claimed = new CopyOnWriteArrayList<>();

        Commercial(LongSupplier seconds) {
            policy = new Script<>(seconds, Outcome.declined("POLICY_NOT_FOUND", "no policy", "POLICY_NOT_FOUND"));
            preCalc = new Script<>(seconds, Outcome.declined("POLICY_NOT_FOUND", "no policy", "POLICY_NOT_FOUND"));
            claim = new Script<>(seconds, Outcome.unknown("no claim scripted"));
            query = new Script<>(seconds, Outcome.declined("CLAIM_NOT_FOUND", "no claim", "CLAIM_NOT_FOUND"));
            cancel = new Script<>(seconds, Outcome.succeeded(new Claim("CLM001", true, Money.ofFen(0))));
        }

        /** The patient holds a policy with limit left (what it pays is the pre-calculation's script). */
        Commercial holds() {
            policy.otherwise(Outcome.succeeded(new Policy("HIC0000000001", Money.ofFen(1_000_000))));
            return this;
        }

        /** The patient holds a policy, and the insurer pays {@code fen} of the cash part, pre-calculated and claimed alike. */
        Commercial pays(long fen) {
            holds();
            preCalc.otherwise(Outcome.succeeded(new PreCalculation(true, Money.ofFen(fen), "HIC0000000001", "")));
            claim.otherwise(Outcome.succeeded(new Claim("CLM001", false, Money.ofFen(fen))));
            return this;
        }

        @Override
        public String insurer() {
            return "DEMO-HIC";
        }

        @Override
        public Mono<Outcome<Policy>> findPolicy(Insured insured) {
            return policy.call();
        }

        @Override
        public Mono<Outcome<PreCalculation>> preCalculate(ClaimRequest request) {
            return preCalc.call();
        }

        @Override
        public Mono<Outcome<Claim>> claim(String outClaimNo, ClaimRequest request) {
            claimed.add(request);
            return claim.call();
        }

        @Override
        public Mono<Outcome<Claim>> queryClaim(String outClaimNo) {
            return query.call();
        }

        @Override
        public Mono<Outcome<Claim>> cancel(String outCancelNo, String outClaimNo, String reason) {
            cancelNos.add(outCancelNo);
            return cancel.call();
        }
    }

    /** A seal that only encodes (the tests' stand-in for SecretBox). */
    static final class Seal implements InsuredSeal {
        @Override
        public byte[] seal(CommercialPort.Insured insured) {
            return (insured.name() + "\n" + insured.idNo()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }

        @Override
        public CommercialPort.Insured open(byte[] sealed) {
            String[] parts = new String(sealed, java.nio.charset.StandardCharsets.UTF_8).split("\n", 2);
            return new CommercialPort.Insured(parts[0], parts[1]);
        }
    }

    /** The window's events, in order ("pending", "awaitingCode", "succeeded", "failed"). */
    static final class Events implements PaymentEvents {
        final List<String> seen = new CopyOnWriteArrayList<>();

        @Override
        public Mono<Void> pending(PaymentRow payment, String why) {
            return Mono.fromRunnable(() -> seen.add("pending"));
        }

        @Override
        public Mono<Void> awaitingCode(PaymentRow payment) {
            return Mono.fromRunnable(() -> seen.add("awaitingCode"));
        }

        @Override
        public Mono<Void> succeeded(PaymentRow payment) {
            return Mono.fromRunnable(() -> seen.add("succeeded"));
        }

        @Override
        public Mono<Void> failed(PaymentRow payment) {
            return Mono.fromRunnable(() -> seen.add("failed"));
        }
    }
}
