package dev.wordfleet.worker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the worker role, bound from {@code wordfleet.worker.*}.
 *
 * @param concurrency maximum number of fetches in flight per worker, whatever the partition count or poll size
 * @param instances number of workers in this process; each is its own consumer group member with its own fetch
 * slots
 * @param groupId consumer group of the workers
 * @param publishTimeout longest wait for the broker to store a job's outcome; a job whose outcome was not stored is
 * fetched again later
 * @param warmUp whether the worker runs a few hundred jobs against a page server of its own on loopback before it
 * joins its group. The JIT has then compiled the code of a job before the first batch arrives.
 */
@ConfigurationProperties("wordfleet.worker")
public record WorkerProperties(@DefaultValue("16") int concurrency, @DefaultValue("1") int instances,
		@DefaultValue("wordfleet-workers") String groupId, @DefaultValue("60s") Duration publishTimeout,
		@DefaultValue("true") boolean warmUp) {

	public WorkerProperties {
		if (concurrency < 1) {
			throw new IllegalArgumentException("wordfleet.worker.concurrency must be 1 or more, but was " + concurrency);
		}
		if (instances < 1) {
			throw new IllegalArgumentException("wordfleet.worker.instances must be 1 or more, but was " + instances);
		}
	}

}
