package dev.wordfleet.producer.batch;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;

import dev.wordfleet.protocol.BatchSubmission;
import dev.wordfleet.protocol.Json;
import dev.wordfleet.protocol.TopicProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

@EmbeddedKafka(partitions = 1,
		topics = { "ledger-test.jobs", "ledger-test.batch-events", "ledger-test.submissions" })
class SubmissionLedgerTest {

	private static final TopicProperties TOPICS = new TopicProperties("ledger-test.", 1, 1, null);

	private static final List<String> URLS = List.of("https://example.com/a", "https://example.com/b");

	private static DefaultKafkaProducerFactory<String, Object> producers;

	private static DefaultKafkaConsumerFactory<Object, Object> consumers;

	private static BatchPublisher publisher;

	@BeforeAll
	static void createClients(EmbeddedKafkaBroker broker) {
		producers = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()), new StringSerializer(),
				Json.valueSerializer());
		producers.setTransactionIdPrefix("ledger-test-");
		publisher = new BatchPublisher(new KafkaTemplate<>(producers), TOPICS, Clock.systemUTC());
		consumers = new DefaultKafkaConsumerFactory<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
	}

	@AfterAll
	static void closeClients() {
		producers.destroy();
	}

	@Test
	void syncFindsEarlierSubmission() {
		BatchSubmission published = publisher.publishSubmission(URLS, BatchOptions.defaults(), "ledger-earlier");
		SubmissionLedger ledger = new SubmissionLedger(consumers, TOPICS.submissions());
		ledger.start();
		try {
			ledger.sync(Duration.ofSeconds(30));

			assertThat(ledger.find("ledger-earlier")).contains(published);
		}
		finally {
			ledger.stop();
		}
	}

	@Test
	void syncFindsSubmissionOfRunningLedger() {
		SubmissionLedger ledger = new SubmissionLedger(consumers, TOPICS.submissions());
		ledger.start();
		try {
			ledger.sync(Duration.ofSeconds(30));
			assertThat(ledger.find("ledger-later")).isEmpty();

			BatchSubmission published = publisher.publishSubmission(URLS, new BatchOptions(1, null), "ledger-later");
			ledger.sync(Duration.ofSeconds(30));

			assertThat(ledger.find("ledger-later")).contains(published);
		}
		finally {
			ledger.stop();
		}
	}

	@Test
	void unknownBatchIsNotFound() {
		SubmissionLedger ledger = new SubmissionLedger(consumers, TOPICS.submissions());
		ledger.start();
		try {
			ledger.sync(Duration.ofSeconds(30));

			assertThat(ledger.find("never-published")).isEmpty();
		}
		finally {
			ledger.stop();
		}
	}

	@Test
	void ledgerWaitsForTopicCreatedLater(EmbeddedKafkaBroker broker) {
		TopicProperties late = new TopicProperties("ledger-late.", 1, 1, null);
		// Without automatic topic creation, the broker lists no partitions of the topic until it is created.
		DefaultKafkaConsumerFactory<Object, Object> noAutoCreate = new DefaultKafkaConsumerFactory<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
						ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false));
		SubmissionLedger ledger = new SubmissionLedger(noAutoCreate, late.submissions());
		ledger.start();
		try {
			broker.addTopics(new NewTopic(late.submissions(), 1, (short) 1));
			BatchSubmission published = new BatchPublisher(new KafkaTemplate<>(producers), late, Clock.systemUTC())
				.publishSubmission(URLS, BatchOptions.defaults(), "ledger-late");

			// The commit's markers reach a new partition shortly after the commit returns, and only then does the
			// read-committed end offset cover the submission, so one sync may end before it.
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				ledger.sync(Duration.ofSeconds(30));
				return ledger.find("ledger-late").isPresent();
			});

			assertThat(ledger.isRunning()).isTrue();
			assertThat(ledger.find("ledger-late")).contains(published);
		}
		finally {
			ledger.stop();
		}
	}

	@Test
	void stoppedLedgerCannotSync() {
		SubmissionLedger ledger = new SubmissionLedger(consumers, TOPICS.submissions());

		assertThatExceptionOfType(SubmissionLedgerException.class)
			.isThrownBy(() -> ledger.sync(Duration.ofSeconds(1)))
			.withMessageContaining("ledger-test.submissions");
	}

}
