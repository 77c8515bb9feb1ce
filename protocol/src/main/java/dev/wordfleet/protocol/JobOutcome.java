package dev.wordfleet.protocol;

/**
 * A worker's report on one URL job: the page's word counts or the reason it failed.
 */
public sealed interface JobOutcome extends BatchEvent permits PageCounted, JobFailed {

	/** Position of the job in its batch, from 0; unique within the batch. */
	int jobId();

	/** URL the job fetched. */
	String url();

}
