package org.hospay.gateway.payment;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Commercial insurance direct pay (商保直付, docs/architecture.md §4).
 *
 * @param enabled      whether insured payments with a cash part ask the insurer at all
 * @param onUnavailable what a payment does when the insurer cannot be asked (look-up Unknown, outage, open circuit):
 *                     SELF_PAY (default) the patient pays the residual and the window sees {@code commercial.status:
 *                     UNAVAILABLE}; WAIT the payment fails before any money moved ({@code COMMERCIAL_UNAVAILABLE}),
 *                     for a hospital that prefers the patient to come back
 */
@Validated
@ConfigurationProperties("hospay.commercial")
public record CommercialProperties(
        @DefaultValue("false") boolean enabled,
        @NotNull @DefaultValue("SELF_PAY") OnUnavailable onUnavailable) {

    public enum OnUnavailable { SELF_PAY, WAIT }
}
