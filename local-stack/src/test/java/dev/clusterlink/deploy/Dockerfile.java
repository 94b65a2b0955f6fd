package dev.clusterlink.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instructions of a Dockerfile, enough to check what its final stage runs:
 * continuation lines joined, comments dropped, {@code ARG} defaults substituted.
 *
 * @param instructions every instruction in order
 */
record Dockerfile(List<Instruction> instructions) {

	static Dockerfile parse(Path file) {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder pending = new StringBuilder();
		for (String line : Repo.read(file).split("\n")) {
			String trimmed = line.strip();
			if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
				continue;
			}
			if (trimmed.endsWith("\\")) {
				pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
				continue;
			}
			pending.append(trimmed);
			String instruction = pending.toString().strip();
			pending.setLength(0);
			if (!instruction.isEmpty()) {
				String[] parts = instruction.split("\\s+", 2);
				instructions.add(new Instruction(parts[0].toUpperCase(), (parts.length > 1) ? parts[1] : ""));
			}
		}
		return new Dockerfile(substituteArguments(instructions));
	}

	private static List<Instruction> substituteArguments(List<Instruction> instructions) {
		Map<String, String> arguments = new LinkedHashMap<>();
		List<Instruction> substituted = new ArrayList<>();
		for (Instruction instruction : instructions) {
			String value = instruction.value();
			for (Map.Entry<String, String> argument : arguments.entrySet()) {
				value = value.replace("${" + argument.getKey() + "}", argument.getValue())
					.replace("$" + argument.getKey(), argument.getValue());
			}
			if (instruction.keyword().equals("ARG") && value.contains("=")) {
				String[] nameAndDefault = value.split("=", 2);
				arguments.put(nameAndDefault[0].strip(), nameAndDefault[1].strip());
			}
			substituted.add(new Instruction(instruction.keyword(), value));
		}
		return substituted;
	}

	/**
	 * The image a target of a multi-stage Dockerfile makes ({@code docker build --target
	 * name}): the instructions of that stage, after those of the stages it builds
	 * {@code FROM}, with one FROM only, that of the base image.
	 */
	Dockerfile target(String name) {
		List<Instruction> chain = new ArrayList<>();
		String stage = name;
		while (stage != null) {
			int from = stageStart(stage);
			if (from < 0) {
				if (!chain.isEmpty() || !stage.equals(name)) {
					break;
				}
				throw new IllegalArgumentException("no stage " + name);
			}
			int end = from + 1;
			while (end < this.instructions.size() && !this.instructions.get(end).keyword().equals("FROM")) {
				end++;
			}
			String base = this.instructions.get(from).value().split("\\s+")[0];
			List<Instruction> body = new ArrayList<>(this.instructions.subList(from + 1, end));
			if (stageStart(base) >= 0) {
				chain.addAll(0, body);
				stage = base;
			}
			else {
				chain.addAll(0, body);
				chain.add(0, this.instructions.get(from));
				stage = null;
			}
		}
		return new Dockerfile(chain);
	}

	private int stageStart(String stage) {
		for (int i = 0; i < this.instructions.size(); i++) {
			Instruction instruction = this.instructions.get(i);
			String[] parts = instruction.value().split("\\s+");
			if (instruction.keyword().equals("FROM") && parts.length == 3 && parts[1].equalsIgnoreCase("AS")
					&& parts[2].equals(stage)) {
				return i;
			}
		}
		return -1;
	}

	/** The instructions of the stage that makes the image: from the last FROM on. */
	List<Instruction> finalStage() {
		int from = 0;
		for (int i = 0; i < this.instructions.size(); i++) {
			if (this.instructions.get(i).keyword().equals("FROM")) {
				from = i;
			}
		}
		return this.instructions.subList(from, this.instructions.size());
	}

	/** The base image of the final stage. */
	String baseImage() {
		return finalStage().get(0).value().split("\\s+")[0];
	}

	List<String> finalStage(String keyword) {
		return finalStage().stream().filter((i) -> i.keyword().equals(keyword)).map(Instruction::value).toList();
	}

	List<String> all(String keyword) {
		return this.instructions.stream().filter((i) -> i.keyword().equals(keyword)).map(Instruction::value).toList();
	}

	/** The last value of an instruction in the final stage, or null. */
	@Nullable String last(String keyword) {
		List<String> values = finalStage(keyword);
		return values.isEmpty() ? null : values.get(values.size() - 1);
	}

	/** The ENTRYPOINT of the image in exec form. */
	List<String> entrypoint() {
		String entrypoint = last("ENTRYPOINT");
		if (entrypoint == null || !entrypoint.startsWith("[")) {
			throw new IllegalStateException("no ENTRYPOINT in exec (JSON) form: " + entrypoint);
		}
		List<String> arguments = new ArrayList<>();
		for (Object argument : JsonMapper.shared().readValue(entrypoint, List.class)) {
			arguments.add(String.valueOf(argument));
		}
		return arguments;
	}

	record Instruction(String keyword, String value) {
	}

}
