package org.hospay.gateway.nfc;

/**
 * docs/api.md §8.3 {@code POST /api/v1/nfc/taps}. {@code tagUid}: the chip's UID as hex (8-20 digits, colons
 * allowed). {@code payload}: what the tag or phone handed over, if anything: the phone's insurance
 * e-voucher or aggregated code (host card emulation), or a hospital card's number.
 */
record TapRequest(String readerId, String windowId, String tagUid, String payload) {}
