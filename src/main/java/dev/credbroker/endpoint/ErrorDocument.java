package dev.credbroker.endpoint;

import java.io.ByteArrayOutputStream;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * The error body of the container endpoint, with both casings because Java and Go read
 * {@code code}/{@code message} and JS reads {@code Code}/{@code Message}.
 */
public final class ErrorDocument {

	private static final JsonFactory JSON = new JsonFactory();

	private ErrorDocument() {
	}

	public static byte[] render(String code, String message) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeStringProperty("code", code);
			json.writeStringProperty("message", message);
			json.writeStringProperty("Code", code);
			json.writeStringProperty("Message", message);
			json.writeEndObject();
		}
		return out.toByteArray();
	}

}
