/**
 * Cancelled batches: every worker reads every cancel and stops the batch's queued and in-flight jobs.
 */
@NullMarked
package dev.wordfleet.worker.cancel;

import org.jspecify.annotations.NullMarked;
