package org.hospay.simulator.kit;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hospay.channels.ChargeRequest;
import org.hospay.channels.CodePayment;
import org.hospay.channels.DeclineCodes;
import org.hospay.channels.Money;
import org.hospay.channels.Outcome;
import org.hospay.channels.RefundRequest;
import org.hospay.channels.Refunds;
import org.hospay.channels.alipay.AlipayAdapter;
import org.hospay.channels.alipay.AlipayConfig;
import org.hospay.channels.insurance.HttpInsurancePlatform;
import org.hospay.channels.insurance.InsuranceConfig;
import org.hospay.channels.insurance.InsurancePlatform;
import org.hospay.channels.insurance.InsurancePlatform.CertType;
import org.hospay.channels.unionpay.UnionPayAdapter;
import org.hospay.channels.unionpay.UnionPayConfig;
import org.hospay.channels.wechat.WechatPayAdapter;
import org.hospay.channels.wechat.WechatPayConfig;
import org.hospay.code.DemoKeys;
import reactor.core.publisher.Mono;

/**
 * The channel contract kit (issue 18): the same scenarios against any base URL — the simulator by default,
 * a vendor's sandbox when a hospital points it there — and a report, per channel, of which operations
 * answered as the vendor's specification says.
 *
 * <p>Two kinds of scenario, none of which needs the simulator's test endpoints, so they run against a
 * sandbox as they are:
 * <ul>
 *   <li>through the adapter (the hospital's signing, the vendor's answer checked and mapped): an order
 *       the vendor never saw is not found; a payment code it never issued is refused; a refund of an
 *       unknown order is refused; for the insurance platform, 1101 of an unknown ID number is refused.
 *       An adapter answers Declined only when the answer was signed as specified, verified and read;
 *       a misread signature or field ends as Unknown and fails the check.</li>
 *   <li>raw HTTP (the vendor's side of the signature): a request with a broken signature must be refused
 *       the way the specification says (WeChat Pay 401, Alipay {@code isv.invalid-signature}, UnionPay
 *       respCode 11, insurance {@code infcode -1}).</li>
 * </ul>
 *
 * <p>Run: {@code ContractKitIT} (the simulator, in the build), or against a running simulator or sandbox
 * with {@code -Dcontract.baseUrl=…} (all channels) and {@code -Dcontract.<channel>.baseUrl=…} (one channel,
 * e.g. {@code contract.wechat.baseUrl}); see channels/README.md "Contract kit". The adapters are built
 * with the DEMO credentials by {@link #demoTargets}; against a sandbox, build them from the sandbox
 * credentials instead and call {@link #run(List)}.
 */
public final class ContractKit {

    /** One operation of one channel: what the specification says, what was seen, and whether they agree. */
    public record Check(String channel, String operation, String expected, String observed, boolean passed) {}

    /** One channel's scenarios. */
    public interface Target {
        String channel();

        List<Check> run();
    }

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ContractKit() {}

    public static List<Check> run(List<Target> targets) {
        List<Check> all = new ArrayList<>();
        for (Target t : targets) {
            try {
                all.addAll(t.run());
            } catch (RuntimeException e) {
                all.add(new Check(t.channel(), "(all)", "runs", "failed: " + e, false));
            }
        }
        return all;
    }

    /** The four vendor channels with the DEMO credentials, each at {@code baseUrl.apply(channel)}. */
    public static List<Target> demoTargets(java.util.function.Function<String, URI> baseUrl) {
        return List.of(
                codePayment("WECHAT", baseUrl.apply("WECHAT"),
                        () -> new WechatPayAdapter(WechatPayConfig.demo(baseUrl.apply("WECHAT")), Clock.systemUTC()),
                        ContractKit::wechatBrokenSignature),
                codePayment("ALIPAY", baseUrl.apply("ALIPAY"),
                        () -> new AlipayAdapter(AlipayConfig.demo(baseUrl.apply("ALIPAY")), Clock.systemUTC()),
                        ContractKit::alipayBrokenSignature),
                codePayment("UNIONPAY", baseUrl.apply("UNIONPAY"),
                        () -> new UnionPayAdapter(UnionPayConfig.demo(baseUrl.apply("UNIONPAY")), Clock.systemUTC()),
                        ContractKit::unionpayBrokenSignature),
                insurance(baseUrl.apply("INSURANCE"), () -> new HttpInsurancePlatform(
                        InsuranceConfig.demo(baseUrl.apply("INSURANCE"), DemoKeys.platformKeyPair(DemoKeys.CURRENT).getPublic()),
                        Clock.systemUTC())));
    }

