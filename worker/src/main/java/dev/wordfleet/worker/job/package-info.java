/**
 * Running URL jobs: a bounded number of fetches in flight per worker, offsets committed in order, outcomes published.
 */
@NullMarked
package dev.wordfleet.worker.job;

import org.jspecify.annotations.NullMarked;
