package dev.wordfleet.protocol;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import tools.jackson.core.JacksonException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JSON form of the messages: round trips through the Kafka serializer and deserializer, the {@code type} property
 * of batch events, and the rejection of messages that break the contract.
 */
class JsonTest {

	private static final String TOPIC = "wordfleet.test";

	private static final Instant SUBMITTED_AT = Instant.parse("2026-03-01T12:00:00Z");

	private static final UrlJob JOB = UrlJob.of("batch-1", 3, "https://example.com/a");

	private static final String VALID_JOB = """
			{"version": 1, "batchId": "batch-1", "jobId": 3, "url": "https://example.com/a", "copies": 1}""";

	@Test
	void urlJobRoundTrips() {
		assertThat(roundTrip(JOB, UrlJob.class)).isEqualTo(JOB);
	}

	@Test
	void cancelBatchRoundTrips() {
		CancelBatch cancel = CancelBatch.of("batch-1", "job 3 failed (HTTP_STATUS)");

		assertThat(roundTrip(cancel, CancelBatch.class)).isEqualTo(cancel);
	}

	@Test
	void batchResultRoundTrips() {
		BatchResult result = BatchResult.of("batch-1", BatchStatus.FAILED, 4, 2, 1, 7, 3, 512,
				List.of(new WordCount("the", 4), new WordCount("fleet", 2)),
				List.of(JobFailed.of(JOB, FailureKind.TIMEOUT, "timed out")), SUBMITTED_AT.plusSeconds(5));

		assertThat(roundTrip(result, BatchResult.class)).isEqualTo(result);
	}

	@Test
	void progressReportRoundTrips() {
		BatchProgressReport report = BatchProgressReport.of("batch-1", BatchStatus.RUNNING, null, 4, 2, 1, 7, 3, 512,
				1.5, SUBMITTED_AT.plusSeconds(2));

		assertThat(roundTrip(report, BatchProgressReport.class)).isEqualTo(report);
		assertThat(report.pagesPending()).isEqualTo(1);
	}

