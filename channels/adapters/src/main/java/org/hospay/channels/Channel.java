package org.hospay.channels;

/**
 * Every counterparty the gateway talks to, spelled once. The names are what the external API, stored
 * rows ({@code family_binding.channel}, {@code family_deduction.channel}, the channel of a payment leg),
 * the resilience instances ({@code resilience4j.*.instances.<NAME>}) and the simulator's
 * {@code /sim/faults/{NAME}} use: renaming a constant is a data migration.
 *
 * <p>What a channel can do is told by the capability interfaces its adapter implements
 * ({@link CodePayment}, {@link Refunds}, {@link Withholding}, {@link Statements}), never by this enum.
 */
public enum Channel {
    /** WeChat Pay v3. */
    WECHAT,
    /** Alipay open platform. */
    ALIPAY,
    /** UnionPay 云闪付 partner platform. */
    UNIONPAY,
    /** The national medical-insurance platform. */
    INSURANCE,
    /** The credit bank behind pay-after care. */
    BANK,
    /** A commercial health insurer's direct claim. */
    COMMERCIAL,
    /** The fiscal electronic-invoice platform (医疗收费电子票据), channels/docs/einvoice.md. */
    EINVOICE,
    /** The region's e-health card service (电子健康卡): who a card's QR code belongs to. */
    EHEALTH
}
