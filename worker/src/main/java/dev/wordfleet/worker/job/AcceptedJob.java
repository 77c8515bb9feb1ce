package dev.wordfleet.worker.job;

import org.apache.kafka.common.TopicPartition;

import dev.wordfleet.protocol.UrlJob;

/**
 * A job read from Kafka and waiting for, or holding, a fetch slot.
 *
 * @param job the job
 * @param partition partition the job was read from
 * @param offset offset of the job's record
 */
record AcceptedJob(UrlJob job, TopicPartition partition, long offset) {

	String batchId() {
		return this.job.batchId();
	}

}
