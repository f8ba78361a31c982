package org.hospay.loadtest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.hospay.channels.crypto.RsaSigner;
import org.hospay.channels.crypto.RsaVerifier;
import org.hospay.channels.demo.DemoKeys;
import org.hospay.channels.insurance.DemoOnlyHospitalSm2Key;
import org.hospay.channels.insurance.Envelope;
import org.hospay.code.AggregatedCodeIssuer;
import org.hospay.code.AggregatedCodeVerifier;
import org.hospay.code.PayChannel;
import org.hospay.code.ScannedCode;
import org.hospay.code.ScannedCodeParser;
import tools.jackson.databind.node.ObjectNode;

/**
 * Baseline (c): the signatures the protocols demand of the gateway for one payment, timed alone on
 * one thread (its CPU time) with the same code and DEMO keys the gateway uses. A one-scan payment makes five
 * insurance calls (1101, 2201, 2204, 2206, 2207), each an SM2 signature of the request envelope and
 * an SM2 verification of the answer (with the canonical JSON they are computed over), one channel
 * charge (RSA-2048 SHA256withRSA sign of the request, verify of the answer: WeChat v3, Alipay RSA2
 * and UnionPay alike) and one SM2 verification of the scanned aggregated code. A payment code alone
 * needs only the channel's pair.
 */
final class CryptoFloor {

    /**
     * Microseconds of one operation, measured; RSA with the JDK's provider and with the native one the
     * gateway installs ({@code NaN} where it cannot load). {@code nativeRsa}: which of the two the
     * measured gateway signs with, so its ratio is against its own mandatory crypto.
     */
    record Costs(double sm2SignEnvelopeUs, double sm2VerifyEnvelopeUs, double rsaSignUs, double rsaVerifyUs, double codeVerifyUs,
                 double rsaSignNativeUs, double rsaVerifyNativeUs, boolean nativeRsa) {

        /** The gateway's mandatory crypto of one one-scan payment, in ms. */
        double oneScanMs() {
            return (5 * (sm2SignEnvelopeUs + sm2VerifyEnvelopeUs) + codeVerifyUs) / 1000.0 + paymentCodeMs();
        }

        /** Of one payment with a payment code alone (one channel call). */
        double paymentCodeMs() {
            return (nativeRsa ? rsaSignNativeUs + rsaVerifyNativeUs : rsaSignUs + rsaVerifyUs) / 1000.0;
        }

        Map<String, Double> table() {
            Map<String, Double> t = new LinkedHashMap<>();
            t.put("SM2 sign of an insurance request envelope (canonical JSON + SM3withSM2)", sm2SignEnvelopeUs);
            t.put("SM2 verify of an insurance answer envelope", sm2VerifyEnvelopeUs);
            t.put("RSA-2048 sign of a channel request (SHA256withRSA), JDK" + (nativeRsa ? "" : " (the gateway's)"), rsaSignUs);
            t.put("RSA-2048 verify of a channel answer, JDK" + (nativeRsa ? "" : " (the gateway's)"), rsaVerifyUs);
            t.put("RSA-2048 sign, native provider" + (nativeRsa ? " (the gateway's)" : ""), rsaSignNativeUs);
            t.put("RSA-2048 verify, native provider" + (nativeRsa ? " (the gateway's)" : ""), rsaVerifyNativeUs);
            t.put("SM2 verify of the aggregated code", codeVerifyUs);
            return t;
        }
    }

    private CryptoFloor() {}

