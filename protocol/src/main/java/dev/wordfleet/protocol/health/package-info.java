/**
 * Health of a role's connection to Kafka, for Spring Boot Actuator's readiness probe.
 */
@NullMarked
package dev.wordfleet.protocol.health;

import org.jspecify.annotations.NullMarked;
