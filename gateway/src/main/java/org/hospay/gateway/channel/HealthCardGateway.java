package org.hospay.gateway.channel;

import org.hospay.channels.Channel;
import org.hospay.channels.Outcome;
import org.hospay.channels.ehealth.HealthCardService;
import org.hospay.gateway.payment.HealthCardPort;
import reactor.core.publisher.Mono;

/** The engine's e-health card port on the adapter: a query behind the EHEALTH resilience policy. */
class HealthCardGateway implements HealthCardPort {

    private final HealthCardService service;
    private final ChannelResilience guard;

    HealthCardGateway(HealthCardService service, ChannelResilience guard) {
        this.service = service;
        this.guard = guard;
    }

    @Override
    public Mono<Outcome<String>> idNumberOf(String qrCode) {
        return guard.query(Channel.EHEALTH, service.check(qrCode)).map(o -> Outcomes.map(o, HealthCardService.Holder::idNumber));
    }
}
