/**
 * The worker's optional cache of counted pages across batches, revalidated with {@code ETag} and
 * {@code Last-Modified}.
 */
@NullMarked
package dev.wordfleet.worker.cache;

import org.jspecify.annotations.NullMarked;
