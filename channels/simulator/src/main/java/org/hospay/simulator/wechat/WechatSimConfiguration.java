package org.hospay.simulator.wechat;

import org.hospay.simulator.wire.DemoKeys;
import org.hospay.simulator.SigningProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * DEMO ONLY keys: the simulator accepts requests from the demo merchant ({@link DemoKeys#WECHAT_MCHID},
 * its certificate serial and public key) and signs as the demo WeChat Pay platform key.
 */
@Configuration(proxyBeanMethods = false)
class WechatSimConfiguration {

    @Bean
    WechatPayExchange wechatPayExchange(SigningProperties signing) {
        return new WechatPayExchange(DemoKeys.WECHAT_MCHID, DemoKeys.WECHAT_MERCHANT_SERIAL, DemoKeys.wechatMerchant().publicKey(),
                DemoKeys.WECHAT_PLATFORM_SERIAL, DemoKeys.wechatPlatform().privateKey(), signing.signAnswers());
    }
}
