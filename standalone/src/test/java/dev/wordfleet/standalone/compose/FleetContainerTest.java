package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import dev.wordfleet.aggregator.batch.BatchProgress;
import dev.wordfleet.producer.batch.BatchOptions;
import dev.wordfleet.protocol.BatchStatus;
import dev.wordfleet.protocol.BatchSubmitted;
import dev.wordfleet.protocol.WordCount;
import dev.wordfleet.standalone.fleet.FleetOptions;
import dev.wordfleet.standalone.fleet.LocalFleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole fleet against the Kafka image that {@code docker-compose.yml} runs, started by Testcontainers. Without a
 * Docker engine the test is skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class FleetContainerTest {

	@Container
	static final KafkaContainer kafka = new KafkaContainer(brokerImage());

	/** Three pages whose words are known: apple 3, banana 2, cherry 3, date 1. */
	private static final Map<String, String> PAGES = Map.of(
			"/one", "<html><head><title>Fruit</title></head><body><p>Apple banana apple</p></body></html>",
			"/two", "<html><body><h1>Banana</h1><p>cherry</p></body></html>",
			"/three", "<html><body><p>apple cherry, cherry; date.</p><script>var kiwi = 1;</script></body></html>");

	private HttpServer server;

	@BeforeEach
	void startPageServer() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		PAGES.forEach((path, html) -> this.server.createContext(path, (exchange) -> {
			byte[] body = html.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}));
		this.server.start();
	}

	@AfterEach
	void stopPageServer() {
		this.server.stop(0);
	}

	@Test
	void fleetCountsPagesThroughBrokerImage() {
		FleetOptions options = new FleetOptions(kafka.getBootstrapServers(), null, 2, 4,
				Map.of("wordfleet.fetch.allow-private-networks", "true"));

		try (LocalFleet fleet = LocalFleet.start(options)) {
			BatchSubmitted batch = fleet.publisher().publish(urls(), BatchOptions.defaults(), null);
			await().atMost(Duration.ofSeconds(60))
				.until(() -> fleet.tracker().progress(batch.batchId()).map(BatchProgress::status),
						(status) -> status.equals(Optional.of(BatchStatus.COMPLETED)));

			BatchProgress progress = fleet.tracker().progress(batch.batchId()).orElseThrow();
			List<WordCount> words = fleet.tracker().words(batch.batchId(), 0).orElseThrow();
			assertThat(progress.done()).isEqualTo(3);
			assertThat(progress.failed()).isZero();
			assertThat(progress.totalWords()).isEqualTo(9);
			assertThat(words).containsExactly(new WordCount("apple", 3), new WordCount("cherry", 3),
					new WordCount("banana", 2), new WordCount("date", 1));
		}
	}

	private List<String> urls() {
		String base = "http://127.0.0.1:" + this.server.getAddress().getPort();
		return List.of(base + "/one", base + "/two", base + "/three");
	}

	/** Returns the broker image of the compose file, so that this test and the compose file cannot drift apart. */
	private static String brokerImage() {
		try {
			String image = ComposeFile.load(ComposeFileTest.COMPOSE_FILE).service("kafka").image();
			if (image == null) {
				throw new IllegalStateException("service kafka of " + ComposeFileTest.COMPOSE_FILE + " has no image");
			}
			return image;
		}
		catch (IOException ex) {
			throw new IllegalStateException("failed to read " + ComposeFileTest.COMPOSE_FILE, ex);
		}
	}

}
