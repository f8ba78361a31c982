package org.hospay.simulator.insurance;

/**
 * Hospital specialty as far as the pooling rules care: at psychiatric, infectious-disease, dental
 * and eye hospitals a patient need not be signed to a community clinic (docs/architecture.md §1).
 */
public enum HospitalType { GENERAL, PSYCHIATRIC, INFECTIOUS, DENTAL, EYE }
