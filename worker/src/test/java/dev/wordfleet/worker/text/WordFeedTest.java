package dev.wordfleet.worker.text;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class WordFeedTest {

	/** Pieces of text whose words depend on the text next to them. */
	private static final String[] PIECES = { " ", "\t", "\n", "\r\n", "\f", "  ", "word", "Ünïcode", "e\u0301",
			"\u0301", "\u0308", "\u200D", "\u00AD", "\u200B", "\u00A0", "\u202F", "\u3000", "\uD83D\uDE00",
			"\uD83D\uDC4D\uD83C\uDFFD", "ภาษาไทยง่ายนิดเดียว", "日本語の文章です", "don’t", "3.14", "1,000", "e-mail",
			"U.S.A.", "foo_bar", "İ", "a", "'", ".", "," };

	private final WordSplitter splitter = new WordSplitter();

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 7, 64 })
	void chunkedTextGivesWordsOfWholeText(int chunkLength) {
		Random random = new Random(chunkLength);
		for (int text = 0; text < 300; text++) {
			StringBuilder whole = new StringBuilder();
			for (int piece = random.nextInt(80); piece >= 0; piece--) {
				whole.append(PIECES[random.nextInt(PIECES.length)]);
			}
			assertThat(feedInPieces(whole.toString(), chunkLength, random)).as("%s", whole)
				.isEqualTo(wholeCounts(whole.toString()));
		}
	}

	@Test
	void textIsCutAfterWhiteSpace() {
		WordTally tally = new WordTally();
		WordFeed feed = new WordFeed(this.splitter, tally, 4);
		feed.append("one two".toCharArray(), 0, 7);

		assertThat(tally.toPageWords().counts()).containsOnlyKeys("one");
	}

	@Test
	void textIsNotCutBeforeCombiningMark() {
		WordTally tally = new WordTally();
		WordFeed feed = new WordFeed(this.splitter, tally, 4);
		feed.append("one \u0301two".toCharArray(), 0, 8);

		assertThat(tally.toPageWords().totalWords()).isZero();
	}

	@Test
	void runWithoutWhiteSpaceIsHeldUntilFinished() {
		WordTally tally = new WordTally();
		WordFeed feed = new WordFeed(this.splitter, tally, 4);
		char[] run = "日本語の文章です".repeat(100).toCharArray();
		feed.append(run, 0, run.length);
		assertThat(tally.toPageWords().totalWords()).isZero();

		feed.finish();

		assertThat(tally.toPageWords()).isEqualTo(wholeCounts("日本語の文章です".repeat(100)));
	}

	@Test
	void discardAllForgetsCountedWords() {
		WordTally tally = new WordTally();
		WordFeed feed = new WordFeed(this.splitter, tally, 4);
		feed.append("one two three ".toCharArray(), 0, 14);
		feed.discardAll();
		feed.append('x');
		feed.finish();

		assertThat(tally.toPageWords().counts()).containsOnlyKeys("x");
	}

	private PageWords feedInPieces(String text, int chunkLength, Random random) {
		WordTally tally = new WordTally();
		WordFeed feed = new WordFeed(this.splitter, tally, chunkLength);
		int i = 0;
		while (i < text.length()) {
			if (random.nextBoolean()) {
				feed.append(text.charAt(i++));
			}
			else {
				int length = Math.min(text.length() - i, 1 + random.nextInt(9));
				feed.append(text.toCharArray(), i, length);
				i += length;
			}
		}
		feed.finish();
		return tally.toPageWords();
	}

	private PageWords wholeCounts(String text) {
		WordTally tally = new WordTally();
		this.splitter.split(text, tally);
		return tally.toPageWords();
	}

}
