/**
 * A whole fleet in one JVM: broker, aggregator, workers and producer as separate Spring contexts.
 */
@NullMarked
package dev.wordfleet.standalone.fleet;

import org.jspecify.annotations.NullMarked;
