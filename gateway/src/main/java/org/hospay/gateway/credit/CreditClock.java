package org.hospay.gateway.credit;

import java.time.Clock;

/**
 * The clock credit care's business dates are read from: the day a consumption belongs to, the 00:00 batch,
 * due dates, reminders, overdue. The gateway's {@link Clock}, held apart so a test can move days alone (moving
 * the whole gateway's clock would also move the timestamps counterparties check signatures against).
 */
public record CreditClock(Clock clock) {}
