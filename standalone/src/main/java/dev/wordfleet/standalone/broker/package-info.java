/**
 * A single-node Kafka broker (KRaft, combined broker and controller) that runs inside the wordfleet process, so that
 * {@code wordfleet run} needs no Kafka installation and {@code wordfleet broker} can serve a fleet of processes.
 */
@NullMarked
package dev.wordfleet.standalone.broker;

import org.jspecify.annotations.NullMarked;
