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

    static final class Insurance implements InsurancePort {
        final Script<Person> identify;
        final Script<PreSettlement> preSettle;
        final Script<Settlement> settle;
        final Script<Settlement> find;
        final Script<Void> cancel;
        final Script<Void> reverse;
        private final AtomicInteger msgIds = new AtomicInteger();

        Insurance(LongSupplier seconds, long fundFen, long accountFen, long cashFen) {
            Money fund = Money.ofFen(fundFen);
            Money account = Money.ofFen(accountFen);
            Money cash = Money.ofFen(cashFen);
            identify = new Script<>(seconds, Outcome.succeeded(new Person("PSN001", "张三", "310", "370200")));
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
