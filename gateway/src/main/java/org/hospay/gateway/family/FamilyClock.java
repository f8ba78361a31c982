package org.hospay.gateway.family;

import java.time.Clock;

/**
 * The clock family proxy's business rules read: the calendar day and month limits are counted in and
 * WeChat's 07:00–22:00 deduction hours. It is the gateway's {@link Clock}, held apart so a test can move
 * it alone: moving the whole gateway's clock would also move the timestamps the channels check request
 * signatures against.
 */
public record FamilyClock(Clock clock) {}
