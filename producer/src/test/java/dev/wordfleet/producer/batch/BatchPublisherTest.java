package dev.wordfleet.producer.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.SendResult;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import dev.wordfleet.protocol.BatchEvent;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;
import dev.wordfleet.protocol.UrlJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@EmbeddedKafka(partitions = 3,
		topics = { "publisher-test.jobs", "publisher-test.batch-events", "publisher-test.submissions" })
class BatchPublisherTest {

	private static final TopicProperties TOPICS = new TopicProperties("publisher-test.", 3, 3, null);

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final List<String> URLS = List.of("https://example.com/a", "https://example.com/b",
			"https://example.com/a", "http://example.org/c", "https://example.net/d");

	private static String brokers;

	private static DefaultKafkaProducerFactory<String, Object> transactionalFactory;

	private static BatchPublisher publisher;

	@BeforeAll
	static void startPublisher(EmbeddedKafkaBroker broker) {
		brokers = broker.getBrokersAsString();
		transactionalFactory = producerFactory("publisher-test-");
		publisher = new BatchPublisher(new KafkaTemplate<>(transactionalFactory), TOPICS, Clock.fixed(NOW,
				ZoneOffset.UTC));
	}

	@AfterAll
	static void closeProducers() {
		transactionalFactory.destroy();
	}

