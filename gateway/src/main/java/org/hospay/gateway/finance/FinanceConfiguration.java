package org.hospay.gateway.finance;

import java.util.List;
import org.hospay.channels.Channel;
import org.hospay.channels.Statements;
import org.hospay.channels.bank.CreditBank;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.gateway.payment.ChargePort;
import org.hospay.gateway.payment.CommercialPort;
import org.hospay.gateway.payment.LegReview;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The counterparties reconciled every day: each payment-code channel (with its adapter's statement, when it
 * has one), the insurance platform, the commercial insurer and the credit bank. A later counterparty is one more
 * {@link Counterparty} bean.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FinanceProperties.class)
class FinanceConfiguration {

    @Bean
    Counterparty wechatBooks(List<Statements> statements, OurBooks ours, ChargePort charges, LegReview legs) {
        return codeChannel(Channel.WECHAT, statements, ours, charges, legs);
    }

    @Bean
    Counterparty alipayBooks(List<Statements> statements, OurBooks ours, ChargePort charges, LegReview legs) {
        return codeChannel(Channel.ALIPAY, statements, ours, charges, legs);
    }

    @Bean
    Counterparty unionpayBooks(List<Statements> statements, OurBooks ours, ChargePort charges, LegReview legs) {
        return codeChannel(Channel.UNIONPAY, statements, ours, charges, legs);
    }

    /** The commercial insurer's daily claim statement against our COMMERCIAL legs and their cancels. */
    @Bean
    Counterparty commercialBooks(List<Statements> statements, OurBooks ours, CommercialPort insurer) {
        Statements s = statements.stream().filter(x -> x.channel() == Channel.COMMERCIAL).findFirst()
                .orElseThrow(() -> new IllegalStateException("no claim statement of the commercial insurer"));
        return new CommercialBooks(s, ours, insurer);
    }

    /** The credit bank's result file of each day's batch against our consumptions and credit refunds in it. */
    @Bean
    Counterparty bankBooks(CreditBank bank, OurBooks ours) {
        return new BankBooks(bank, ours);
    }

    @Bean
    Counterparty insuranceBooks(InsurancePlatform platform, OurBooks ours,
                                @Value("${hospay.channels.insurance.mdtrtarea-admvs:370202}") String area) {
        return new InsuranceBooks(platform, ours, area);
    }

    private static Counterparty codeChannel(Channel channel, List<Statements> statements, OurBooks ours, ChargePort charges, LegReview legs) {
        Statements s = statements.stream().filter(x -> x.channel() == channel).findFirst().orElse(null);
        return new CodeChannelBooks(channel, s, ours, charges, legs);
    }
}
