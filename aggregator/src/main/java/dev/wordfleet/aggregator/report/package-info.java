/**
 * Writing word counts as a table, TSV, CSV or JSON.
 */
@NullMarked
package dev.wordfleet.aggregator.report;

import org.jspecify.annotations.NullMarked;