    // ------------------------------------------------------------------ payment-code channels

    public static <A extends CodePayment & Refunds> Target codePayment(String channel, URI baseUrl, Supplier<A> adapter,
                                                                        java.util.function.Function<URI, Check> brokenSignature) {
        return new Target() {
            @Override
            public String channel() {
                return channel;
            }

            @Override
            public List<Check> run() {
                A a = adapter.get();
                List<Check> checks = new ArrayList<>();
                checks.add(declined(channel, "query of an order the vendor never saw", DeclineCodes.ORDER_NOT_FOUND,
                        a.query(orderNo())));
                checks.add(declined(channel, "charge with a payment code the vendor never issued", null,
                        a.charge(new ChargeRequest(orderNo(), "134567890123456789", Money.ofFen(1), "contract kit", "kit-01"))));
                String order = orderNo();
                checks.add(declined(channel, "refund of an order the vendor never saw", null,
                        a.refund(new RefundRequest(order, order + "R1", Money.ofFen(1), Money.ofFen(1)))));
                checks.add(brokenSignature.apply(baseUrl));
                return checks;
            }
        };
    }

    // ------------------------------------------------------------------ insurance

    public static Target insurance(URI baseUrl, Supplier<InsurancePlatform> platform) {
        return new Target() {
            @Override
            public String channel() {
                return "INSURANCE";
            }

            @Override
            public List<Check> run() {
                InsurancePlatform p = platform.get();
                return List.of(
                        declined("INSURANCE", "1101 of an ID number the platform does not know", null,
                                p.personInfo(CertType.ID_NUMBER, "370202190001010000", "合同测试")),
                        insuranceBrokenSignature(baseUrl));
            }
        };
    }

    // ------------------------------------------------------------------ checks

    /** A Declined outcome (with {@code code} when given) is what the specification's refusal maps to. */
    static Check declined(String channel, String operation, String code, Mono<? extends Outcome<?>> call) {
        String expected = code == null ? "refused (Declined)" : "refused as " + code;
        Outcome<?> o;
        try {
            o = call.block(WAIT);
        } catch (RuntimeException e) {
            return new Check(channel, operation, expected, "error: " + e.getMessage(), false);
        }
        boolean passed = o instanceof Outcome.Declined<?> d && (code == null || code.equals(d.code()));
        return new Check(channel, operation, expected, String.valueOf(o), passed);
    }

