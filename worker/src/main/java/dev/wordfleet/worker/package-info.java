/**
 * The worker role: fetches the pages of URL jobs, counts their words and publishes the counts.
 */
@NullMarked
package dev.wordfleet.worker;

import org.jspecify.annotations.NullMarked;
