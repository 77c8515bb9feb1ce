/**
 * The aggregator role: merges page counts per batch and decides each batch's outcome.
 */
@NullMarked
package dev.wordfleet.aggregator;

import org.jspecify.annotations.NullMarked;
