package org.hospay.gateway.family;

import java.time.Clock;
import org.hospay.channels.alipay.AlipayConfig;
import org.hospay.channels.alipay.AlipayNotifications;
import org.hospay.channels.wechat.WechatPayConfig;
import org.hospay.channels.wechat.WechatPayNotifications;
import org.hospay.gateway.channel.ChannelsProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The family feature's counterparties: the hospital's patient index, the payer notifier and the channels' callback readers. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FamilyProperties.class)
class FamilyConfiguration {

    @Bean
    FamilyClock familyClock(Clock clock) {
        return new FamilyClock(clock);
    }

    @Bean
    HospitalRecords hospitalRecords(FamilyProperties props, ChannelsProperties channels) {
        return new HttpHospitalRecords(FamilyProperties.orElse(props.hospitalRecordsUrl(), channels.simulatorUrl()));
    }

    /** The HIS's outpatient bills (phone payment, docs/api.md §10.1): the same hospital system as the patient index. */
    @Bean
    HisBills hisBills(FamilyProperties props, ChannelsProperties channels) {
        return new HisBills(FamilyProperties.orElse(props.hospitalRecordsUrl(), channels.simulatorUrl()));
    }

    @Bean
    PayerNotifier payerNotifier(FamilyProperties props, ChannelsProperties channels) {
        return new HttpPayerNotifier(FamilyProperties.orElse(props.notifierUrl(), channels.simulatorUrl()));
    }

    @Bean
    WechatPayNotifications wechatPayNotifications(WechatPayConfig config, Clock clock) {
        return new WechatPayNotifications(config, clock);
    }

    @Bean
    AlipayNotifications alipayNotifications(AlipayConfig config) {
        return AlipayNotifications.of(config);
    }
}