	@Test
	void progressReportWithWrongPendingIsRejected() {
		String json = """
				{"version": 1, "batchId": "batch-1", "status": "RUNNING", "reason": null, "urlCount": 4,
				 "pagesCounted": 2, "pagesFailed": 1, "pagesPending": 3, "totalWords": 7, "distinctWords": 3,
				 "pageBytes": 512, "pagesPerSecond": 1.5, "reportedAt": "2026-03-01T12:00:02Z"}""";

		assertThatThrownBy(() -> Json.mapper().readValue(json, BatchProgressReport.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("must add up to urlCount (4)");
	}

	@Test
	void batchSubmittedRoundTripsAsEvent() {
		BatchEvent manifest = BatchSubmitted.of("batch-1", 4, 1, SUBMITTED_AT.plusSeconds(600), SUBMITTED_AT);

		assertThat(roundTrip(manifest, BatchEvent.class)).isEqualTo(manifest);
	}

	@Test
	void manifestWithoutDeadlineRoundTrips() {
		BatchEvent manifest = BatchSubmitted.of("batch-1", 4, 0, null, SUBMITTED_AT);

		assertThat(roundTrip(manifest, BatchEvent.class)).isEqualTo(manifest);
	}

	@Test
	void pageCountedRoundTripsAsEvent() {
		BatchEvent page = PageCounted.of(JOB, Map.of("the", 2, "fleet", 1), 120, 3);

		assertThat(roundTrip(page, BatchEvent.class)).isEqualTo(page);
	}

	@Test
	void jobFailedRoundTripsAsEvent() {
		BatchEvent failure = JobFailed.of(JOB, FailureKind.HTTP_STATUS, "HTTP status 404");

		assertThat(roundTrip(failure, BatchEvent.class)).isEqualTo(failure);
	}

	@ParameterizedTest
	@MethodSource("eventTypes")
	void typePropertyNamesVariant(BatchEvent event, String type) {
		byte[] json = Json.<BatchEvent>serializer().serialize(TOPIC, event);

		assertThat(Json.mapper().readTree(json).get("type").asString()).isEqualTo(type);
	}

	static Stream<Arguments> eventTypes() {
		return Stream.of(Arguments.of(BatchSubmitted.of("batch-1", 1, 0, null, SUBMITTED_AT), "batch-submitted"),
				Arguments.of(PageCounted.of(JOB, Map.of(), 0, 0), "page-counted"),
				Arguments.of(JobFailed.of(JOB, FailureKind.TIMEOUT, "timed out"), "job-failed"));
	}

	@Test
	void eventWithoutTypeIsRejected() {
		String json = """
				{"version": 1, "batchId": "batch-1", "jobId": 3, "url": "https://example.com/a",
				 "reason": "TIMEOUT", "message": "timed out"}""";

		assertThatThrownBy(() -> Json.mapper().readValue(json, BatchEvent.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("missing type id property 'type'");
	}

	@Test
	void unknownPropertyIsIgnored() {
		String json = """
				{"version": 1, "batchId": "batch-1", "jobId": 3, "url": "https://example.com/a", "copies": 1, "priority": 5}""";

		assertThat(Json.mapper().readValue(json, UrlJob.class)).isEqualTo(JOB);
	}

	@Test
	void missingFieldIsRejected() {
		String json = """
				{"version": 1, "batchId": "batch-1", "url": "https://example.com/a", "copies": 1}""";

		assertThatThrownBy(() -> Json.mapper().readValue(json, UrlJob.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("Missing creator property 'jobId'");
	}

	@Test
	void missingNullableFieldIsRejected() {
		String json = """
				{"type": "batch-submitted", "version": 1, "batchId": "batch-1", "urlCount": 1, "maxFailures": 0,
				 "submittedAt": "2026-03-01T12:00:00Z"}""";

		assertThatThrownBy(() -> Json.mapper().readValue(json, BatchEvent.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("Missing creator property 'deadline'");
	}

	@Test
	void newerSchemaVersionIsRejected() {
		String json = VALID_JOB.replace("\"version\": 1", "\"version\": 2");

		assertThatThrownBy(() -> Json.mapper().readValue(json, UrlJob.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("unsupported schema version 2");
	}

	@Test
	void versionZeroIsRejected() {
		String json = VALID_JOB.replace("\"version\": 1", "\"version\": 0");

		assertThatThrownBy(() -> Json.mapper().readValue(json, UrlJob.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("unsupported schema version 0");
	}

	@Test
	void blankBatchIdIsRejected() {
		String json = VALID_JOB.replace("\"batch-1\"", "\"  \"");

		assertThatThrownBy(() -> Json.mapper().readValue(json, UrlJob.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("batchId is blank");
	}

	@Test
	void negativeJobIdIsRejected() {
		String json = VALID_JOB.replace("\"jobId\": 3", "\"jobId\": -1");

		assertThatThrownBy(() -> Json.mapper().readValue(json, UrlJob.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("jobId must be zero or more, but was -1");
	}

	@Test
	void nullUrlIsRejected() {
		String json = VALID_JOB.replace("\"https://example.com/a\"", "null");

		assertThatThrownBy(() -> Json.mapper().readValue(json, UrlJob.class))
			.isInstanceOf(JacksonException.class)
			.hasMessageContaining("url is missing");
	}

	@Test
	void deserializerReturnsNullOnInvalidRecord() {
		byte[] invalid = VALID_JOB.replace("\"batch-1\"", "\"\"").getBytes(StandardCharsets.UTF_8);
		RecordHeaders headers = new RecordHeaders();

		try (Deserializer<UrlJob> deserializer = Json.deserializer(UrlJob.class)) {
			assertThat(deserializer.deserialize(TOPIC, headers, invalid)).isNull();
		}

		Header header = headers.lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER);
		assertThat(header).isNotNull();
		DeserializationException failure = SerializationUtils
			.byteArrayToDeserializationException(new LogAccessor(JsonTest.class), header);
		assertThat(failure).isNotNull();
		assertThat(failure.getData()).isEqualTo(invalid);
		assertThat(failure).rootCause().hasMessageContaining("batchId is blank");
	}

	@Test
	void valueSerializerWritesBytesUnchanged() {
		byte[] original = "not json {".getBytes(StandardCharsets.UTF_8);

		try (Serializer<Object> serializer = Json.valueSerializer()) {
			assertThat(serializer.serialize(TOPIC, original)).isEqualTo(original);
		}
	}

	@Test
	void valueSerializerWritesMessagesAsJson() {
		try (Serializer<Object> serializer = Json.valueSerializer()) {
			byte[] json = serializer.serialize(TOPIC, JOB);

			assertThat(Json.mapper().readValue(json, UrlJob.class)).isEqualTo(JOB);
		}
	}

	private static <T> T roundTrip(T message, Class<T> type) {
		try (Serializer<T> serializer = Json.serializer(); Deserializer<T> deserializer = Json.deserializer(type)) {
			byte[] json = serializer.serialize(TOPIC, message);
			return deserializer.deserialize(TOPIC, json);
		}
	}

}
