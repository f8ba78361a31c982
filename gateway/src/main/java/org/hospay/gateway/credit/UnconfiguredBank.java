package org.hospay.gateway.credit;

import org.hospay.channels.Outcome;
import org.hospay.channels.bank.CreditBank;
import reactor.core.publisher.Mono;

/** No bank merchant is configured (hospay.credit.bank): every call is refused before sending; nothing moves. */
final class UnconfiguredBank implements CreditBank {

    private static <T> Mono<Outcome<T>> refused() {
        return Mono.just(Outcome.declined("CHANNEL_UNAVAILABLE", "no bank merchant is configured (hospay.credit.bank)", "LOCAL"));
    }

    @Override
    public Mono<Outcome<CustomerStatus>> customerStatus(String idNo, String name) {
        return refused();
    }

    @Override
    public Mono<Outcome<BatchReceipt>> submitBatch(ConsumptionBatch batch) {
        return refused();
    }

    @Override
    public Mono<Outcome<BatchResult>> fetchResult(String batchNo) {
        return refused();
    }
}
