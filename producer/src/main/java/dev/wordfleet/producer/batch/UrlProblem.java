package dev.wordfleet.producer.batch;

/**
 * An invalid entry of a submitted URL list.
 *
 * @param position line number (from 1) of a text list, or entry number (from 1) of a JSON array
 * @param value the entry as submitted, shortened when very long
 * @param reason what is wrong with it
 */
public record UrlProblem(int position, String value, String reason) {

}
