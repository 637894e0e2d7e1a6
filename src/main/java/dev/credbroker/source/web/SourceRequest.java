package dev.credbroker.source.web;

import dev.credbroker.crypto.Secret;
import dev.credbroker.source.SourceDefinition;

/** Body of {@code PUT /admin/v1/sources/{name}}. */
record SourceRequest(String type, String accessKeyId, Secret secretAccessKey, String profile, String mfaSerial,
		String region) {

	SourceDefinition toDefinition() {
		return new SourceDefinition(this.type, this.accessKeyId, this.secretAccessKey, this.profile, this.mfaSerial,
				this.region);
	}

}
