package org.hospay.simulator.wire;

/**
 * The counterparties the simulator plays, by the names its {@code /sim/faults/{NAME}}, ledger and wallet
 * endpoints use. The simulator's own list (it shares no code with the adapters); the names are the
 * gateway's channel names, which is what a test addresses the simulator with.
 */
public enum Channel {
    WECHAT, ALIPAY, UNIONPAY, INSURANCE, BANK, COMMERCIAL, EHEALTH
}
