package dev.credbroker.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A JSON request body built field by field, so a test table can say "the valid body, but
 * with this field changed". {@code with(field, null)} writes an explicit JSON null;
 * {@link #without(String)} removes the field.
 */
public final class JsonBody {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ObjectNode node;

	private JsonBody(ObjectNode node) {
		this.node = node;
	}

	/**
	 * A body from alternating field names and values (strings, numbers, booleans, lists,
	 * maps, JSON nodes).
	 */
	public static JsonBody of(Object... fieldsAndValues) {
		JsonBody body = new JsonBody(JSON.createObjectNode());
		for (int i = 0; i < fieldsAndValues.length; i += 2) {
			body.node.set((String) fieldsAndValues[i], JSON.valueToTree(fieldsAndValues[i + 1]));
		}
		return body;
	}

	/** A copy with {@code field} set to {@code value}. */
	public JsonBody with(String field, Object value) {
		JsonBody copy = new JsonBody(this.node.deepCopy());
		copy.node.set(field, JSON.valueToTree(value));
		return copy;
	}

	public JsonBody without(String field) {
		JsonBody copy = new JsonBody(this.node.deepCopy());
		copy.node.remove(field);
		return copy;
	}

	/** A value (map, list...) as the JSON tree an answer would be compared with. */
	public static JsonNode tree(Object value) {
		return JSON.valueToTree(value);
	}

	public static JsonNode parse(String json) {
		return JSON.readTree(json);
	}

	@Override
	public String toString() {
		return JSON.writeValueAsString(this.node);
	}

}
