/**
 * JMH benchmarks of the worker's word policy.
 */
@NullMarked
package dev.wordfleet.bench;

import org.jspecify.annotations.NullMarked;
