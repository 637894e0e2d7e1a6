package dev.credbroker.source.web;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.credbroker.source.SourceMaintenance.KeyRotation;

/**
 * The answer to a key rotation: the new masked key id, the old one, and whether the old
 * one was deleted.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record KeyRotationView(String name, String accessKeyId, String previousAccessKeyId, boolean previousKeyDeleted,
		String warning) {

	static KeyRotationView of(KeyRotation rotation) {
		return new KeyRotationView(rotation.source().name(), rotation.source().maskedAccessKeyId(),
				rotation.previousAccessKeyId(), rotation.previousKeyDeleted(), rotation.warning());
	}

}