	private static DefaultKafkaProducerFactory<String, Object> producerFactory(@Nullable String transactionIdPrefix) {
		DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers), new StringSerializer(),
				Json.valueSerializer());
		if (transactionIdPrefix != null) {
			factory.setTransactionIdPrefix(transactionIdPrefix);
		}
		return factory;
	}

	private static List<ConsumerRecord<String, byte[]>> committed(String topic, String batchId) {
		return TopicReader.readToEnd(brokers, topic, IsolationLevel.READ_COMMITTED)
			.stream()
			.filter((record) -> record.key().equals(batchId) || record.key().startsWith(batchId + "/"))
			.toList();
	}

	private static List<ConsumerRecord<String, byte[]>> committedJobs(String batchId) {
		List<ConsumerRecord<String, byte[]>> jobs = new ArrayList<>(committed(TOPICS.jobs(), batchId));
		jobs.sort(Comparator.comparingInt((record) -> readJob(record).jobId()));
		return jobs;
	}

	private static UrlJob readJob(ConsumerRecord<String, byte[]> record) {
		return Json.mapper().readValue(record.value(), UrlJob.class);
	}

	private static BatchEvent readEvent(ConsumerRecord<String, byte[]> record) {
		return Json.mapper().readValue(record.value(), BatchEvent.class);
	}

	@Test
	void publishesOneManifestPerBatch() {
		BatchSubmitted manifest = publisher.publish(URLS, BatchOptions.defaults(), null);

		List<ConsumerRecord<String, byte[]>> events = committed(TOPICS.batchEvents(), manifest.batchId());

		assertThat(events).hasSize(1);
		assertThat(events.getFirst().key()).isEqualTo(manifest.batchId());
		assertThat(readEvent(events.getFirst())).isEqualTo(manifest);
	}

	@Test
	void jobsSpreadEvenlyOverPartitions() {
		List<String> urls = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			urls.add("https://example.com/even/" + i);
		}

		BatchSubmitted manifest = publisher.publish(urls, BatchOptions.defaults(), null);

		Map<Integer, Long> perPartition = committed(TOPICS.jobs(), manifest.batchId()).stream()
			.collect(java.util.stream.Collectors.groupingBy(ConsumerRecord::partition,
					java.util.stream.Collectors.counting()));
		assertThat(perPartition.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
		assertThat(perPartition.values()).allSatisfy((count) -> assertThat(count)
			.isBetween(30L / TOPICS.jobsPartitions(), 30L / TOPICS.jobsPartitions() + 1));
	}

	@Test
	void manifestCountsOneJobPerDistinctUrl() {
		BatchSubmitted manifest = publisher.publish(URLS, BatchOptions.defaults(), null);

		assertThat(manifest.urlCount()).isEqualTo(4);
	}

	@Test
	void manifestCarriesOptionsAndTimes() {
		BatchSubmitted manifest = publisher.publish(URLS, new BatchOptions(2, Duration.ofMinutes(10)), "batch-opts");

		assertThat(manifest.batchId()).isEqualTo("batch-opts");
		assertThat(manifest.maxFailures()).isEqualTo(2);
		assertThat(manifest.submittedAt()).isEqualTo(NOW);
		assertThat(manifest.deadline()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
	}

	@Test
	void manifestWithoutDeadlineHasNone() {
		BatchSubmitted manifest = publisher.publish(URLS, BatchOptions.defaults(), null);

		assertThat(manifest.deadline()).isNull();
	}

	@Test
	void publishesOneJobPerDistinctUrlInOrderOfFirstListing() {
		BatchSubmitted manifest = publisher.publish(URLS, BatchOptions.defaults(), null);

		List<UrlJob> jobs = committedJobs(manifest.batchId()).stream().map(BatchPublisherTest::readJob).toList();

		assertThat(jobs).extracting(UrlJob::jobId).containsExactly(0, 1, 2, 3);
		assertThat(jobs).extracting(UrlJob::url).containsExactly("https://example.com/a", "https://example.com/b",
				"http://example.org/c", "https://example.net/d");
		assertThat(jobs).extracting(UrlJob::copies).containsExactly(2, 1, 1, 1);
		assertThat(jobs).extracting(UrlJob::batchId).containsOnly(manifest.batchId());
	}

	@Test
	void equivalentUrlsBecomeOneJob() {
		List<String> urls = List.of("https://Example.COM/page#intro", "HTTPS://example.com:443/page",
				"https://example.com/page", "https://example.com/Page", "https://example.com:8443/page");
		BatchSubmitted manifest = publisher.publish(urls, BatchOptions.defaults(), null);

		List<UrlJob> jobs = committedJobs(manifest.batchId()).stream().map(BatchPublisherTest::readJob).toList();

		assertThat(jobs).extracting(UrlJob::url).containsExactly("https://Example.COM/page#intro",
				"https://example.com/Page", "https://example.com:8443/page");
		assertThat(jobs).extracting(UrlJob::copies).containsExactly(3, 1, 1);
	}

	@Test
	void keysJobsByBatchAndJobId() {
		BatchSubmitted manifest = publisher.publish(URLS, BatchOptions.defaults(), null);
		String id = manifest.batchId();

		List<ConsumerRecord<String, byte[]>> jobs = committedJobs(id);

		assertThat(jobs).extracting(ConsumerRecord::key)
			.containsExactly(id + "/0", id + "/1", id + "/2", id + "/3");
	}

	@Test
	void rejectsEmptyUrlList() {
		assertThatExceptionOfType(InvalidUrlListException.class)
			.isThrownBy(() -> publisher.publish(List.of(), BatchOptions.defaults(), null));
	}

	@Test
	void rejectsNonTransactionalTemplate() {
		DefaultKafkaProducerFactory<String, Object> plain = producerFactory(null);
		try {
			KafkaTemplate<String, Object> template = new KafkaTemplate<>(plain);

			assertThatIllegalArgumentException()
				.isThrownBy(() -> new BatchPublisher(template, TOPICS, Clock.systemUTC()))
				.withMessageContaining("spring.kafka.producer.transaction-id-prefix");
		}
		finally {
			plain.destroy();
		}
	}

	@Test
	void abortedBatchStaysInvisible() {
		DefaultKafkaProducerFactory<String, Object> factory = producerFactory("publisher-abort-test-");
		try {
			// The sends are the manifest, the submission record and the jobs, so the fourth is the second job.
			BatchPublisher failing = new BatchPublisher(new FailingTemplate(factory, 4), TOPICS, Clock.systemUTC());

			assertThatExceptionOfType(IllegalStateException.class)
				.isThrownBy(() -> failing.publish(URLS, BatchOptions.defaults(), "batch-aborted"))
				.withMessage("send 4 failed on purpose");
		}
		finally {
			factory.destroy();
		}

		List<ConsumerRecord<String, byte[]>> written = TopicReader
			.readToEnd(brokers, TOPICS.jobs(), IsolationLevel.READ_UNCOMMITTED)
			.stream()
			.filter((record) -> record.key().startsWith("batch-aborted/"))
			.toList();
		assertThat(written).as("aborted jobs in the log").hasSize(2);
		assertThat(committed(TOPICS.jobs(), "batch-aborted")).isEmpty();
		assertThat(committed(TOPICS.batchEvents(), "batch-aborted")).isEmpty();
		assertThat(committed(TOPICS.submissions(), "batch-aborted")).isEmpty();
	}

	/**
	 * A template whose n-th send fails after the broker has acknowledged it and every send before it, so the
	 * transaction that aborts has written records for the abort to hide.
	 */
	private static final class FailingTemplate extends KafkaTemplate<String, Object> {

		private final int failingSend;

		private final List<CompletableFuture<SendResult<String, Object>>> sends = new ArrayList<>();

		FailingTemplate(ProducerFactory<String, Object> factory, int failingSend) {
			super(factory);
			this.failingSend = failingSend;
		}

		@Override
		public CompletableFuture<SendResult<String, Object>> send(String topic, String key, Object data) {
			return record(super.send(topic, key, data));
		}

		@Override
		public CompletableFuture<SendResult<String, Object>> send(String topic, Integer partition, String key,
				Object data) {
			return record(super.send(topic, partition, key, data));
		}

		private CompletableFuture<SendResult<String, Object>> record(CompletableFuture<SendResult<String, Object>> send) {
			this.sends.add(send);
			if (this.sends.size() == this.failingSend) {
				awaitSends();
				throw new IllegalStateException("send " + this.failingSend + " failed on purpose");
			}
			return send;
		}

		private void awaitSends() {
			try {
				CompletableFuture.allOf(this.sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while waiting for sends", ex);
			}
			catch (ExecutionException | TimeoutException ex) {
				throw new IllegalStateException("sends before the failing one did not complete", ex);
			}
		}

	}

}
