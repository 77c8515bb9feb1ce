/**
 * The producer role: accepts batches of URLs and publishes them as jobs.
 */
@NullMarked
package dev.wordfleet.producer;

import org.jspecify.annotations.NullMarked;
