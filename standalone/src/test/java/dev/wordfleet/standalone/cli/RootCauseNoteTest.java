package dev.wordfleet.standalone.cli;

import java.net.BindException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RootCauseNoteTest {

	@Test
	void deepestCauseIsNamed() {
		Exception ex = new IllegalStateException("Failed to start bean 'webServerStartStop'",
				new RuntimeException("Connector failed", new BindException("Address already in use")));

		assertThat(WordfleetCommand.rootCauseNote(ex))
			.isEqualTo(" (caused by BindException: Address already in use)");
	}

	@Test
	void exceptionWithoutCauseAddsNothing() {
		assertThat(WordfleetCommand.rootCauseNote(new IllegalStateException("stopped"))).isEmpty();
	}

	@Test
	void causeWithSameMessageAddsNothing() {
		Exception ex = new IllegalStateException("broker gone", new RuntimeException("broker gone"));

		assertThat(WordfleetCommand.rootCauseNote(ex)).isEmpty();
	}

}
