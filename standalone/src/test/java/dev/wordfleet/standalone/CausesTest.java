package dev.wordfleet.standalone;

import java.net.BindException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.PortInUseException;

import static org.assertj.core.api.Assertions.assertThat;

class CausesTest {

	@Test
	void portInUseIsFoundAmongCauses() {
		Exception ex = new IllegalStateException("Failed to start bean 'webServerStartStop'",
				new PortInUseException(8082));

		assertThat(Causes.find(ex, PortInUseException.class)).isNotNull()
			.satisfies((portInUse) -> assertThat(portInUse.getPort()).isEqualTo(8082));
		assertThat(Causes.find(new IllegalStateException("other"), PortInUseException.class)).isNull();
	}

	@Test
	void exceptionItselfIsFound() {
		BindException bind = new BindException("Address already in use");

		assertThat(Causes.find(bind, BindException.class)).isSameAs(bind);
	}

	@Test
	void loopingChainEnds() {
		IllegalStateException first = new IllegalStateException("first");
		IllegalStateException second = new IllegalStateException("second", first);
		first.initCause(second);

		assertThat(Causes.find(first, BindException.class)).isNull();
	}

}
