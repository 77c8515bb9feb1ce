package dev.wordfleet.standalone.compose;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of a Dockerfile, split into its build stages. Comment lines are dropped and lines that end with
 * a backslash are joined with the next, as Docker reads them. Heredocs and escape directives are not supported.
 *
 * @param stages the instructions of each stage, each starting with its {@code FROM}
 */
record Dockerfile(List<List<Instruction>> stages) {

	/**
	 * Reads a Dockerfile.
	 * @throws IllegalArgumentException if an instruction comes before the first {@code FROM}, other than
	 * {@code ARG}
	 */
	static Dockerfile load(Path file) throws IOException {
		List<List<Instruction>> stages = new ArrayList<>();
		for (Instruction instruction : instructions(Files.readAllLines(file))) {
			if (instruction.keyword().equals("FROM")) {
				stages.add(new ArrayList<>());
			}
			else if (stages.isEmpty()) {
				if (!instruction.keyword().equals("ARG")) {
					throw new IllegalArgumentException(file + ": " + instruction.keyword() + " before the first FROM");
				}
				continue;
			}
			stages.getLast().add(instruction);
		}
		return new Dockerfile(stages.stream().map(List::copyOf).toList());
	}

	private static List<Instruction> instructions(List<String> lines) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : lines) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				current.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			current.append(trimmed);
			instructions.add(Instruction.parse(current.toString()));
			current.setLength(0);
		}
		if (!current.isEmpty()) {
			instructions.add(Instruction.parse(current.toString()));
		}
		return instructions;
	}

	/** Returns the instructions of the last stage, the one that becomes the image. */
	List<Instruction> runtimeStage() {
		return this.stages.getLast();
	}

	/** Returns the arguments of every instruction of the last stage with this keyword, in order. */
	List<String> runtime(String keyword) {
		return runtimeStage().stream()
			.filter((instruction) -> instruction.keyword().equals(keyword))
			.map(Instruction::arguments)
			.toList();
	}

	/**
	 * One instruction.
	 *
	 * @param keyword the instruction's keyword in upper case, such as {@code RUN}
	 * @param arguments the rest of the instruction, continuation lines joined with spaces
	 */
	record Instruction(String keyword, String arguments) {

		static Instruction parse(String text) {
			String[] parts = text.strip().split("\\s+", 2);
			return new Instruction(parts[0].toUpperCase(Locale.ROOT), (parts.length > 1) ? parts[1] : "");
		}

	}

}
