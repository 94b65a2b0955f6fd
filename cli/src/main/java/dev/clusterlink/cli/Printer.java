package dev.clusterlink.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Writes answers as {@code human} (tables and "key: value" lines), {@code json} or
 * {@code yaml}. JSON and YAML are the API's own shapes, unchanged.
 */
class Printer {

	enum Format {

		human, json, yaml

	}

	private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private static final YAMLMapper YAML = YAMLMapper.builder()
		.disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
		.enable(YAMLWriteFeature.MINIMIZE_QUOTES)
		.build();

	private final PrintWriter out;

	private final Format format;

	Printer(PrintWriter out, Format format) {
		this.out = out;
		this.format = format;
	}

	Format format() {
		return this.format;
	}

	boolean human() {
		return this.format == Format.human;
	}

	PrintWriter out() {
		return this.out;
	}

	/** One object: the API's shape for json and yaml, "key: value" lines for humans. */
	void object(JsonNode node) {
		if (!human()) {
			structured(node);
			return;
		}
		lines(node, "");
		this.out.flush();
	}

	/**
	 * A list: a table for humans with the given columns ({@code "HEADER=path.to.field"}),
	 * the list itself for json and yaml.
	 */
	void table(JsonNode items, String... columns) {
		if (!human()) {
			structured(items);
			return;
		}
		List<String[]> rows = new ArrayList<>();
		String[] header = new String[columns.length];
		for (int i = 0; i < columns.length; i++) {
			header[i] = columns[i].substring(0, columns[i].indexOf('='));
		}
		rows.add(header);
		for (JsonNode item : items) {
			String[] row = new String[columns.length];
			for (int i = 0; i < columns.length; i++) {
				row[i] = scalar(at(item, columns[i].substring(columns[i].indexOf('=') + 1)));
			}
			rows.add(row);
		}
		int[] widths = new int[columns.length];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		for (String[] row : rows) {
			StringBuilder line = new StringBuilder();
			for (int i = 0; i < row.length; i++) {
				line.append((i < row.length - 1) ? String.format("%-" + widths[i] + "s  ", row[i]) : row[i]);
			}
			this.out.println(line.toString().stripTrailing());
		}
		if (items.isEmpty()) {
			this.out.println("(none)");
		}
		this.out.flush();
	}

	/** A line for humans only (json and yaml stay parseable). */
	void note(String line) {
		if (human()) {
			this.out.println(line);
			this.out.flush();
		}
	}

	void structured(Object value) {
		if (this.format == Format.yaml) {
			this.out.print(YAML.writeValueAsString(value));
		}
		else {
			this.out.println(PRETTY.writeValueAsString(value));
		}
		this.out.flush();
	}

	static JsonNode at(JsonNode node, String path) {
		JsonNode current = node;
		for (String part : path.split("\\.")) {
			current = current.path(part);
		}
		return current;
	}

	static String scalar(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return "-";
		}
		if (node.isValueNode()) {
			return node.asString();
		}
		if (node.isArray()) {
			List<String> parts = new ArrayList<>();
			node.forEach((item) -> parts.add(scalar(item)));
			return String.join(",", parts);
		}
		return node.toString();
	}

	private void lines(JsonNode node, String indent) {
		for (Map.Entry<String, JsonNode> entry : node.properties()) {
			JsonNode value = entry.getValue();
			if (value.isObject() && !value.isEmpty()) {
				this.out.println(indent + entry.getKey() + ":");
				lines(value, indent + "  ");
			}
			else if (value.isArray() && value.size() > 0 && value.get(0).isObject()) {
				this.out.println(indent + entry.getKey() + ":");
				for (JsonNode item : value) {
					this.out.println(indent + "  -");
					lines(item, indent + "    ");
				}
			}
			else {
				this.out.println(indent + entry.getKey() + ": " + scalar(value));
			}
		}
	}

}
