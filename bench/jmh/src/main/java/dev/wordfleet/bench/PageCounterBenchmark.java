package dev.wordfleet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import dev.wordfleet.worker.text.PageCounter;
import dev.wordfleet.worker.text.PageTextExtractor;

/**
 * Measures the worker's word policy on a folder of HTML pages held in memory: one operation reads every page once.
 * <p>
 * {@link #countPages()} is the whole policy, {@link PageCounter#count(byte[], String, String)}, as a worker runs it on
 * a fetched body whose {@code Content-Type} names no charset, so the page's {@code <meta>} gives it.
 * {@link #countPagesWithCharset()} runs it with the header that the corpus's nginx sends, which names UTF-8. {@link #extractText()} and {@link #countText()} split it into its two steps: jsoup's parsing and
 * text extraction, then the word splitting and the tally. Dividing the bytes of the pages by the time of one
 * operation gives the rate in bytes per second on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PageCounterBenchmark {

	/** Folder whose {@code .html} files, at any depth, are the pages. */
	@Param("/usr/share/doc/postgresql-doc-15/html")
	public String corpusDir;

	private final PageCounter counter = new PageCounter();

	private List<Page> pages = List.of();

	private List<String> texts = List.of();

	/**
	 * Reads every page into memory, in path order, and extracts its text once for {@link #countText()}.
	 * @throws IOException if the folder cannot be read
	 * @throws IllegalStateException if the folder contains no {@code .html} file
	 */
	@Setup
	public void readPages() throws IOException {
		Path root = Path.of(this.corpusDir);
		List<Path> files;
		try (Stream<Path> walk = Files.walk(root)) {
			files = walk.filter((path) -> path.getFileName().toString().endsWith(".html"))
				.filter(Files::isRegularFile)
				.sorted()
				.toList();
		}
		if (files.isEmpty()) {
			throw new IllegalStateException("no .html files in " + root);
		}
		List<Page> read = new ArrayList<>(files.size());
		for (Path file : files) {
			String url = "http://127.0.0.1:18080/" + root.relativize(file).toString().replace('\\', '/');
			read.add(new Page(url, readAllBytes(file)));
		}
		this.pages = List.copyOf(read);
		this.texts = this.pages.stream()
			.map((page) -> PageTextExtractor.extractText(page.body(), "text/html", page.url()))
			.toList();
	}

	/**
	 * Extracts and counts the words of every page.
	 * @return the number of words of all pages
	 */
	@Benchmark
	public long countPages() {
		return countAll("text/html");
	}

	/**
	 * Extracts and counts the words of every page, with a {@code Content-Type} that names the charset.
	 * @return the number of words of all pages
	 */
	@Benchmark
	public long countPagesWithCharset() {
		return countAll("text/html; charset=utf-8");
	}

	private long countAll(String contentType) {
		long words = 0;
		for (Page page : this.pages) {
			words += this.counter.count(page.body(), contentType, page.url()).totalWords();
		}
		return words;
	}

	/**
	 * Extracts the text of every page.
	 * @return the number of characters of all texts
	 */
	@Benchmark
	public long extractText() {
		long characters = 0;
		for (Page page : this.pages) {
			characters += PageTextExtractor.extractText(page.body(), "text/html", page.url()).length();
		}
		return characters;
	}

	/**
	 * Splits and counts the words of every page's text, extracted beforehand.
	 * @return the number of words of all texts
	 */
	@Benchmark
	public long countText() {
		long words = 0;
		for (String text : this.texts) {
			words += this.counter.countText(text).totalWords();
		}
		return words;
	}

	private static byte[] readAllBytes(Path file) {
		try {
			return Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	/**
	 * One page held in memory.
	 * @param url the URL that the corpus server gives the page, used as the base URI
	 * @param body the bytes of the page
	 */
	record Page(String url, byte[] body) {
	}

}
