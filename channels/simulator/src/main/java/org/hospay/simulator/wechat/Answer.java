package org.hospay.simulator.wechat;

import tools.jackson.databind.node.ObjectNode;

/**
 * What the simulated WeChat Pay says to one request, and how it says it.
 *
 * @param status   HTTP status
 * @param json     the body ("" for none)
 * @param delivery SIGNED (normal), UNSIGNED (a bare 500 from in front of WeChat), NEVER (processed, never answered)
 * @param delayMs  extra delay before answering (the SLOW wallet), on a timer
 */
record Answer(int status, String json, Delivery delivery, long delayMs) {

    enum Delivery { SIGNED, UNSIGNED, NEVER }

    static Answer ok(ObjectNode body) {
        return new Answer(200, WechatPaySim.JSON.writeValueAsString(body), Delivery.SIGNED, 0);
    }

    static Answer of(int status, ObjectNode body) {
        return new Answer(status, WechatPaySim.JSON.writeValueAsString(body), Delivery.SIGNED, 0);
    }

    static Answer error(int status, String code, String message) {
        return of(status, WechatPaySim.JSON.createObjectNode().put("code", code).put("message", message));
    }

    static Answer never() {
        return new Answer(0, "", Delivery.NEVER, 0);
    }

    static Answer bare500() {
        return new Answer(500, "", Delivery.UNSIGNED, 0);
    }

    Answer after(long ms) {
        return new Answer(status, json, delivery, ms);
    }
}