    static Costs measure(Duration perOperation, boolean gatewayNativeRsa) {
        ObjectNode request = insuranceRequest();
        ObjectNode answer = Envelope.sign(insuranceAnswer(), org.hospay.code.DemoKeys.platformKeyPair(org.hospay.code.DemoKeys.CURRENT).getPrivate());
        var hospitalKey = DemoOnlyHospitalSm2Key.privateKey();
        var platformPublic = org.hospay.code.DemoKeys.platformKeyPair(org.hospay.code.DemoKeys.CURRENT).getPublic();
        RsaSigner merchant = new RsaSigner(DemoKeys.wechatMerchant().privateKey());
        RsaVerifier platform = new RsaVerifier(DemoKeys.wechatPlatform().publicKey());
        byte[] chargeRequest = ("POST\n/v3/pay/transactions/codepay\n1764000000\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\n"
                + "{\"appid\":\"wxdemo0000000001\",\"mchid\":\"1900000109\",\"description\":\"医院缴费 LT0123456789ABCDEF01234567\","
                + "\"out_trade_no\":\"P0123456789abcdef0123456789abcde\",\"payer\":{\"auth_code\":\"134567890123456789\"},"
                + "\"amount\":{\"total\":3350,\"currency\":\"CNY\"},\"scene_info\":{\"store_info\":{\"out_id\":\"H37020200001\"}}}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] chargeAnswer = ("1764000000\nDEMONONCE0123456789abcdef\n{\"appid\":\"wxdemo0000000001\",\"mchid\":\"1900000109\","
                + "\"out_trade_no\":\"P0123456789abcdef0123456789abcde\",\"transaction_id\":\"4200000000202611240000000001\","
                + "\"trade_type\":\"MICROPAY\",\"trade_state\":\"SUCCESS\",\"trade_state_desc\":\"支付成功\",\"bank_type\":\"OTHERS\","
                + "\"success_time\":\"2026-11-24T09:00:00+08:00\",\"payer\":{\"openid\":\"oSIM000000000000000000000001\"},"
                + "\"amount\":{\"total\":3350,\"payer_total\":3350,\"currency\":\"CNY\",\"payer_currency\":\"CNY\"}}\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] chargeSignature = new RsaSigner(DemoKeys.wechatPlatform().privateKey()).sign(chargeAnswer);
        var issuer = new AggregatedCodeIssuer(org.hospay.code.DemoKeys.CURRENT,
                org.hospay.code.DemoKeys.platformKeyPair(org.hospay.code.DemoKeys.CURRENT).getPrivate(), Clock.systemUTC());
        String raw = issuer.issue("370200", "EV0123456789ABCDEF", PayChannel.WECHAT, "134567890123456789", Duration.ofHours(1));
        var verifier = new AggregatedCodeVerifier(org.hospay.code.DemoKeys.platformPublicKeys(), Clock.systemUTC());
        var code = (ScannedCode.SignedCode) new ScannedCodeParser(Pattern.compile("^H\\d{10}$"), Clock.systemUTC()).parse(raw);

        // The native provider, measured beside the JDK's without installing it in this JVM.
        double nativeSign = Double.NaN;
        double nativeVerify = Double.NaN;
        try {
            java.security.Provider accp = com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE;
            com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA", accp);
            signer.initSign(DemoKeys.wechatMerchant().privateKey());
            java.security.Signature checker = java.security.Signature.getInstance("SHA256withRSA", accp);
            checker.initVerify(DemoKeys.wechatPlatform().publicKey());
            nativeSign = time(perOperation, () -> rsa(() -> { signer.update(chargeRequest); return signer.sign().length == 256; }));
            nativeVerify = time(perOperation, () -> rsa(() -> { checker.update(chargeAnswer); return checker.verify(chargeSignature); }));
        } catch (Throwable e) { // no native library here: the table says n/a
            System.err.println("loadtest: native crypto provider not measured: " + e);
        }
        return new Costs(
                time(perOperation, () -> Envelope.sign(request.deepCopy(), hospitalKey).has("cainfo")),
                time(perOperation, () -> Envelope.verify(answer, platformPublic)),
                time(perOperation, () -> merchant.sign(chargeRequest).length == 256),
                time(perOperation, () -> platform.verify(chargeAnswer, chargeSignature)),
                time(perOperation, () -> verifier.verify(code) != null),
                nativeSign, nativeVerify, gatewayNativeRsa && !Double.isNaN(nativeSign));
    }

    private interface SignatureCall {
        boolean call() throws java.security.GeneralSecurityException;
    }

    private static boolean rsa(SignatureCall c) {
        try {
            return c.call();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Mean microseconds of this thread's CPU time per call, after a warm-up of the same length. CPU
     * time, not wall time: on a shared machine another process preempting us must not count as crypto.
     * A call that answers false is a broken measurement.
     */
    private static double time(Duration d, BooleanSupplier op) {
        run(d, op);
        long[] n = run(d, op);
        return n[1] / 1000.0 / n[0];
    }

    private static long[] run(Duration d, BooleanSupplier op) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        long end = System.nanoTime() + d.toNanos();
        long n = 0;
        do {
            if (!op.getAsBoolean()) throw new IllegalStateException("a crypto operation of the baseline failed");
            n++;
        } while (System.nanoTime() < end);
        return new long[] {n, threads.getCurrentThreadCpuTime() - cpuStart};
    }

    /** A 2206 pre-settlement request as the adapter builds it: the envelope with its input. */
    private static ObjectNode insuranceRequest() {
        ObjectNode env = Envelope.JSON.createObjectNode()
                .put("infno", "2206").put("msgid", "H37020200001202611240900000001").put("mdtrtarea_admvs", "370202")
                .put("insuplc_admdvs", "370200").put("recer_sys_code", "MDY32").put("dev_no", "").put("dev_safe_info", "")
                .put("infver", "V1.0").put("opter_type", "1").put("opter", "HOSPAY").put("opter_name", "hospay gateway")
                .put("inf_time", "2026-11-24 09:00:00").put("fixmedins_code", DemoOnlyHospitalSm2Key.FIXMEDINS_CODE)
                .put("fixmedins_name", "青岛市口腔医院(演示)").put("sign_no", "");
        ObjectNode data = env.putObject("input").putObject("data");
        data.put("psn_no", "37000000000000000001").put("mdtrt_cert_type", "01").put("mdtrt_cert_no", "EV0123456789ABCDEF")
                .put("med_type", "11").put("medfee_sumamt", "53.50").put("psn_setlway", "01").put("mdtrt_id", "M370200000000000001")
                .put("chrg_bchno", "V0123456789abcdef0123456789abc").put("insutype", "310").put("acct_used_flag", "1");
        return env;
    }

    /** A 2206 answer with its settlement figures, as the platform signs it. */
    private static ObjectNode insuranceAnswer() {
        ObjectNode env = Envelope.JSON.createObjectNode().put("infcode", 0).put("inf_refmsgid", "370200202611240900000000001")
                .put("refmsg_time", "20261124090000000").put("respond_time", "20261124090000020").put("err_msg", "");
        ObjectNode setl = env.putObject("output").putObject("setlinfo");
        for (String f : new String[] {"mdtrt_id", "psn_no", "psn_name", "psn_cert_type", "certno", "gend", "naty", "brdy", "age",
                "insutype", "psn_type", "cvlserv_flag", "setl_time", "mdtrt_cert_type", "med_type", "medfee_sumamt", "fulamt_ownpay_amt",
                "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt", "act_pay_dedc", "hifp_pay", "pool_prop_selfpay", "cvlserv_pay",
                "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay", "fund_pay_sumamt", "psn_part_amt", "acct_pay",
                "psn_cash_pay", "hosp_part_amt", "balc", "acct_mulaid_pay", "medins_setl_id", "clr_optins", "clr_way", "clr_type"}) {
            setl.put(f, "0.00");
        }
        return env;
    }
}
