package dev.wordfleet.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PageCountedTest {

	private static final UrlJob JOB = UrlJob.of("batch", 7, "https://example.com/");

	@Test
	void smallPageIsOnePart() {
		PageCounted page = PageCounted.of(JOB, Map.of("a", 1, "b", 2), 10, 3);

		assertThat(page.split(PageCounted.MAX_PART_BYTES)).containsExactly(page);
	}

	@Test
	void largePageSplitsWithoutLosingCounts() {
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 200_000; i++) {
			counts.put("distinct" + i, 1 + (i % 5));
		}
		PageCounted page = PageCounted.of(JOB, counts, 5_000_000, 600_000);

		List<PageCounted> parts = page.split(PageCounted.MAX_PART_BYTES);

		assertThat(parts).hasSizeGreaterThan(1);
		Map<String, Integer> merged = new HashMap<>();
		for (int i = 0; i < parts.size(); i++) {
			PageCounted part = parts.get(i);
			assertThat(part.part()).isEqualTo(i);
			assertThat(part.parts()).isEqualTo(parts.size());
			assertThat(part.pageWords()).isEqualTo(600_000);
			assertThat(Json.mapper().writeValueAsBytes(part).length).isLessThan(TopicConfiguration.MAX_MESSAGE_BYTES);
			part.counts().forEach((word, count) -> assertThat(merged.put(word, count)).isNull());
		}
		assertThat(merged).isEqualTo(counts);
	}

	@Test
	void partOutsideRangeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PageCounted(1, "batch", 0,
				"https://example.com/", Map.of(), 0, 0, 2, 2, 1));
	}

	@Test
	void copiesBelowOneAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new PageCounted(1, "batch", 0,
				"https://example.com/", Map.of(), 0, 0, 0, 1, 0));
	}

	@Test
	void partsKeepTheJobsCopies() {
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < 1000; i++) {
			counts.put("word" + i, i + 1);
		}
		PageCounted page = PageCounted.of(UrlJob.of("batch", 3, "https://example.com/", 4), counts, 10, 500_500);
		assertThat(page.split(4096)).hasSizeGreaterThan(1).allSatisfy((part) -> assertThat(part.copies()).isEqualTo(4));
	}

}
