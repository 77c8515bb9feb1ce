/**
 * Batch progress: merging page counts and failures exactly once, and the HTTP view of it.
 */
@NullMarked
package dev.wordfleet.aggregator.batch;

import org.jspecify.annotations.NullMarked;
