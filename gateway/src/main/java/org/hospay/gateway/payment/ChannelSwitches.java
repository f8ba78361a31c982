package org.hospay.gateway.payment;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hospay.channels.Channel;
import org.hospay.gateway.web.ApiException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Which channels take new payments: {@code hospay.channels.<name>.enabled} (default true; read once at
 * start-up). A payment that needs a disabled channel is refused before anything is written or any code is
 * spent (422 {@code CHANNEL_DISABLED}); payments already under way, their recovery and their refunds still
 * use the channel, because an outcome that is not known yet must be found out, and money owed must go back.
 */
@Component
public class ChannelSwitches {

    private final Set<Channel> disabled;

    @Autowired
    public ChannelSwitches(Environment env) {
        this(disabledIn(env));
    }

    ChannelSwitches(Set<Channel> disabled) {
        this.disabled = disabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(disabled));
    }

    private static Set<Channel> disabledIn(Environment env) {
        Set<Channel> off = EnumSet.noneOf(Channel.class);
        for (Channel c : Channel.values()) {
            String property = "hospay.channels." + c.name().toLowerCase(Locale.ROOT) + ".enabled";
            if (!env.getProperty(property, Boolean.class, true)) off.add(c);
        }
        return off;
    }

    public boolean enabled(Channel channel) {
        return !disabled.contains(channel);
    }

    public Set<Channel> disabled() {
        return disabled;
    }

    /** Refuses what {@code source} would need of a disabled channel: insurance for the insured, the code's channel for self-pay. */
    void requireFor(PaymentSource source) {
        switch (source) {
            case PaymentSource.ChannelCode code -> require(code.method().codeChannel());
            case PaymentSource.Insured insured -> {
                require(Optional.of(Channel.INSURANCE));
                if (insured.authorisesSelfPay()) require(insured.method().codeChannel());
            }
            case PaymentSource.Card card -> require(Optional.of(Channel.INSURANCE));
            // Whether the patient is insured is the platform's answer (1101): without it the bill cannot be split.
            case PaymentSource.Phone phone -> {
                require(Optional.of(Channel.INSURANCE));
                require(phone.method().appChannel());
            }
        }
    }

    void require(Optional<Channel> channel) {
        channel.filter(disabled::contains).ifPresent(c -> {
            throw ApiException.unprocessable("CHANNEL_DISABLED",
                    c + " is switched off at this hospital (hospay.channels." + c.name().toLowerCase(Locale.ROOT)
                            + ".enabled=false); nothing was done: pay another way", Map.of("channel", c.name()));
        });
    }
}
