package dev.wordfleet.standalone.compose;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Interpolation of compose file values, as Compose does it with the variables of the shell and the {@code .env}
 * file.
 */
class ComposeInterpolationTest {

	private static final Map<String, String> VARIABLES = Map.of("SET", "value", "EMPTY", "");

	@Test
	void bracedVariableReplaced() {
		assertThat(ComposeFile.interpolate("a ${SET} b", VARIABLES)).isEqualTo("a value b");
	}

	@Test
	void plainVariableReplaced() {
		assertThat(ComposeFile.interpolate("$SET/x", VARIABLES)).isEqualTo("value/x");
	}

	@Test
	void unsetVariableBecomesEmpty() {
		assertThat(ComposeFile.interpolate("[${UNSET}]", VARIABLES)).isEqualTo("[]");
	}

	@Test
	void colonDefaultReplacesUnsetAndEmpty() {
		assertThat(ComposeFile.interpolate("${UNSET:-10MB}", VARIABLES)).isEqualTo("10MB");
		assertThat(ComposeFile.interpolate("${EMPTY:-10MB}", VARIABLES)).isEqualTo("10MB");
		assertThat(ComposeFile.interpolate("${SET:-10MB}", VARIABLES)).isEqualTo("value");
	}

	@Test
	void dashDefaultReplacesUnsetOnly() {
		assertThat(ComposeFile.interpolate("${UNSET-80,443}", VARIABLES)).isEqualTo("80,443");
		assertThat(ComposeFile.interpolate("${EMPTY-80,443}", VARIABLES)).isEmpty();
	}

	@Test
	void emptyDefaultAllowed() {
		assertThat(ComposeFile.interpolate("${UNSET:-}", VARIABLES)).isEmpty();
	}

	@Test
	void doubleDollarIsLiteral() {
		assertThat(ComposeFile.interpolate("cost $$5 and $${SET}", VARIABLES)).isEqualTo("cost $5 and ${SET}");
	}

	@Test
	void requiredVariableMissingRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.interpolate("${UNSET:?set it}", VARIABLES))
			.withMessage("UNSET is required by \"${UNSET:?set it}\": set it");
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.interpolate("${EMPTY:?set it}", VARIABLES));
	}

	@Test
	void requiredVariableSetReplaced() {
		assertThat(ComposeFile.interpolate("${SET:?set it}", VARIABLES)).isEqualTo("value");
		assertThat(ComposeFile.interpolate("${EMPTY?set it}", VARIABLES)).isEmpty();
	}

	@Test
	void unclosedBraceRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.interpolate("${SET", VARIABLES))
			.withMessage("unclosed ${ in \"${SET\"");
	}

	@Test
	void loneDollarRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.interpolate("5 $ each", VARIABLES))
			.withMessageStartingWith("invalid interpolation at position 2");
	}

	@Test
	void nestedDefaultRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ComposeFile.interpolate("${UNSET:-${SET}}", VARIABLES))
			.withMessageContaining("nested interpolation");
	}

	@Test
	void alternativeValueRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> ComposeFile.interpolate("${SET:+x}", VARIABLES))
			.withMessageStartingWith("unsupported interpolation ${SET:+x}");
	}

}
