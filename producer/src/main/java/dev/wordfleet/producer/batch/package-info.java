/**
 * Reading, validating and publishing batches of URLs.
 */
@NullMarked
package dev.wordfleet.producer.batch;

import org.jspecify.annotations.NullMarked;
