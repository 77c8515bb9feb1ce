/**
 * The message contract between the producer, the workers and the aggregator: message records, topic names and
 * their JSON form on Kafka.
 */
@NullMarked
package dev.wordfleet.protocol;

import org.jspecify.annotations.NullMarked;