    static Check wechatBrokenSignature(URI base) {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        String auth = "WECHATPAY2-SHA256-RSA2048 mchid=\"" + org.hospay.channels.demo.DemoKeys.WECHAT_MCHID + "\",nonce_str=\"KIT"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "\",timestamp=\"" + ts + "\",serial_no=\""
                + org.hospay.channels.demo.DemoKeys.WECHAT_MERCHANT_SERIAL + "\",signature=\"AAAA\"";
        return http("WECHAT", "request with a broken signature (签名验证)", "HTTP 401", () -> HttpRequest.newBuilder(
                        base.resolve("/v3/pay/transactions/codepay"))
                .header("Authorization", auth).header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), r -> r.statusCode() == 401);
    }

    static Check alipayBrokenSignature(URI base) {
        String ts = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        Map<String, String> form = Map.of("app_id", org.hospay.channels.demo.DemoKeys.ALIPAY_APP_ID, "method", "alipay.trade.query",
                "format", "JSON", "charset", "utf-8", "sign_type", "RSA2", "timestamp", ts, "version", "1.0",
                "biz_content", "{\"out_trade_no\":\"" + orderNo() + "\"}", "sign", "AAAA");
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http("ALIPAY", "request with a broken signature (验签)", "sub_code isv.invalid-signature", () -> HttpRequest.newBuilder(
                        base.resolve("/gateway.do"))
                .header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), r -> r.body().contains("isv.invalid-signature"));
    }

    static Check unionpayBrokenSignature(URI base) {
        String body = "{\"serProvId\":\"" + org.hospay.channels.demo.DemoKeys.UNIONPAY_SER_PROV_ID + "\",\"merId\":\""
                + org.hospay.channels.demo.DemoKeys.UNIONPAY_MER_ID + "\",\"orderNo\":\"" + orderNo() + "\",\"signature\":\"AAAA\"}";
        return http("UNIONPAY", "request with a broken signature (验签)", "respCode 11", () -> HttpRequest.newBuilder(
                        base.resolve("/gateway/api/pay/queryOrder"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                r -> r.body().replace(" ", "").contains("\"respCode\":\"11\""));
    }

    static Check insuranceBrokenSignature(URI base) {
        String body = "{\"infno\":\"1101\",\"msgid\":\"H37020200001" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
                .format(LocalDateTime.now(ZoneId.of("Asia/Shanghai"))) + "9999\",\"fixmedins_code\":\"H37020200001\","
                + "\"signtype\":\"SM2\",\"cainfo\":\"AAAA\",\"input\":{\"data\":{}}}";
        return http("INSURANCE", "request with a broken cainfo", "infcode -1", () -> HttpRequest.newBuilder(
                        base.resolve(InsuranceConfig.DEFAULT_SERVICE_PATH))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                r -> r.body().replace(" ", "").contains("\"infcode\":-1"));
    }

    private static Check http(String channel, String operation, String expected, Supplier<HttpRequest> request,
                              java.util.function.Predicate<HttpResponse<String>> asSpecified) {
        try {
            HttpResponse<String> r = HTTP.send(request.get(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String seen = "HTTP " + r.statusCode() + " " + r.body().substring(0, Math.min(160, r.body().length()));
            return new Check(channel, operation, expected, seen, asSpecified.test(r));
        } catch (Exception e) {
            return new Check(channel, operation, expected, "error: " + e, false);
        }
    }

    private static String orderNo() {
        return "KIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
    }

    // ------------------------------------------------------------------ report and main

    /** A Markdown table per channel: operation, what the specification says, what was seen, verdict. */
    public static String report(List<Check> checks) {
        StringBuilder b = new StringBuilder("# Channel contract kit\n");
        checks.stream().collect(Collectors.groupingBy(Check::channel, java.util.LinkedHashMap::new, Collectors.toList()))
                .forEach((channel, list) -> {
                    long ok = list.stream().filter(Check::passed).count();
                    b.append("\n## ").append(channel).append(": ").append(ok).append('/').append(list.size()).append(" as specified\n\n")
                            .append("| Operation | Specification | Observed | |\n|---|---|---|---|\n");
                    for (Check c : list) {
                        b.append("| ").append(c.operation()).append(" | ").append(c.expected()).append(" | ")
                                .append(c.observed().replace("|", "\\|").replace("\n", " ")).append(" | ")
                                .append(c.passed() ? "ok" : "**NOT as specified**").append(" |\n");
                    }
                });
        return b.toString();
    }

    /**
     * {@code -Dcontract.baseUrl} (default {@code http://127.0.0.1:9090}, a running simulator),
     * {@code -Dcontract.<channel>.baseUrl} per channel, {@code -Dcontract.report=<file>} to write the report
     * there too. Exit status 1 when any operation did not answer as specified.
     */
    public static void main(String[] args) throws Exception {
        String all = System.getProperty("contract.baseUrl", "http://127.0.0.1:9090");
        List<Check> checks = run(demoTargets(channel ->
                URI.create(System.getProperty("contract." + channel.toLowerCase(java.util.Locale.ROOT) + ".baseUrl", all))));
        String report = report(checks);
        System.out.println(report);
        String file = System.getProperty("contract.report");
        if (file != null) Files.writeString(Path.of(file), report);
        if (checks.stream().anyMatch(c -> !c.passed())) System.exit(1);
    }
}
