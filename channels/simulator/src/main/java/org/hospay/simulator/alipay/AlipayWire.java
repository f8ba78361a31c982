package org.hospay.simulator.alipay;

import java.nio.charset.Charset;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Alipay open platform on the wire, as the simulator reads Alipay's documentation (支付宝开放平台文档,
 * "自行实现签名" and "自行实现验签", "异步通知验签"), written without the adapter's code.
 *
 * <ul>
 *   <li>待签名字符串 of a request: every parameter except {@code sign}, with a non-empty value, sorted by
 *       parameter name in ascending ASCII order, written {@code name=value} and joined with {@code &},
 *       values as received (not URL-encoded). Signed RSA2 = SHA256withRSA, Base64.</li>
 *   <li>Asynchronous notification: the same, but {@code sign_type} is also left out.</li>
 *   <li>Answer: {@code {"<method, dots as underscores>_response":{…},"sign":"…"}}; the signature covers
 *       the response object's text exactly as it stands in the body.</li>
 * </ul>
 */
final class AlipayWire {

    // methods the simulated gateway knows
    static final String PAY = "alipay.trade.pay";
    static final String QUERY = "alipay.trade.query";
    static final String CANCEL = "alipay.trade.cancel";
    static final String REFUND = "alipay.trade.refund";
    static final String REFUND_QUERY = "alipay.trade.fastpay.refund.query";
    static final String AGREEMENT_QUERY = "alipay.user.agreement.query";
    static final String AGREEMENT_UNSIGN = "alipay.user.agreement.unsign";
    static final String BILL_URL = "alipay.data.dataservice.bill.downloadurl.query";

    // product codes
    static final String FACE_TO_FACE = "FACE_TO_FACE_PAYMENT";
    static final String WITHHOLDING = "GENERAL_WITHHOLDING";
    static final String WITHHOLDING_PERSONAL = "GENERAL_WITHHOLDING_P";

    static final String SIGN_TYPE = "RSA2";
    static final String CHARSET = "utf-8";
    static final String VERSION = "1.0";
    static final String ERROR_RESPONSE = "error_response";
    /** What a notification's receiver must answer, exactly, for Alipay to stop resending. */
    static final String ACK = "success";

    /** Alipay's times are Beijing wall-clock times without an offset. */
    static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** Decimals read as BigDecimal: yuan strings never pass through a double. */
    static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    // the bill download (对账单): a zip of GBK CSV files
    static final Charset GBK = Charset.forName("GBK");
    static final String DETAIL_SUFFIX = "_业务明细.csv";
    static final String BILL_HEADER = "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,"
            + "对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,"
            + "商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";

    private AlipayWire() {}

    /** 待签名字符串 of a request. */
    static String requestSignContent(Map<String, String> params) {
        return sortedPairs(params, Set.of("sign"));
    }

    /** 待签名字符串 of an asynchronous notification. */
    static String notificationSignContent(Map<String, String> params) {
        return sortedPairs(params, Set.of("sign", "sign_type"));
    }

    private static String sortedPairs(Map<String, String> params, Set<String> leftOut) {
        List<String> names = new ArrayList<>();
        for (var e : params.entrySet()) {
            if (!leftOut.contains(e.getKey()) && e.getValue() != null && !e.getValue().isEmpty()) names.add(e.getKey());
        }
        Collections.sort(names); // String order = UTF-16 code units = ASCII order for ASCII names
        StringBuilder b = new StringBuilder();
        for (String name : names) {
            if (b.length() > 0) b.append('&');
            b.append(name).append('=').append(params.get(name));
        }
        return b.toString();
    }

    static String responseKey(String method) {
        return method.replace('.', '_') + "_response";
    }

    static String answerBody(String responseKey, String content, String sign) {
        return "{\"" + responseKey + "\":" + content + ",\"sign\":" + JSON.writeValueAsString(sign) + "}";
    }

    static String format(Instant instant) {
        return LocalDateTime.ofInstant(instant, BEIJING).format(TIME);
    }

    static Instant parseTime(String text) {
        return LocalDateTime.parse(text, TIME).atZone(BEIJING).toInstant();
    }
}
