package org.hospay.simulator;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sim.signing.sign-answers} (env {@code SIM_SIGN_ANSWERS}, default true). BENCHMARK ONLY: false leaves
 * the signature off every vendor answer (insurance {@code signtype}/{@code cainfo}, WeChat's {@code Wechatpay-*}
 * headers, Alipay's {@code sign}, UnionPay's {@code signature}) so the simulator's own cost can be measured
 * without it (BENCHMARKS.md). No adapter accepts such an answer: the gateway treats every one as Unknown.
 * Requests are verified and callbacks signed either way.
 */
@ConfigurationProperties("sim.signing")
public record SigningProperties(Boolean signAnswers) {

    public SigningProperties {
        signAnswers = signAnswers == null ? Boolean.TRUE : signAnswers;
    }
}
